"""Alembic environment: the URL comes from the caller (fanzha.migrate) or the app settings."""

from alembic import context
from sqlalchemy import pool, text

import fanzha.models  # noqa: F401  (registers every table on Base.metadata)
from fanzha.db import Base, new_engine, resolve_database_url

config = context.config
# Held for the whole upgrade (one transaction): hosts started together run it one at a time,
# and the later ones then find the database at head and do nothing.
MIGRATION_LOCK = 0x46414E5A  # "FANZ"
target_metadata = Base.metadata


def include_name(name, type_, parent_names) -> bool:
    # procrastinate owns its tables (migration 0003); autogenerate must not try to drop them.
    return not (type_ == "table" and name and name.startswith("procrastinate_"))


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url") or resolve_database_url()
    # The bulk timeouts (the CLI's and the job worker's): a migration filling a column over
    # millions of rows is not a request and must not be cut at the request's 30 s.
    engine = new_engine(url, bulk=True, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            compare_type=True,
            include_name=include_name,
        )
        with context.begin_transaction():
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            context.run_migrations()


run_migrations_online()
