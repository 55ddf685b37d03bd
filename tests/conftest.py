"""Test infrastructure: one embedded PostgreSQL per run, a migrated template database, a fresh
database per test module cloned from it, and a rolled-back transaction per test."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator

import psycopg
import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from fanzha import migrate
from fanzha.app import create_app
from fanzha.db import (
    committing,
    libpq_url,
    new_engine,
    sqlalchemy_url,
    start_embedded_server,
    with_database,
)
from fanzha.demo import city as demo_city
from fanzha.web.deps import get_session, sessions_from
from tests.helpers import free_port

pytest_plugins = ("tests.logscan", "pytester")

TEMPLATE_DB = "fanzha_template"
DEMO_PASSWORD = demo_city.DEMO_PASSWORD


@pytest.fixture(scope="session")
def admin_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The embedded server for this run, in a throw-away data directory."""
    pgdata = tmp_path_factory.mktemp("postgres") / "pgdata"
    yield start_embedded_server(pgdata, keep_data=False)


def _create_database(admin: str, name: str, template: str | None = None) -> None:
    with psycopg.connect(libpq_url(admin), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.execute(f'CREATE DATABASE "{name}"{suffix}')


@pytest.fixture(scope="session")
def template_url(admin_url: str) -> str:
    """A database migrated to head once; every module's database is a copy of it."""
    _create_database(admin_url, TEMPLATE_DB)
    url = sqlalchemy_url(with_database(admin_url, TEMPLATE_DB))
    migrate.upgrade(url)
    return url


@pytest.fixture(scope="module")
def database_url(request: pytest.FixtureRequest, admin_url: str, template_url: str) -> str:
    name = "t_" + re.sub(r"\W", "_", request.module.__name__)[-55:]
    _create_database(admin_url, name, template=TEMPLATE_DB)
    return sqlalchemy_url(with_database(admin_url, name))


@pytest.fixture(scope="module")
def engine(database_url: str) -> Iterator[Engine]:
    engine = new_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def city(engine: Engine) -> demo_city.DemoCity:
    """The small demo city, committed once per module; tests change it only inside their own
    rolled-back transaction."""
    with Session(engine) as session:
        built = demo_city.build(session, seed=7, scale="small")
        session.commit()
    return built


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose commits are savepoints inside one transaction rolled back at the end."""
    connection = engine.connect()
    transaction = connection.begin()
    db = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    yield db
    db.close()
    transaction.rollback()
    connection.close()


@pytest.fixture
def app(session: Session):
    application = create_app()

    def test_session() -> Iterator[Session]:
        yield from committing(session)

    application.dependency_overrides[get_session] = test_session
    return application


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def live_server(engine: Engine, city) -> Iterator[str]:
    """The real app, committing for real into this module's own database."""
    app = create_app()
    factory = sessionmaker(bind=engine, expire_on_commit=False)

    app.dependency_overrides[get_session] = sessions_from(factory)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("live server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
