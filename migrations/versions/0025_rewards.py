"""奖励申报: reward applications on the nine grounds, their beneficiaries and evidence

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-01 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GROUNDS = (
    "stopped_transfer",
    "lead_solved_case",
    "lead_fugitive",
    "lead_two_cards",
    "lead_abroad",
    "caught_suspect",
    "bank_staff_report",
    "telecom_staff_report",
    "frontline_stop",
)
STATUSES = (
    "draft",
    "pending_review",
    "pending_recheck",
    "pending_foundation",
    "confirmed",
    "paid",
    "rejected",
)


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _user_fk(table: str, column: str):
    return sa.ForeignKeyConstraint([column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"))


def upgrade() -> None:
    t = "reward_applications"
    op.create_table(
        t,
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("ground", _enum(GROUNDS, "reward_ground"), nullable=False),
        sa.Column("status", _enum(STATUSES, "reward_status"), nullable=False),
        sa.Column("major", sa.Boolean(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("deed", sa.Text(), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("arrests", sa.SmallInteger(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_approved_by_id", sa.Integer(), nullable=True),
        sa.Column("first_approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("second_approved_by_id", sa.Integer(), nullable=True),
        sa.Column("second_approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("foundation_ref", sa.String(length=60), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pay_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lapsed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("transfer_ref", sa.String(length=60), nullable=False),
        sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rejected_reason", sa.String(length=500), nullable=False),
        sa.CheckConstraint(
            "amount_fen BETWEEN 20000 AND 5000000", name=op.f(f"ck_{t}_amount_in_scheme")
        ),
        sa.CheckConstraint("arrests >= 0", name=op.f(f"ck_{t}_arrests_not_negative")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f(f"fk_{t}_unit_id_units")),
        _user_fk(t, "created_by_id"),
        _user_fk(t, "first_approved_by_id"),
        _user_fk(t, "second_approved_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
    )
    op.create_index("ix_reward_applications_status_due", t, ["status", "pay_due_at"])
    op.create_index("ix_reward_applications_unit", t, ["unit_id"])
    b = "reward_beneficiaries"
    op.create_table(
        b,
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("application_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "kind", _enum(("citizen", "staff", "anonymous"), "beneficiary_kind"), nullable=False
        ),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("vault_record_id", sa.BigInteger(), nullable=True),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("weight", sa.SmallInteger(), nullable=False),
        sa.Column("share_fen", sa.BigInteger(), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("weight BETWEEN 1 AND 100", name=op.f(f"ck_{b}_weight_range")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["reward_applications.id"],
            name=op.f(f"fk_{b}_application_id_reward_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f(f"fk_{b}_staff_id_staff")),
        sa.ForeignKeyConstraint(
            ["vault_record_id"],
            ["vault_records.id"],
            name=op.f(f"fk_{b}_vault_record_id_vault_records"),
        ),
        _user_fk(b, "verified_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{b}")),
        sa.UniqueConstraint("application_id", "staff_id", name="uq_reward_beneficiaries_staff"),
    )
    e = "reward_evidence"
    op.create_table(
        e,
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("application_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "kind",
            _enum(("warning", "case", "lead", "tip"), "reward_evidence_kind"),
            nullable=False,
        ),
        sa.Column("ref_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["reward_applications.id"],
            name=op.f(f"fk_{e}_application_id_reward_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{e}")),
        sa.UniqueConstraint("application_id", "kind", "ref_id", name="uq_reward_evidence_ref"),
    )


def downgrade() -> None:
    op.drop_table("reward_evidence")
    op.drop_table("reward_beneficiaries")
    op.drop_table("reward_applications")
