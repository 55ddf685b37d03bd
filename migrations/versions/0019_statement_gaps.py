"""流水不连续: the gaps a statement's running balance shows, kept on its import

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30 20:30:00

Each import lists where the balance before ± the amount is not the balance after (rows the
bank left out), so the officer can ask the bank again: [{account, after, before, missing_fen}].
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "statement_imports",
        sa.Column("gaps", postgresql.JSONB(), server_default="[]", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("statement_imports", "gaps")
