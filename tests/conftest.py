"""Test infrastructure: one embedded PostgreSQL per run, a migrated template database, a fresh
database per test module cloned from it, and a rolled-back transaction per test; a test that
must really commit gets a database of its own, cloned from a template holding the demo city."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from fanzha import migrate
from fanzha.app import create_app
from fanzha.config import get_settings
from fanzha.db import (
    committing,
    libpq_url,
    new_engine,
    sqlalchemy_url,
    start_embedded_server,
    with_database,
)
from fanzha.demo import city as demo_city
from fanzha.web.deps import get_session
from tests.helpers import serving
from tests.isolation import DetachedAuditWriter

pytest_plugins = ("tests.logscan", "pytester")

TEMPLATE_DB = "fanzha_template"
CITY_TEMPLATE_DB = "fanzha_city_template"
_own_databases = itertools.count(1)
DEMO_PASSWORD = demo_city.DEMO_PASSWORD


@pytest.fixture(scope="session")
def admin_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The embedded server for this run, in a throw-away data directory."""
    pgdata = tmp_path_factory.mktemp("postgres") / "pgdata"
    yield start_embedded_server(pgdata, keep_data=False)


@pytest.fixture(scope="session", autouse=True)
def _app_data_outside_the_checkout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A test that runs an app's lifespan makes the process resolve its own database, as a
    served one does: on the embedded default that starts a server in `var/pgdata`. In a run it
    goes to the run's temporary directory instead, never into the checkout's data."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FANZHA_PGDATA_DIR", str(tmp_path_factory.mktemp("app") / "pgdata"))
        get_settings.cache_clear()
        yield
    get_settings.cache_clear()


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


def _build_city(engine: Engine) -> demo_city.DemoCity:
    with Session(engine) as session:
        built = demo_city.build(session, seed=7, scale="small")
        session.commit()
    return built


@pytest.fixture(scope="module")
def city(engine: Engine) -> demo_city.DemoCity:
    """The small demo city, committed once per module; tests change it only inside their own
    rolled-back transaction."""
    return _build_city(engine)


@pytest.fixture(scope="session")
def city_template(admin_url: str, template_url: str) -> demo_city.DemoCity:
    """The same demo city, built once per run into a template for databases of a test's own."""
    _create_database(admin_url, CITY_TEMPLATE_DB, template=TEMPLATE_DB)
    engine = new_engine(sqlalchemy_url(with_database(admin_url, CITY_TEMPLATE_DB)))
    try:
        return _build_city(engine)
    finally:
        engine.dispose()  # a template takes no connections while it is copied


@pytest.fixture
def own_database_url(admin_url: str, city_template) -> str:
    """A database of this test's own holding the demo city, for a test that must really commit
    (job queue runs, concurrent transactions, a server process): nothing it commits reaches
    another test. Copying the template costs ~0.4 s; dropping it would cost 2 s more, so it
    goes with the run's throw-away server."""
    name = f"t_own_{next(_own_databases)}"
    _create_database(admin_url, name, template=CITY_TEMPLATE_DB)
    return sqlalchemy_url(with_database(admin_url, name))


@pytest.fixture
def own_engine(own_database_url: str) -> Iterator[Engine]:
    engine = new_engine(own_database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def blank_engine(admin_url: str, template_url: str) -> Iterator[Engine]:
    """A database of this test's own, migrated and empty (not even the demo city)."""
    name = f"t_own_{next(_own_databases)}"
    _create_database(admin_url, name, template=TEMPLATE_DB)
    engine = new_engine(sqlalchemy_url(with_database(admin_url, name)))
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose commits are savepoints inside one transaction rolled back at the end;
    audit entries that production writes in a transaction of their own join it too."""
    connection = engine.connect()
    transaction = connection.begin()
    db = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    DetachedAuditWriter(db, connection)
    yield db
    db.close()
    transaction.rollback()
    connection.close()


@pytest.fixture
def app(session: Session):
    application = create_app(warm_up=False)  # a server's start-up work, not a test's

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
    with serving(engine) as url:
        yield url


@pytest.fixture(scope="session")
def spark() -> Iterator:
    """One SparkSession for the whole run (starting one costs seconds), on local[2] as in CI.
    The tests' data is tiny: one shuffle partition (each partition is a task, each task costs
    milliseconds of scheduling per stage, and connected components run dozens of stages)."""
    pytest.importorskip("pyspark")
    from fanzha.analytics.spark import session

    spark = session("local[2]", shuffle_partitions=1, app_name="fanzha-tests")
    yield spark
    spark.stop()
