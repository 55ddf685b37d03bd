"""Coverage: a grid's day also counts the households first entered that day that are not in
the campaign's baseline (`outreach_grid_days.entered_added`; `entered` stays the baseline's, for
the progress line against the target). With both, the day rows hold every household reached, so
the leaders' 入户户数 sums a few thousand day rows instead of counting household states.
Existing days are filled from the states.

Revision ID: 0046
Revises: 0045
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0046"
down_revision = "0045"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "outreach_grid_days",
        sa.Column("entered_added", sa.Integer(), nullable=False, server_default="0"),
    )
    op.execute("""
        INSERT INTO outreach_grid_days AS gd (campaign_id, grid_id, day, entered, entered_added)
        SELECT campaign_id, grid_id, entered_on, 0, count(*)
        FROM outreach_household_states
        WHERE entered_on IS NOT NULL AND NOT in_baseline
        GROUP BY campaign_id, grid_id, entered_on
        ON CONFLICT (campaign_id, grid_id, day)
        DO UPDATE SET entered_added = excluded.entered_added
    """)
    op.alter_column("outreach_grid_days", "entered_added", server_default=None)


def downgrade() -> None:
    op.execute("DELETE FROM outreach_grid_days WHERE entered = 0")
    op.drop_column("outreach_grid_days", "entered_added")
