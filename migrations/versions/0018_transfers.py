"""Warnings for people outside the city: the routing clock, 外地对象, the directory of other
centers and 跨区域移交 (transfers out and in)

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30 22:10:00

An unrouted warning gets a routing deadline (`route_due_at`); the desk may mark it 外地对象
(`out_of_area_at`, `out_of_area_note`). `centers` is the directory of other anti-fraud centers
by province and city; `warning_transfers` holds each transfer to or from one, with the answer
owed on its clock.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.add_column("warnings", sa.Column("route_due_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "warnings", sa.Column("out_of_area_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "warnings",
        sa.Column("out_of_area_note", sa.String(length=200), server_default="", nullable=False),
    )
    op.create_table(
        "centers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("province", sa.String(length=20), nullable=False),
        sa.Column("city", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centers")),
        sa.UniqueConstraint("name", name="uq_centers_name"),
    )
    op.create_index("ix_centers_province_city", "centers", ["province", "city"], unique=False)
    op.create_table(
        "warning_transfers",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("warning_id", sa.BigInteger(), nullable=False),
        sa.Column("direction", _enum("transfer_direction", "outgoing", "incoming"), nullable=False),
        sa.Column("center_id", sa.Integer(), nullable=True),
        sa.Column("center_name", sa.String(length=60), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("tried", sa.Text(), nullable=False),
        sa.Column(
            "status",
            _enum("transfer_status", "sent", "received", "answered", "withdrawn"),
            nullable=False,
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "outcome",
            _enum(
                "outcome",
                "dissuaded",
                "defrauded",
                "not_found_yet",
                "cannot_find",
                "not_applicable",
                "duplicate",
            ),
            nullable=True,
        ),
        sa.Column("answer_note", sa.Text(), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["by_user_id"], ["users.id"], name=op.f("fk_warning_transfers_by_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["center_id"], ["centers.id"], name=op.f("fk_warning_transfers_center_id_centers")
        ),
        sa.ForeignKeyConstraint(
            ["warning_id"], ["warnings.id"], name=op.f("fk_warning_transfers_warning_id_warnings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warning_transfers")),
    )
    op.create_index(
        op.f("ix_warning_transfers_warning_id"), "warning_transfers", ["warning_id"], unique=False
    )
    op.create_index("ix_warning_transfers_sent_at", "warning_transfers", ["sent_at"], unique=False)
    op.create_index(
        "uq_warning_transfers_live_out",
        "warning_transfers",
        ["warning_id"],
        unique=True,
        postgresql_where=sa.text("direction = 'outgoing' AND status IN ('sent', 'received')"),
    )


def downgrade() -> None:
    op.drop_table("warning_transfers")
    op.drop_table("centers")
    op.drop_column("warnings", "out_of_area_note")
    op.drop_column("warnings", "out_of_area_at")
    op.drop_column("warnings", "route_due_at")
