"""Monthly and quarterly reports of a unit (月报 / 季报): figures frozen at generation, the
center's notable cases, 报送 and 更正 versions.

Revision ID: 0036
Revises: 0035
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        "unit_reports",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=False),
        sa.Column("kind", _enum("report_kind", "month", "quarter"), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("version", sa.SmallInteger(), nullable=False),
        sa.Column(
            "status", _enum("report_status", "draft", "submitted", "superseded"), nullable=False
        ),
        sa.Column("content", postgresql.JSONB(), nullable=False),
        sa.Column("notable", sa.Text(), nullable=False),
        sa.Column("restates_id", sa.BigInteger(), sa.ForeignKey("unit_reports.id"), nullable=True),
        sa.Column("differences", postgresql.JSONB(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "generated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("generated_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("generated_by", sa.String(100), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("submitted_by", sa.String(100), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("unit_id", "kind", "period_start", "version", name="uq_unit_reports"),
    )


def downgrade() -> None:
    op.drop_table("unit_reports")
