"""duty rota: teams on duty per unit, and the team a warning was routed to

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The team on duty for a unit at an instant: the covering shift of the unit itself or of its
# nearest ancestor (a 社区警务室 without a rota falls to its 派出所, then to the center).
DUTY_TEAM_AT = """
CREATE FUNCTION duty_team_at(unit_id integer, at timestamptz) RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT s.team_id
    FROM units AS target
    JOIN units AS u ON starts_with(target.path, u.path)
    JOIN duty_shifts AS s ON s.unit_id = u.id
    WHERE target.id = duty_team_at.unit_id
      AND tstzrange(s.starts_at, s.ends_at) @> at
    ORDER BY length(u.path) DESC, s.starts_at DESC
    LIMIT 1
$$
"""


def upgrade() -> None:
    op.create_table(
        "duty_shifts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_duty_shifts_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_duty_shifts_team_id_teams"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_duty_shifts_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_shifts")),
    )
    op.create_index(op.f("ix_duty_shifts_team_id"), "duty_shifts", ["team_id"])
    op.create_index("ix_duty_shifts_unit_starts", "duty_shifts", ["unit_id", "starts_at"])
    op.create_index(
        "ix_duty_shifts_period",
        "duty_shifts",
        [sa.text("tstzrange(starts_at, ends_at)")],
        postgresql_using="gist",
    )
    op.add_column("warnings", sa.Column("duty_team_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f("fk_warnings_duty_team_id_teams"), "warnings", "teams", ["duty_team_id"], ["id"]
    )
    op.execute(DUTY_TEAM_AT)


def downgrade() -> None:
    op.execute("DROP FUNCTION duty_team_at(integer, timestamptz)")
    op.drop_constraint(op.f("fk_warnings_duty_team_id_teams"), "warnings", type_="foreignkey")
    op.drop_column("warnings", "duty_team_id")
    op.drop_table("duty_shifts")
