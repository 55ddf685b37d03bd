"""Alembic environment: the URL comes from the caller (fanzha.migrate) or the app settings."""

from alembic import context
from sqlalchemy import create_engine, pool

import fanzha.models  # noqa: F401  (registers every table on Base.metadata)
from fanzha.db import Base, resolve_database_url

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url") or resolve_database_url()
    connectable = config.attributes.get("connection")
    if connectable is not None:
        context.configure(
            connection=connectable, target_metadata=target_metadata, compare_type=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
