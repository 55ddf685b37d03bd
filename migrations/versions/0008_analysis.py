"""analysis

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 01:09:52.271495
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "gangs",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "suggested",
                "confirmed",
                "dissolved",
                name="gang_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("case_count", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("dissolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"], ["users.id"], name=op.f("fk_gangs_confirmed_by_id_users")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_gangs_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gangs")),
    )
    op.create_table(
        "leads",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("lead_no", sa.String(length=24), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("from_unit_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("gang_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "sent",
                "answered",
                "closed",
                name="lead_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("arrests", sa.Integer(), nullable=False),
        sa.Column("recovered_fen", sa.BigInteger(), nullable=False),
        sa.Column("reminders", sa.Integer(), nullable=False),
        sa.Column("last_reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["users.id"], name=op.f("fk_leads_answered_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["from_unit_id"], ["units.id"], name=op.f("fk_leads_from_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["gang_id"], ["gangs.id"], name=op.f("fk_leads_gang_id_gangs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["sent_by_id"], ["users.id"], name=op.f("fk_leads_sent_by_id_users")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_leads_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leads")),
        sa.UniqueConstraint("lead_no", name=op.f("uq_leads_lead_no")),
    )
    op.create_index(op.f("ix_leads_unit_id"), "leads", ["unit_id"], unique=False)
    op.create_table(
        "link_exclusions",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "account",
                "phone",
                "wechat",
                "qq",
                "alipay",
                "domain",
                "app",
                "ip",
                "device",
                name="indicator_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("pattern", sa.String(length=253), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("gang_id", sa.BigInteger(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_link_exclusions_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["gang_id"],
            ["gangs.id"],
            name=op.f("fk_link_exclusions_gang_id_gangs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_exclusions")),
        sa.UniqueConstraint("kind", "pattern", name=op.f("uq_link_exclusions_kind")),
    )
    op.create_table(
        "gang_members",
        sa.Column("case_id", sa.BigInteger(), nullable=False),
        sa.Column("gang_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_gang_members_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["gang_id"], ["gangs.id"], name=op.f("fk_gang_members_gang_id_gangs")
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_gang_members")),
    )
    op.create_index(op.f("ix_gang_members_gang_id"), "gang_members", ["gang_id"], unique=False)
    op.create_table(
        "gang_merges",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("case_a_id", sa.BigInteger(), nullable=False),
        sa.Column("case_b_id", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("case_a_id < case_b_id", name=op.f("ck_gang_merges_ordered_cases")),
        sa.ForeignKeyConstraint(
            ["case_a_id"],
            ["cases.id"],
            name=op.f("fk_gang_merges_case_a_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["case_b_id"],
            ["cases.id"],
            name=op.f("fk_gang_merges_case_b_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_gang_merges_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gang_merges")),
    )
    op.create_index(op.f("ix_gang_merges_case_a_id"), "gang_merges", ["case_a_id"], unique=False)
    op.create_index(op.f("ix_gang_merges_case_b_id"), "gang_merges", ["case_b_id"], unique=False)
    op.create_table(
        "indicators",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "account",
                "phone",
                "wechat",
                "qq",
                "alipay",
                "domain",
                "app",
                "ip",
                "device",
                name="indicator_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("value", sa.String(length=253), nullable=False),
        sa.Column("case_count", sa.Integer(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("excluded_by_id", sa.BigInteger(), nullable=True),
        sa.Column("link_approved", sa.Boolean(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["excluded_by_id"],
            ["link_exclusions.id"],
            name=op.f("fk_indicators_excluded_by_id_link_exclusions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
        sa.UniqueConstraint("kind", "value", name=op.f("uq_indicators_kind")),
    )
    op.create_index(
        op.f("ix_indicators_excluded_by_id"), "indicators", ["excluded_by_id"], unique=False
    )
    op.create_table(
        "account_holders",
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("import_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["statement_imports.id"],
            name=op.f("fk_account_holders_import_id_statement_imports"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("account", name=op.f("pk_account_holders")),
    )
    op.create_index(
        op.f("ix_account_holders_id_number"), "account_holders", ["id_number"], unique=False
    )
    op.create_table(
        "at_risk_people",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("evidence_key", sa.String(length=120), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "payer",
                "contact",
                name="at_risk_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "needs_identity",
                "ready",
                "pushed",
                "reported",
                "dismissed",
                name="at_risk_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("person_name", sa.String(length=50), nullable=False),
        sa.Column("person_phone", sa.String(length=20), nullable=True),
        sa.Column("person_id_number", sa.String(length=18), nullable=True),
        sa.Column("person_account", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("indicator_id", sa.BigInteger(), nullable=False),
        sa.Column("case_id", sa.BigInteger(), nullable=True),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("contacts", sa.Integer(), nullable=False),
        sa.Column("evidence_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "found_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("warning_id", sa.BigInteger(), nullable=True),
        sa.Column("pushed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_at_risk_people_case_id_cases"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_at_risk_people_indicator_id_indicators"),
        ),
        sa.ForeignKeyConstraint(
            ["warning_id"], ["warnings.id"], name=op.f("fk_at_risk_people_warning_id_warnings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_at_risk_people")),
        sa.UniqueConstraint("evidence_key", name=op.f("uq_at_risk_people_evidence_key")),
    )
    op.create_index(
        op.f("ix_at_risk_people_indicator_id"), "at_risk_people", ["indicator_id"], unique=False
    )
    op.create_index(
        op.f("ix_at_risk_people_person_account"), "at_risk_people", ["person_account"], unique=False
    )
    op.create_index(
        op.f("ix_at_risk_people_person_phone"), "at_risk_people", ["person_phone"], unique=False
    )
    op.create_table(
        "block_requests",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("indicator_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "target",
            sa.Enum(
                "china_mobile",
                "china_unicom",
                "china_telecom",
                "carrier",
                "tencent",
                "alibaba",
                "registrar",
                "app_store",
                name="block_target",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "accepted",
                "done",
                "refused",
                "appealed",
                "lifted",
                name="block_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("case_ids", postgresql.ARRAY(sa.BigInteger()), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("batch_no", sa.String(length=40), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("appeal_reason", sa.Text(), nullable=False),
        sa.Column("appealed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("response_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_block_requests_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_block_requests_indicator_id_indicators"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_block_requests_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_block_requests")),
    )
    op.create_index(
        "uq_block_requests_open",
        "block_requests",
        ["indicator_id"],
        unique=True,
        postgresql_where="status IN ('draft', 'submitted', 'accepted', 'done', 'appealed')",
    )
    op.create_table(
        "case_indicators",
        sa.Column("case_id", sa.BigInteger(), nullable=False),
        sa.Column("indicator_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "transfer",
                "statement",
                "manual",
                "imported",
                name="indicator_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"], ["users.id"], name=op.f("fk_case_indicators_added_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_indicators_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_case_indicators_indicator_id_indicators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", "indicator_id", name=op.f("pk_case_indicators")),
    )
    op.create_index(
        op.f("ix_case_indicators_indicator_id"), "case_indicators", ["indicator_id"], unique=False
    )
    op.create_index(
        "ix_warnings_fraud_url",
        "warnings",
        ["fraud_url"],
        unique=False,
        postgresql_where=sa.text("fraud_url IS NOT NULL"),
    )
    op.create_index(
        "ix_warnings_fraudster_account",
        "warnings",
        ["fraudster_account"],
        unique=False,
        postgresql_where=sa.text("fraudster_account IS NOT NULL"),
    )
    op.create_index(
        "ix_warnings_fraudster_phone",
        "warnings",
        ["fraudster_phone"],
        unique=False,
        postgresql_where=sa.text("fraudster_phone IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_warnings_fraudster_phone",
        table_name="warnings",
        postgresql_where=sa.text("fraudster_phone IS NOT NULL"),
    )
    op.drop_index(
        "ix_warnings_fraudster_account",
        table_name="warnings",
        postgresql_where=sa.text("fraudster_account IS NOT NULL"),
    )
    op.drop_index(
        "ix_warnings_fraud_url",
        table_name="warnings",
        postgresql_where=sa.text("fraud_url IS NOT NULL"),
    )
    op.drop_index(op.f("ix_case_indicators_indicator_id"), table_name="case_indicators")
    op.drop_table("case_indicators")
    op.drop_index(
        "uq_block_requests_open",
        table_name="block_requests",
        postgresql_where="status IN ('draft', 'submitted', 'accepted', 'done', 'appealed')",
    )
    op.drop_table("block_requests")
    op.drop_index(op.f("ix_at_risk_people_person_phone"), table_name="at_risk_people")
    op.drop_index(op.f("ix_at_risk_people_person_account"), table_name="at_risk_people")
    op.drop_index(op.f("ix_at_risk_people_indicator_id"), table_name="at_risk_people")
    op.drop_table("at_risk_people")
    op.drop_index(op.f("ix_account_holders_id_number"), table_name="account_holders")
    op.drop_table("account_holders")
    op.drop_index(op.f("ix_indicators_excluded_by_id"), table_name="indicators")
    op.drop_table("indicators")
    op.drop_index(op.f("ix_gang_merges_case_b_id"), table_name="gang_merges")
    op.drop_index(op.f("ix_gang_merges_case_a_id"), table_name="gang_merges")
    op.drop_table("gang_merges")
    op.drop_index(op.f("ix_gang_members_gang_id"), table_name="gang_members")
    op.drop_table("gang_members")
    op.drop_table("link_exclusions")
    op.drop_index(op.f("ix_leads_unit_id"), table_name="leads")
    op.drop_table("leads")
    op.drop_table("gangs")
