"""走访记录 marks a picture offered as the proof of more than one visit (照片重复): each page
of the list finds the photos with the same original bytes (`visit_photos.original_sha256`)
and counts the visits carrying them. Two indexes keep that a lookup in tables of millions;
the one on the visits is partial: visits without a photo (most of them) are not in it, so
the sync's insert does not maintain it for them.

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
    op.create_index("ix_visit_photos_original_sha256", "visit_photos", ["original_sha256"])
    op.create_index(
        "ix_outreach_visits_photo",
        "outreach_visits",
        ["photo_id"],
        postgresql_where=sa.text("photo_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_outreach_visits_photo", "outreach_visits")
    op.drop_index("ix_visit_photos_original_sha256", "visit_photos")
