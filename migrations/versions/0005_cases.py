"""cases: reports of money lost (接警) and the transfers they list

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("case_no", sa.String(length=24), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "registered",
                "closed",
                "voided",
                name="case_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("victim_name", sa.String(length=50), nullable=False),
        sa.Column("victim_phone", sa.String(length=20), nullable=True),
        sa.Column("victim_id_number", sa.String(length=18), nullable=True),
        sa.Column("victim_address", sa.String(length=200), nullable=False),
        sa.Column("story", sa.Text(), nullable=False),
        sa.Column(
            "fraud_type",
            sa.Enum(
                "brushing",
                "investment",
                "shopping",
                "customer_service",
                "loan_credit",
                "boss_acquaintance",
                "authority",
                "romance",
                "game_trade",
                "military_purchase",
                "other",
                name="fraud_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("loss_fen", sa.BigInteger(), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status_note", sa.Text(), nullable=False),
        sa.Column("warning_id", sa.BigInteger(), nullable=True),
        sa.Column("warned_before_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_cases_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_cases_unit_id_units")),
        sa.ForeignKeyConstraint(
            ["warned_before_id"], ["warnings.id"], name=op.f("fk_cases_warned_before_id_warnings")
        ),
        sa.ForeignKeyConstraint(
            ["warning_id"], ["warnings.id"], name=op.f("fk_cases_warning_id_warnings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("case_no", name=op.f("uq_cases_case_no")),
        sa.UniqueConstraint("warning_id", name=op.f("uq_cases_warning_id")),
    )
    op.create_index("ix_cases_unit_reported", "cases", ["unit_id", "reported_at"], unique=False)
    op.create_index(op.f("ix_cases_victim_id_number"), "cases", ["victim_id_number"], unique=False)
    op.create_index(op.f("ix_cases_victim_phone"), "cases", ["victim_phone"], unique=False)
    op.create_table(
        "case_transfers",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("case_id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("payer_account", sa.String(length=40), nullable=False),
        sa.Column("receiving_account", sa.String(length=40), nullable=False),
        sa.Column("receiving_name", sa.String(length=100), nullable=False),
        sa.Column("receiving_bank", sa.String(length=100), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "bank_transfer",
                "alipay",
                "wechat",
                "online_banking",
                "atm",
                "cash",
                name="transfer_channel",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.CheckConstraint("amount_fen > 0", name=op.f("ck_case_transfers_amount_positive")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_transfers_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_transfers")),
    )
    op.create_index(op.f("ix_case_transfers_case_id"), "case_transfers", ["case_id"], unique=False)
    op.create_index(
        op.f("ix_case_transfers_receiving_account"),
        "case_transfers",
        ["receiving_account"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_case_transfers_receiving_account"), table_name="case_transfers")
    op.drop_index(op.f("ix_case_transfers_case_id"), table_name="case_transfers")
    op.drop_table("case_transfers")
    op.drop_index(op.f("ix_cases_victim_phone"), table_name="cases")
    op.drop_index(op.f("ix_cases_victim_id_number"), table_name="cases")
    op.drop_index("ix_cases_unit_reported", table_name="cases")
    op.drop_table("cases")
