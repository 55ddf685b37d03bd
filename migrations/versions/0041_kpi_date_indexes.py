"""Indexes for the leaders' dashboard at three years of data: warnings by closing time (money
protected, and the first closing that decides whether a 同比 is missing) and households by the
day first entered (households reached). Without them each is a scan of the whole table.

Revision ID: 0041
Revises: 0040
"""

from __future__ import annotations

from alembic import op

revision = "0041"
down_revision = "0040"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_warnings_closed_at", "warnings", ["closed_at"])
    op.create_index(
        "ix_outreach_household_states_entered_on", "outreach_household_states", ["entered_on"]
    )


def downgrade() -> None:
    op.drop_index("ix_outreach_household_states_entered_on", "outreach_household_states")
    op.drop_index("ix_warnings_closed_at", "warnings")
