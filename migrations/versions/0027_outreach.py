"""Prevention (宣防): the household register, door-knocking campaigns and their visits

Revision ID: 0027
Revises: 0026 (the questionnaires)
Create Date: 2026-12-01 01:00:18

`households` (住户底册, soft-deleted; one live household per address in a grid),
`outreach_campaigns` (草稿 → 进行中 → 已结束), `outreach_baselines` (the households a campaign
counted when it started), `outreach_grid_assignments` (one team per grid per campaign: the
unique key is the lock), `outreach_visits` (the phone's UUID unique: a re-sent visit is never
stored twice), and the derived roll-ups coverage reads: `outreach_household_states`,
`outreach_grid_totals`, `outreach_grid_days`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "households",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("compound", sa.String(length=100), nullable=False),
        sa.Column("building", sa.String(length=20), nullable=False),
        sa.Column("unit_no", sa.String(length=20), nullable=False),
        sa.Column("room", sa.String(length=20), nullable=False),
        sa.Column("residents", sa.SmallInteger(), nullable=False),
        sa.Column(
            "flags",
            postgresql.ARRAY(sa.String(length=32)),
            server_default=sa.text("'{}'::varchar[]"),
            nullable=False,
        ),
        sa.Column("contact_name", sa.String(length=50), nullable=False),
        sa.Column("contact_phone", sa.String(length=20), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "residents >= 0 AND residents <= 99", name=op.f("ck_households_residents_plausible")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_households_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grids.id"], name=op.f("fk_households_grid_id_grids")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_households_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_households")),
    )
    op.create_index(
        op.f("ix_households_contact_phone"), "households", ["contact_phone"], unique=False
    )
    op.create_index(op.f("ix_households_unit_id"), "households", ["unit_id"], unique=False)
    op.create_index(
        "uq_households_live_address",
        "households",
        ["grid_id", "compound", "building", "unit_no", "room"],
        unique=True,
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_table(
        "outreach_campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("unit_ids", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "running",
                "finished",
                name="campaign_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("target_coverage_pct", sa.SmallInteger(), nullable=False),
        sa.Column("five_ones", postgresql.ARRAY(sa.String(length=32)), nullable=False),
        sa.Column("priority_flags", postgresql.ARRAY(sa.String(length=32)), nullable=False),
        sa.Column("team_rule", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("questionnaire_id", sa.BigInteger(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "ends_on >= starts_on", name=op.f("ck_outreach_campaigns_period_ordered")
        ),
        sa.CheckConstraint(
            "target_coverage_pct BETWEEN 1 AND 100",
            name=op.f("ck_outreach_campaigns_target_coverage_pct_percent"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_outreach_campaigns_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaires.id"],
            name=op.f("fk_outreach_campaigns_questionnaire_id_questionnaires"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_outreach_campaigns_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_campaigns")),
    )
    op.create_index(
        op.f("ix_outreach_campaigns_unit_id"), "outreach_campaigns", ["unit_id"], unique=False
    )
    op.create_table(
        "outreach_baselines",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.BigInteger(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("residents", sa.SmallInteger(), nullable=False),
        sa.Column("priority", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["outreach_campaigns.id"],
            name=op.f("fk_outreach_baselines_campaign_id_outreach_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grids.id"], name=op.f("fk_outreach_baselines_grid_id_grids")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_outreach_baselines_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("campaign_id", "household_id", name=op.f("pk_outreach_baselines")),
    )
    op.create_index(
        "ix_outreach_baselines_campaign_grid",
        "outreach_baselines",
        ["campaign_id", "grid_id"],
        unique=False,
    )
    op.create_table(
        "outreach_grid_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("taken_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "taken_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["outreach_campaigns.id"],
            name=op.f("fk_outreach_grid_assignments_campaign_id_outreach_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grids.id"], name=op.f("fk_outreach_grid_assignments_grid_id_grids")
        ),
        sa.ForeignKeyConstraint(
            ["taken_by_id"],
            ["users.id"],
            name=op.f("fk_outreach_grid_assignments_taken_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_outreach_grid_assignments_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_grid_assignments")),
        sa.UniqueConstraint("campaign_id", "grid_id", name="uq_outreach_grid_assignments_grid"),
    )
    op.create_index(
        op.f("ix_outreach_grid_assignments_team_id"),
        "outreach_grid_assignments",
        ["team_id"],
        unique=False,
    )
    op.create_table(
        "outreach_grid_days",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("entered", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["outreach_campaigns.id"],
            name=op.f("fk_outreach_grid_days_campaign_id_outreach_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grids.id"], name=op.f("fk_outreach_grid_days_grid_id_grids")
        ),
        sa.PrimaryKeyConstraint(
            "campaign_id", "grid_id", "day", name=op.f("pk_outreach_grid_days")
        ),
    )
    op.create_table(
        "outreach_grid_totals",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("baseline", sa.Integer(), nullable=False),
        sa.Column("baseline_priority", sa.Integer(), nullable=False),
        sa.Column("visited", sa.Integer(), nullable=False),
        sa.Column("visited_added", sa.Integer(), nullable=False),
        sa.Column("attempted", sa.Integer(), nullable=False),
        sa.Column("residents_reached", sa.Integer(), nullable=False),
        sa.Column("five_ones_complete", sa.Integer(), nullable=False),
        sa.Column("five_ones_items", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("priority_reached", sa.Integer(), nullable=False),
        sa.Column("revisits_pending", sa.Integer(), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["outreach_campaigns.id"],
            name=op.f("fk_outreach_grid_totals_campaign_id_outreach_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grids.id"], name=op.f("fk_outreach_grid_totals_grid_id_grids")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_outreach_grid_totals_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("campaign_id", "grid_id", name=op.f("pk_outreach_grid_totals")),
    )
    op.create_table(
        "outreach_household_states",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.BigInteger(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("in_baseline", sa.Boolean(), nullable=False),
        sa.Column("priority", sa.Boolean(), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("entered_on", sa.Date(), nullable=True),
        sa.Column("residents_reached", sa.SmallInteger(), nullable=False),
        sa.Column("five_ones_bits", sa.SmallInteger(), nullable=False),
        sa.Column(
            "latest_outcome",
            sa.Enum(
                "entered",
                "nobody_home",
                "refused",
                "vacant",
                "moved_out",
                name="visit_outcome",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("latest_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revisit_pending", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["outreach_campaigns.id"],
            name=op.f("fk_outreach_household_states_campaign_id_outreach_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grids.id"], name=op.f("fk_outreach_household_states_grid_id_grids")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_outreach_household_states_household_id_households"),
        ),
        sa.PrimaryKeyConstraint(
            "campaign_id", "household_id", name=op.f("pk_outreach_household_states")
        ),
    )
    op.create_index(
        "ix_outreach_household_states_grid",
        "outreach_household_states",
        ["campaign_id", "grid_id"],
        unique=False,
    )
    op.create_table(
        "outreach_visits",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("uuid", sa.UUID(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.BigInteger(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "entered",
                "nobody_home",
                "refused",
                "vacant",
                "moved_out",
                name="visit_outcome",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("visited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("member_staff_ids", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("residents_reached", sa.SmallInteger(), nullable=False),
        sa.Column("five_ones", postgresql.ARRAY(sa.String(length=32)), nullable=False),
        sa.Column("suggestion_text", sa.Text(), nullable=False),
        sa.Column("questionnaire_response_id", sa.BigInteger(), nullable=True),
        sa.Column("photo_id", sa.BigInteger(), nullable=True),
        sa.Column("revisit_needed", sa.Boolean(), nullable=False),
        sa.Column("revisit_reason", sa.String(length=200), nullable=False),
        sa.Column("payload_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "synced_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint(
            "residents_reached >= 0 AND residents_reached <= 99",
            name=op.f("ck_outreach_visits_residents_plausible"),
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["outreach_campaigns.id"],
            name=op.f("fk_outreach_visits_campaign_id_outreach_campaigns"),
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grids.id"], name=op.f("fk_outreach_visits_grid_id_grids")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_outreach_visits_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_outreach_visits_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_outreach_visits_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_visits")),
        sa.UniqueConstraint("uuid", name=op.f("uq_outreach_visits_uuid")),
    )
    op.create_index(
        "ix_outreach_visits_campaign_grid",
        "outreach_visits",
        ["campaign_id", "grid_id"],
        unique=False,
    )
    op.create_index(
        "ix_outreach_visits_household",
        "outreach_visits",
        ["household_id", "visited_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_outreach_visits_household", table_name="outreach_visits")
    op.drop_index("ix_outreach_visits_campaign_grid", table_name="outreach_visits")
    op.drop_table("outreach_visits")
    op.drop_index("ix_outreach_household_states_grid", table_name="outreach_household_states")
    op.drop_table("outreach_household_states")
    op.drop_table("outreach_grid_totals")
    op.drop_table("outreach_grid_days")
    op.drop_index(
        op.f("ix_outreach_grid_assignments_team_id"), table_name="outreach_grid_assignments"
    )
    op.drop_table("outreach_grid_assignments")
    op.drop_index("ix_outreach_baselines_campaign_grid", table_name="outreach_baselines")
    op.drop_table("outreach_baselines")
    op.drop_index(op.f("ix_outreach_campaigns_unit_id"), table_name="outreach_campaigns")
    op.drop_table("outreach_campaigns")
    op.drop_index(
        "uq_households_live_address",
        table_name="households",
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.drop_index(op.f("ix_households_unit_id"), table_name="households")
    op.drop_index(op.f("ix_households_contact_phone"), table_name="households")
    op.drop_table("households")
