"""Door-knock visit photos: one row per photo (the phone's UUID unique), the sealed original's
hash and path, the stripped copy's path and size.

Revision ID: 0031
Revises: 0030
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "visit_photos",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("client_uuid", sa.Uuid(), nullable=False, unique=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column(
            "uploaded_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("original_sha256", sa.String(64), nullable=False),
        sa.Column("original_bytes", sa.Integer(), nullable=False),
        sa.Column("original_path", sa.String(200), nullable=False),
        sa.Column("copy_path", sa.String(200), nullable=False),
        sa.Column("copy_bytes", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
    )
    op.create_index("ix_visit_photos_uploaded_by_id", "visit_photos", ["uploaded_by_id"])


def downgrade() -> None:
    op.drop_table("visit_photos")
