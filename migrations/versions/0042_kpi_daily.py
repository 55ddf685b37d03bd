"""The leaders' figures rolled up per local day, unit and measure (kpi_daily), the days whose
rows may be stale (kpi_dirty, marked by triggers on the source tables in the writer's own
transaction) and the roll-up's state. See fanzha.stats.rollup.

Every write to a source table marks the local days of the row's dated columns (before and
after the change) dirty; the reader counts dirty days live, so the roll-up never shows a
figure that differs from a recount. The tables and columns below must cover every measure
fanzha.stats.rollup rolls (tests/stats/test_rollup.py checks it against the catalogue).

Revision ID: 0042
Revises: 0041
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0042"
down_revision = "0041"
branch_labels = None
depends_on = None

# source table -> its columns that date a rolled measure
SOURCES = {
    "warnings": ("received_at", "closed_at"),
    "cases": ("reported_at", "closed_at"),
    "gangs": ("confirmed_at",),
    "block_requests": ("done_at",),
    "leads": ("sent_at",),
    "outreach_events": ("starts_at",),
    "reward_applications": ("paid_at",),
}

MARK = """
CREATE FUNCTION kpi_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO kpi_dirty (day)
    SELECT DISTINCT kpi_local_day(to_jsonb(r) ->> c)
    FROM kpi_new r CROSS JOIN unnest(TG_ARGV) AS c
    WHERE to_jsonb(r) ->> c IS NOT NULL;
  END IF;
  IF TG_OP = 'UPDATE' OR TG_OP = 'DELETE' THEN
    INSERT INTO kpi_dirty (day)
    SELECT DISTINCT kpi_local_day(to_jsonb(r) ->> c)
    FROM kpi_old r CROSS JOIN unnest(TG_ARGV) AS c
    WHERE to_jsonb(r) ->> c IS NOT NULL;
  END IF;
  RETURN NULL;
END $$;
"""

LOCAL_DAY = """
CREATE FUNCTION kpi_local_day(value text) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN length(value) = 10 THEN value::date
              ELSE (value::timestamptz AT TIME ZONE 'Asia/Shanghai')::date END
$$;
"""


def upgrade() -> None:
    op.create_table(
        "kpi_daily",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("code", sa.String(80), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=True),
        sa.Column("records", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_kpi_daily_code_day", "kpi_daily", ["code", "day"])
    op.create_table(
        "kpi_dirty",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "marked_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    op.create_index("ix_kpi_dirty_day", "kpi_dirty", ["day"])
    op.create_table(
        "kpi_rollup_state",
        sa.Column("id", sa.SmallInteger(), primary_key=True),
        sa.Column("through", sa.Date(), nullable=True),
        sa.Column("catalog", sa.String(64), nullable=False),
        sa.Column(
            "refreshed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    op.execute(LOCAL_DAY)
    op.execute(MARK)
    for table, columns in SOURCES.items():
        args = ", ".join(f"'{c}'" for c in columns)
        for event, refs in (
            ("INSERT", "NEW TABLE AS kpi_new"),
            ("UPDATE", "OLD TABLE AS kpi_old NEW TABLE AS kpi_new"),
            ("DELETE", "OLD TABLE AS kpi_old"),
        ):
            op.execute(
                f"CREATE TRIGGER kpi_dirty_{event.lower()} AFTER {event} ON {table}"
                f" REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION kpi_mark_dirty({args})"
            )


def downgrade() -> None:
    for table in SOURCES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER kpi_dirty_{event} ON {table}")
    op.execute("DROP FUNCTION kpi_mark_dirty()")
    op.execute("DROP FUNCTION kpi_local_day(text)")
    op.drop_table("kpi_rollup_state")
    op.drop_table("kpi_dirty")
    op.drop_table("kpi_daily")
