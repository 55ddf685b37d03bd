"""Prevention's people: outreach events (宣传活动) and who served at them, volunteer teams
(a team kind of its own, with leader and status), training sessions with invited units and
QR check-in attendance.

Revision ID: 0030
Revises: 0029
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_TEAM_KINDS = ("door_visit", "phone", "outreach", "task_force")


def _team_kinds(values: tuple[str, ...]) -> None:
    op.drop_constraint(op.f("ck_teams_team_kind"), "teams", type_="check")
    listed = ", ".join(f"'{v}'" for v in values)
    op.create_check_constraint(op.f("ck_teams_team_kind"), "teams", f"kind IN ({listed})")


def upgrade() -> None:
    _team_kinds((*_TEAM_KINDS, "volunteer"))
    op.create_table(
        "volunteer_teams",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "inactive",
                name="volunteer_team_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("inactive_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("active_since", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["leader_id"], ["staff.id"], name=op.f("fk_volunteer_teams_leader_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_volunteer_teams_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_volunteer_teams")),
    )
    op.create_table(
        "outreach_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "community",
                "school",
                "enterprise",
                "village",
                "night_market",
                "park",
                "live",
                "caravan",
                "other",
                name="outreach_event_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("audience_onsite", sa.Integer(), nullable=False),
        sa.Column("audience_online", sa.Integer(), nullable=False),
        sa.Column("materials", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "audience_onsite >= 0 AND audience_online >= 0 AND materials >= 0",
            name=op.f("ck_outreach_events_event_counts_not_negative"),
        ),
        sa.CheckConstraint(
            "ends_at > starts_at", name=op.f("ck_outreach_events_event_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_outreach_events_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_outreach_events_team_id_teams")
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["outreach_campaigns.id"],
            name=op.f("fk_outreach_events_campaign_id_outreach_campaigns"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_outreach_events_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_events")),
    )
    op.create_index(
        op.f("ix_outreach_events_campaign_id"), "outreach_events", ["campaign_id"], unique=False
    )
    op.create_index("ix_outreach_events_starts_at", "outreach_events", ["starts_at"], unique=False)
    op.create_index(
        op.f("ix_outreach_events_team_id"), "outreach_events", ["team_id"], unique=False
    )
    op.create_index(
        op.f("ix_outreach_events_unit_id"), "outreach_events", ["unit_id"], unique=False
    )
    op.create_table(
        "training_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("trainer", sa.String(length=50), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("video_url", sa.String(length=500), nullable=False),
        sa.Column("checkin_secret", sa.String(length=64), nullable=False),
        sa.Column("quiz_version_id", sa.Integer(), nullable=True),
        sa.Column("pass_score", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "ends_at > starts_at", name=op.f("ck_training_sessions_training_ends_after_start")
        ),
        sa.CheckConstraint(
            "pass_score BETWEEN 0 AND 100",
            name=op.f("ck_training_sessions_training_pass_score_range"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_training_sessions_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_training_sessions_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_sessions")),
    )
    op.create_index(
        "ix_training_sessions_starts_at", "training_sessions", ["starts_at"], unique=False
    )
    op.create_index(
        op.f("ix_training_sessions_unit_id"), "training_sessions", ["unit_id"], unique=False
    )
    op.create_table(
        "outreach_event_staff",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["outreach_events.id"],
            name=op.f("fk_outreach_event_staff_event_id_outreach_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_outreach_event_staff_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("event_id", "staff_id", name=op.f("pk_outreach_event_staff")),
    )
    op.create_index(
        op.f("ix_outreach_event_staff_staff_id"), "outreach_event_staff", ["staff_id"], unique=False
    )
    op.create_table(
        "training_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column(
            "checked_in_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("on_roster", sa.Boolean(), nullable=False),
        sa.Column("quiz_score", sa.Integer(), nullable=True),
        sa.Column("quiz_passed", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_sessions.id"],
            name=op.f("fk_training_attendance_session_id_training_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_training_attendance_staff_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_training_attendance_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_attendance")),
        sa.UniqueConstraint("session_id", "staff_id", name="uq_training_attendance_once"),
    )
    op.create_index(
        op.f("ix_training_attendance_session_id"),
        "training_attendance",
        ["session_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_training_attendance_staff_id"), "training_attendance", ["staff_id"], unique=False
    )
    op.create_table(
        "training_invites",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_sessions.id"],
            name=op.f("fk_training_invites_session_id_training_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_training_invites_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("session_id", "unit_id", name=op.f("pk_training_invites")),
    )
    op.create_index(
        op.f("ix_training_invites_unit_id"), "training_invites", ["unit_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_training_invites_unit_id"), table_name="training_invites")
    op.drop_table("training_invites")
    op.drop_index(op.f("ix_training_attendance_staff_id"), table_name="training_attendance")
    op.drop_index(op.f("ix_training_attendance_session_id"), table_name="training_attendance")
    op.drop_table("training_attendance")
    op.drop_index(op.f("ix_outreach_event_staff_staff_id"), table_name="outreach_event_staff")
    op.drop_table("outreach_event_staff")
    op.drop_index(op.f("ix_training_sessions_unit_id"), table_name="training_sessions")
    op.drop_index("ix_training_sessions_starts_at", table_name="training_sessions")
    op.drop_table("training_sessions")
    op.drop_index(op.f("ix_outreach_events_unit_id"), table_name="outreach_events")
    op.drop_index(op.f("ix_outreach_events_team_id"), table_name="outreach_events")
    op.drop_index("ix_outreach_events_starts_at", table_name="outreach_events")
    op.drop_index(op.f("ix_outreach_events_campaign_id"), table_name="outreach_events")
    op.drop_table("outreach_events")
    op.drop_table("volunteer_teams")
    op.execute("DELETE FROM teams WHERE kind = 'volunteer'")
    _team_kinds(_TEAM_KINDS)
