"""Holiday schedule entered by the center; stop-payments counted per account, holds shared

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 22:10:00

`holiday_years` / `holiday_days`: the State Council's schedule of a year the bundled calendar
lacks (used once the year is marked complete), and officers' overrides of single dates of a
covered year. `fund_returns.due_change_note` says when an entered schedule moved a return
order's deadline. One running stop-payment per account across all cases (a partial unique
index); `hold_shares` lets a later case join an account's running stop-payment or freeze.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "holiday_years",
        sa.Column("year", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_by", sa.String(length=50), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "year BETWEEN 2000 AND 2100", name=op.f("ck_holiday_years_year_plausible")
        ),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_holiday_years")),
    )
    op.create_table(
        "holiday_days",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "holiday",
                "workday",
                name="holiday_day_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("override", sa.Boolean(), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("entered_by", sa.String(length=50), nullable=False),
        sa.Column(
            "entered_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "EXTRACT(YEAR FROM day) = year", name=op.f("ck_holiday_days_day_in_year")
        ),
        sa.ForeignKeyConstraint(
            ["entered_by_id"], ["users.id"], name=op.f("fk_holiday_days_entered_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["year"],
            ["holiday_years.year"],
            name=op.f("fk_holiday_days_year_holiday_years"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holiday_days")),
        sa.UniqueConstraint("day", name=op.f("uq_holiday_days_day")),
    )
    op.add_column(
        "fund_returns",
        sa.Column("due_change_note", sa.String(length=200), server_default="", nullable=False),
    )
    op.alter_column("fund_returns", "due_change_note", server_default=None)
    op.create_index(
        "uq_stop_payments_live_account",
        "stop_payments",
        ["account"],
        unique=True,
        postgresql_where=sa.text("status IN ('requested', 'held', 'empty')"),
    )
    op.create_table(
        "hold_shares",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("case_id", sa.BigInteger(), nullable=False),
        sa.Column("stop_payment_id", sa.BigInteger(), nullable=True),
        sa.Column("freeze_id", sa.BigInteger(), nullable=True),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("joined_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(stop_payment_id IS NULL) <> (freeze_id IS NULL)",
            name=op.f("ck_hold_shares_one_hold"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_hold_shares_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["freeze_id"],
            ["freezes.id"],
            name=op.f("fk_hold_shares_freeze_id_freezes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["joined_by_id"], ["users.id"], name=op.f("fk_hold_shares_joined_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["stop_payment_id"],
            ["stop_payments.id"],
            name=op.f("fk_hold_shares_stop_payment_id_stop_payments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hold_shares")),
        sa.UniqueConstraint("case_id", "freeze_id", name="uq_hold_shares_case_freeze"),
        sa.UniqueConstraint("case_id", "stop_payment_id", name="uq_hold_shares_case_stop"),
    )
    op.create_index(op.f("ix_hold_shares_case_id"), "hold_shares", ["case_id"], unique=False)
    op.create_index(op.f("ix_hold_shares_freeze_id"), "hold_shares", ["freeze_id"], unique=False)
    op.create_index(
        op.f("ix_hold_shares_stop_payment_id"), "hold_shares", ["stop_payment_id"], unique=False
    )


def downgrade() -> None:
    op.drop_table("hold_shares")
    op.drop_index("uq_stop_payments_live_account", table_name="stop_payments")
    op.drop_column("fund_returns", "due_change_note")
    op.drop_table("holiday_days")
    op.drop_table("holiday_years")
