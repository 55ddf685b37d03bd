"""A stop-payment's 协查 owes its answer by a deadline, like a warning transfer: due_at on
assist_requests, filled for requests already sent from their sent time and the configured
`assist_answer_hours`.

Revision ID: 0023
Revises: 0022
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from fanzha.config import get_settings

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("assist_requests", sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        sa.text(
            "UPDATE assist_requests SET due_at = sent_at + make_interval(hours => :hours)"
            " WHERE due_at IS NULL"
        ).bindparams(hours=get_settings().assist_answer_hours)
    )


def downgrade() -> None:
    op.drop_column("assist_requests", "due_at")
