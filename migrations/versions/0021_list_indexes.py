"""Indexes for the paged lists: 流水明细 reads a case's statement rows in time order.

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-30 22:30:00

`(import_id, at, id)` serves the list's default order (and its page N) straight off the
index and replaces the single-column `import_id` index it starts with (the foreign key's
lookups still use it), so a 1,000,000-row import maintains no extra index.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_statement_rows_import_at", "statement_rows", ["import_id", "at", "id"], unique=False
    )
    op.drop_index("ix_statement_rows_import_id", table_name="statement_rows")


def downgrade() -> None:
    op.create_index("ix_statement_rows_import_id", "statement_rows", ["import_id"], unique=False)
    op.drop_index("ix_statement_rows_import_at", table_name="statement_rows")
