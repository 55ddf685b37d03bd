"""job queue: procrastinate's tables and functions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

The schema is procrastinate's own (pinned by the installed version); a later procrastinate
upgrade adds its migration files from `procrastinate.schema.SchemaManager.get_migrations_path()`
as a new revision here.
"""

from collections.abc import Sequence

from alembic import op
from procrastinate.schema import SchemaManager

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(SchemaManager.get_schema())


def downgrade() -> None:
    op.execute(
        "DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers, "
        "procrastinate_jobs, procrastinate_workers CASCADE"
    )
