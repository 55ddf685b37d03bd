"""走访记录 marks a photo offered as the proof of more than one visit (照片重复): each page of
the list counts the visits carrying its photos. A partial index on the photo keeps that a
lookup in a table of millions; visits without a photo (most of them) are not in it, so the
sync's insert does not maintain it for them.

Revision ID: 0049
Revises: 0048
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0049"
down_revision = "0048"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_outreach_visits_photo",
        "outreach_visits",
        ["photo_id"],
        postgresql_where=sa.text("photo_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_outreach_visits_photo", "outreach_visits")
