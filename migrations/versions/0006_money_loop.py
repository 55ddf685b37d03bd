"""the money loop: stop-payments, 协查 requests, freezes, return pools and the return register;
the time a case's first receiving account was entered (the 30-minute rule)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stop_payments",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("case_id", sa.BigInteger(), nullable=False),
        sa.Column("account", sa.String(length=40), nullable=False),
        sa.Column("account_name", sa.String(length=100), nullable=False),
        sa.Column("bank", sa.String(length=100), nullable=False),
        sa.Column("branch_city", sa.String(length=20), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "requested",
                "held",
                "empty",
                "frozen",
                "lapsed",
                "released",
                name="stop_payment_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("terms", sa.SmallInteger(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("held_fen", sa.BigInteger(), nullable=True),
        sa.Column("balance_fen", sa.BigInteger(), nullable=True),
        sa.Column("feedback_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("feedback_note", sa.Text(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "held_fen >= 0 AND balance_fen >= 0", name=op.f("ck_stop_payments_amounts_not_negative")
        ),
        sa.CheckConstraint(
            "terms BETWEEN 1 AND 2", name=op.f("ck_stop_payments_at_most_two_terms")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_stop_payments_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"], ["users.id"], name=op.f("fk_stop_payments_requested_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stop_payments")),
        sa.UniqueConstraint("case_id", "account", name="uq_stop_payments_case_account"),
    )
    op.create_index(op.f("ix_stop_payments_account"), "stop_payments", ["account"], unique=False)
    op.create_index(
        "ix_stop_payments_status_expires", "stop_payments", ["status", "expires_at"], unique=False
    )
    op.create_table(
        "assist_requests",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("stop_payment_id", sa.BigInteger(), nullable=False),
        sa.Column("city", sa.String(length=20), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "sent",
                "answered",
                "withdrawn",
                name="assist_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("held_fen", sa.BigInteger(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("held_fen >= 0", name=op.f("ck_assist_requests_held_not_negative")),
        sa.ForeignKeyConstraint(
            ["stop_payment_id"],
            ["stop_payments.id"],
            name=op.f("fk_assist_requests_stop_payment_id_stop_payments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assist_requests")),
        sa.UniqueConstraint("stop_payment_id", name=op.f("uq_assist_requests_stop_payment_id")),
    )
    op.create_table(
        "freezes",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("case_id", sa.BigInteger(), nullable=False),
        sa.Column("stop_payment_id", sa.BigInteger(), nullable=True),
        sa.Column("account", sa.String(length=40), nullable=False),
        sa.Column("account_name", sa.String(length=100), nullable=False),
        sa.Column("bank", sa.String(length=100), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("major", sa.Boolean(), nullable=False),
        sa.Column("approval_no", sa.String(length=60), nullable=False),
        sa.Column("approved_by", sa.String(length=50), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "unfreezing",
                "unfrozen",
                "lapsed",
                "returned",
                name="freeze_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("renewals", sa.SmallInteger(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("reminded_7d_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_1d_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unfreeze_reason", sa.Text(), nullable=False),
        sa.Column("unfreeze_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("alarm_handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("alarm_note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "NOT major OR approval_no <> ''", name=op.f("ck_freezes_major_needs_approval")
        ),
        sa.CheckConstraint("amount_fen > 0", name=op.f("ck_freezes_amount_positive")),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_freezes_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_freezes_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["stop_payment_id"],
            ["stop_payments.id"],
            name=op.f("fk_freezes_stop_payment_id_stop_payments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_freezes")),
        sa.UniqueConstraint("stop_payment_id", name=op.f("uq_freezes_stop_payment_id")),
    )
    op.create_index(op.f("ix_freezes_account"), "freezes", ["account"], unique=False)
    op.create_index(op.f("ix_freezes_case_id"), "freezes", ["case_id"], unique=False)
    op.create_index("ix_freezes_status_expires", "freezes", ["status", "expires_at"], unique=False)
    op.create_table(
        "return_pools",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("freeze_id", sa.BigInteger(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("notice_published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notice_ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("amount_fen > 0", name=op.f("ck_return_pools_amount_positive")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_return_pools_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["freeze_id"], ["freezes.id"], name=op.f("fk_return_pools_freeze_id_freezes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_pools")),
    )
    op.create_index(op.f("ix_return_pools_freeze_id"), "return_pools", ["freeze_id"], unique=False)
    op.create_table(
        "fund_returns",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("case_id", sa.BigInteger(), nullable=False),
        sa.Column("freeze_id", sa.BigInteger(), nullable=True),
        sa.Column("pool_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "traceable",
                "pooled",
                name="return_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "noticed",
                "ready",
                "ordered",
                "done",
                "cancelled",
                name="return_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("ordered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("bank_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due_caveat", sa.String(length=100), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "(kind = 'pooled') = (pool_id IS NOT NULL)",
            name=op.f("ck_fund_returns_pooled_has_pool"),
        ),
        sa.CheckConstraint("amount_fen > 0", name=op.f("ck_fund_returns_amount_positive")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_fund_returns_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_fund_returns_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["freeze_id"], ["freezes.id"], name=op.f("fk_fund_returns_freeze_id_freezes")
        ),
        sa.ForeignKeyConstraint(
            ["pool_id"], ["return_pools.id"], name=op.f("fk_fund_returns_pool_id_return_pools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_returns")),
    )
    op.create_index(op.f("ix_fund_returns_case_id"), "fund_returns", ["case_id"], unique=False)
    op.create_index(op.f("ix_fund_returns_freeze_id"), "fund_returns", ["freeze_id"], unique=False)
    op.create_index(op.f("ix_fund_returns_pool_id"), "fund_returns", ["pool_id"], unique=False)
    op.add_column(
        "cases", sa.Column("accounts_entered_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("cases", "accounts_entered_at")
    op.drop_index(op.f("ix_fund_returns_pool_id"), table_name="fund_returns")
    op.drop_index(op.f("ix_fund_returns_freeze_id"), table_name="fund_returns")
    op.drop_index(op.f("ix_fund_returns_case_id"), table_name="fund_returns")
    op.drop_table("fund_returns")
    op.drop_index(op.f("ix_return_pools_freeze_id"), table_name="return_pools")
    op.drop_table("return_pools")
    op.drop_index("ix_freezes_status_expires", table_name="freezes")
    op.drop_index(op.f("ix_freezes_case_id"), table_name="freezes")
    op.drop_index(op.f("ix_freezes_account"), table_name="freezes")
    op.drop_table("freezes")
    op.drop_table("assist_requests")
    op.drop_index("ix_stop_payments_status_expires", table_name="stop_payments")
    op.drop_index(op.f("ix_stop_payments_account"), table_name="stop_payments")
    op.drop_table("stop_payments")
