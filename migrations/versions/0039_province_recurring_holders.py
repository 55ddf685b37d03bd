"""Province findings: holders whose accounts recur across cases (the recurring job's
`recurring_holders` output), dropped with their run.

Revision ID: 0039
Revises: 0038
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0039"
down_revision = "0038"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "province_recurring_holders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "run_id",
            sa.Integer(),
            sa.ForeignKey("province_runs.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("holder_name", sa.String(200), nullable=False),
        sa.Column("holder_id_number", sa.String(40), nullable=False),
        sa.Column("account_count", sa.Integer(), nullable=False),
        sa.Column("case_count", sa.Integer(), nullable=False),
        sa.Column("city_count", sa.Integer(), nullable=False),
        sa.Column("accounts", postgresql.ARRAY(sa.String(64)), nullable=False),
        sa.Column("cities", postgresql.ARRAY(sa.String(20)), nullable=False),
        sa.Column("cases", postgresql.ARRAY(sa.String(64)), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("province_recurring_holders")
