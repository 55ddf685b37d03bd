"""Leaders' figures: the daily roll-up also summed per calendar month (`kpi_monthly`), kept by
the same refresh. A period reads its whole months from it and only the days left over from
`kpi_daily`: a quarter with its 环比 and 同比 reads nine month rows per unit and measure
instead of 270 day rows. Filled from the day rows already rolled.

Revision ID: 0048
Revises: 0047
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0048"
down_revision = "0047"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kpi_monthly",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("code", sa.String(80), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=True),
        sa.Column("records", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_kpi_monthly_code_month", "kpi_monthly", ["code", "month"])
    op.execute("""
        INSERT INTO kpi_monthly (code, month, unit_id, records, total)
        SELECT code, date_trunc('month', day::timestamp)::date, unit_id, sum(records), sum(total)
        FROM kpi_daily
        GROUP BY code, date_trunc('month', day::timestamp)::date, unit_id
    """)


def downgrade() -> None:
    op.drop_table("kpi_monthly")
