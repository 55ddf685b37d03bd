"""Province findings: the Spark jobs' results as loaded by `fanzha analytics load` (one row per
run, keyed by its results directory; gangs' member cases, 快进快出 accounts, accounts recurring
across cases, KPI roll-ups), each dropped with its run.

Revision ID: 0037
Revises: 0036
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None


def _run_id() -> sa.Column:
    return sa.Column(
        "run_id",
        sa.Integer(),
        sa.ForeignKey("province_runs.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def upgrade() -> None:
    op.create_table(
        "province_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source", sa.String(1000), nullable=False, unique=True),
        sa.Column(
            "loaded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column("rows", postgresql.JSONB(), nullable=False),
    )
    op.create_table(
        "province_gang_cases",
        sa.Column("id", sa.Integer(), primary_key=True),
        _run_id(),
        sa.Column("gang", sa.BigInteger(), nullable=False, index=True),
        sa.Column("city", sa.String(20), nullable=False),
        sa.Column("case_id", sa.BigInteger(), nullable=False),
        sa.Column("case_no", sa.String(40), nullable=False),
        sa.Column("gang_cities", sa.Integer(), nullable=False),
    )
    op.create_table(
        "province_mules",
        sa.Column("id", sa.Integer(), primary_key=True),
        _run_id(),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("pass_days", sa.Integer(), nullable=False),
        sa.Column("through_fen", sa.BigInteger(), nullable=False),
        sa.Column("median_minutes", sa.Float(), nullable=False),
        sa.Column("cities", postgresql.ARRAY(sa.String(20)), nullable=False),
        sa.Column("city_count", sa.Integer(), nullable=False),
    )
    op.create_table(
        "province_recurring_accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        _run_id(),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("case_count", sa.Integer(), nullable=False),
        sa.Column("city_count", sa.Integer(), nullable=False),
        sa.Column("cities", postgresql.ARRAY(sa.String(20)), nullable=False),
        sa.Column("cases", postgresql.ARRAY(sa.String(64)), nullable=False),
        sa.Column("holder_name", sa.String(200), nullable=False),
        sa.Column("holder_id_number", sa.String(40), nullable=False),
    )
    op.create_table(
        "province_kpis",
        sa.Column("id", sa.Integer(), primary_key=True),
        _run_id(),
        sa.Column("city", sa.String(20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("unit_id", sa.BigInteger(), nullable=False),
        sa.Column("unit_name", sa.String(200), nullable=False),
        sa.Column("kpi", sa.String(60), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "province_kpis",
        "province_recurring_accounts",
        "province_mules",
        "province_gang_cases",
        "province_runs",
    ):
        op.drop_table(table)
