"""warnings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 19:25:21.237097
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "warnings",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "ministry",
                "province",
                "bank",
                "telecom",
                "app",
                "local_analysis",
                "walk_in",
                name="warning_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("person_name", sa.String(length=50), nullable=False),
        sa.Column("person_phone", sa.String(length=20), nullable=True),
        sa.Column("person_id_number", sa.String(length=18), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=False),
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
        sa.Column("fraudster_phone", sa.String(length=20), nullable=True),
        sa.Column("fraudster_account", sa.String(length=30), nullable=True),
        sa.Column("fraud_app", sa.String(length=100), nullable=True),
        sa.Column("fraud_url", sa.String(length=253), nullable=True),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("money_moving", sa.Boolean(), nullable=False),
        sa.Column("on_call", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "received_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "grade",
            sa.Enum(
                "urgent",
                "high",
                "medium",
                "low",
                name="grade",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("grade_reasons", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=True),
        sa.Column("routed", sa.Boolean(), nullable=False),
        sa.Column("route_note", sa.String(length=200), nullable=False),
        sa.Column("phone_region", sa.String(length=50), nullable=False),
        sa.Column("non_local_phone", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "received",
                "signed",
                "contacting",
                "door_visit",
                "closed",
                "duplicate",
                name="warning_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("duplicate_of_id", sa.BigInteger(), nullable=True),
        sa.Column("attempt_count", sa.Integer(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_by_id", sa.Integer(), nullable=True),
        sa.Column("first_contact_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("face_to_face_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sign_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("contact_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("face_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("escalation", sa.String(length=100), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "dissuaded",
                "defrauded",
                "not_found_yet",
                "cannot_find",
                "not_applicable",
                "duplicate",
                name="outcome",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("protected_fen", sa.BigInteger(), nullable=False),
        sa.Column("outcome_note", sa.Text(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("defrauded_later", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["closed_by_id"], ["users.id"], name=op.f("fk_warnings_closed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["duplicate_of_id"], ["warnings.id"], name=op.f("fk_warnings_duplicate_of_id_warnings")
        ),
        sa.ForeignKeyConstraint(["grid_id"], ["grids.id"], name=op.f("fk_warnings_grid_id_grids")),
        sa.ForeignKeyConstraint(
            ["signed_by_id"], ["users.id"], name=op.f("fk_warnings_signed_by_id_users")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_warnings_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warnings")),
        sa.UniqueConstraint("source", "external_id", name="uq_warnings_source_external_id"),
    )
    op.create_index(
        op.f("ix_warnings_person_id_number"), "warnings", ["person_id_number"], unique=False
    )
    op.create_index(op.f("ix_warnings_person_phone"), "warnings", ["person_phone"], unique=False)
    op.create_index("ix_warnings_received_at", "warnings", ["received_at"], unique=False)
    op.create_index(
        "ix_warnings_unit_open",
        "warnings",
        ["unit_id", "received_at"],
        unique=False,
        postgresql_where=sa.text("status NOT IN ('closed', 'duplicate')"),
    )
    op.create_table(
        "contact_attempts",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("warning_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "call_96110",
                "call_110",
                "call_own",
                "sms_12381",
                "relative",
                "door_visit",
                name="attempt_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "result",
            sa.Enum(
                "connected",
                "no_answer",
                "rejected",
                "busy",
                "powered_off",
                "invalid_number",
                "sent",
                "reached",
                "not_reached",
                name="attempt_result",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_user_id"], ["users.id"], name=op.f("fk_contact_attempts_by_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["warning_id"], ["warnings.id"], name=op.f("fk_contact_attempts_warning_id_warnings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_attempts")),
    )
    op.create_index(
        op.f("ix_contact_attempts_warning_id"), "contact_attempts", ["warning_id"], unique=False
    )
    op.create_table(
        "door_visit_tasks",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("warning_id", sa.BigInteger(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "claimed",
                "done",
                "cancelled",
                name="task_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("claimed_by_id", sa.Integer(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["claimed_by_id"], ["users.id"], name=op.f("fk_door_visit_tasks_claimed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_door_visit_tasks_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grids.id"], name=op.f("fk_door_visit_tasks_grid_id_grids")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_door_visit_tasks_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["warning_id"], ["warnings.id"], name=op.f("fk_door_visit_tasks_warning_id_warnings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_door_visit_tasks")),
    )
    op.create_index(
        op.f("ix_door_visit_tasks_unit_id"), "door_visit_tasks", ["unit_id"], unique=False
    )
    op.create_index(
        op.f("ix_door_visit_tasks_warning_id"), "door_visit_tasks", ["warning_id"], unique=False
    )
    op.create_index(
        "uq_door_visit_tasks_live",
        "door_visit_tasks",
        ["warning_id"],
        unique=True,
        postgresql_where=sa.text("status IN ('open', 'claimed')"),
    )


def downgrade() -> None:
    op.drop_index(
        "uq_door_visit_tasks_live",
        table_name="door_visit_tasks",
        postgresql_where=sa.text("status IN ('open', 'claimed')"),
    )
    op.drop_index(op.f("ix_door_visit_tasks_warning_id"), table_name="door_visit_tasks")
    op.drop_index(op.f("ix_door_visit_tasks_unit_id"), table_name="door_visit_tasks")
    op.drop_table("door_visit_tasks")
    op.drop_index(op.f("ix_contact_attempts_warning_id"), table_name="contact_attempts")
    op.drop_table("contact_attempts")
    op.drop_index(
        "ix_warnings_unit_open",
        table_name="warnings",
        postgresql_where=sa.text("status NOT IN ('closed', 'duplicate')"),
    )
    op.drop_index("ix_warnings_received_at", table_name="warnings")
    op.drop_index(op.f("ix_warnings_person_phone"), table_name="warnings")
    op.drop_index(op.f("ix_warnings_person_id_number"), table_name="warnings")
    op.drop_table("warnings")
