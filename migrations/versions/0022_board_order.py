"""The board's default order reads off an index: warnings.next_due_at, the clock that runs
next, kept by the database (a stored generated column), indexed after "signed yet".

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

NEXT_DUE_SQL = (
    "CASE WHEN signed_at IS NULL THEN sign_due_at"
    " WHEN first_contact_at IS NULL THEN contact_due_at"
    " WHEN face_due_at IS NOT NULL AND face_to_face_at IS NULL THEN face_due_at END"
)


def upgrade() -> None:
    op.add_column(
        "warnings",
        sa.Column(
            "next_due_at",
            sa.DateTime(timezone=True),
            sa.Computed(NEXT_DUE_SQL, persisted=True),
            nullable=True,
        ),
    )
    op.create_index(
        "ix_warnings_board_order",
        "warnings",
        [sa.text("(signed_at IS NOT NULL)"), "next_due_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_warnings_board_order", table_name="warnings")
    op.drop_column("warnings", "next_due_at")
