"""Tips (线索举报): the tips, their messages between the center and the reporter, and their
attachments (sealed original + stripped copy).

Revision ID: 0032
Revises: 0031
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    now = sa.text("now()")
    op.create_table(
        "tips",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column(
            "channel", _enum("tip_channel", "web", "call110", "letter", "visit"), nullable=False
        ),
        sa.Column(
            "category",
            _enum("tip_category", "den", "cards", "withdrawal", "card_opening", "site", "other"),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column(
            "vault_record_id", sa.BigInteger(), sa.ForeignKey("vault_records.id"), nullable=True
        ),
        sa.Column("code_lookup", sa.String(64), nullable=False, unique=True),
        sa.Column("code_salt", sa.LargeBinary(16), nullable=False),
        sa.Column("code_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("status", _enum("tip_status", "new", "assigned", "closed"), nullable=False),
        sa.Column(
            "outcome",
            _enum("tip_outcome", "confirmed", "partly", "unfounded", "duplicate", "known"),
            nullable=True,
        ),
        sa.Column("duplicate_of_id", sa.BigInteger(), sa.ForeignKey("tips.id"), nullable=True),
        sa.Column("lead_id", sa.BigInteger(), nullable=True),
        sa.Column("entered_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=now, nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_tips_created_at", "tips", ["created_at"])
    op.create_table(
        "tip_messages",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column(
            "tip_id", sa.BigInteger(), sa.ForeignKey("tips.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("from_center", sa.Boolean(), nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=now, nullable=False),
    )
    op.create_index("ix_tip_messages_tip_id", "tip_messages", ["tip_id"])
    op.create_table(
        "tip_attachments",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column(
            "tip_id", sa.BigInteger(), sa.ForeignKey("tips.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("original_sha256", sa.String(64), nullable=False),
        sa.Column("original_bytes", sa.Integer(), nullable=False),
        sa.Column("original_path", sa.String(200), nullable=False),
        sa.Column("copy_path", sa.String(200), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=now, nullable=False),
    )
    op.create_index("ix_tip_attachments_tip_id", "tip_attachments", ["tip_id"])


def downgrade() -> None:
    op.drop_table("tip_attachments")
    op.drop_table("tip_messages")
    op.drop_table("tips")
