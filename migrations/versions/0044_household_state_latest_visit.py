"""Coverage: a household's state keeps the id of its latest visit
(`outreach_household_states.latest_visit_id`), so the visit sync can fold a batch of new visits
into the stored states (the latest is the greater of (visited_at, id)) instead of re-reading
every visit of the households it touched. Existing states are filled from their visits.

Revision ID: 0044
Revises: 0043
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0044"
down_revision = "0043"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "outreach_household_states", sa.Column("latest_visit_id", sa.BigInteger(), nullable=True)
    )
    op.execute("""
        UPDATE outreach_household_states s SET latest_visit_id = v.id
        FROM (
            SELECT DISTINCT ON (campaign_id, household_id) campaign_id, household_id, id
            FROM outreach_visits
            ORDER BY campaign_id, household_id, visited_at DESC, id DESC
        ) v
        WHERE v.campaign_id = s.campaign_id AND v.household_id = s.household_id
    """)
    # A state exists only for a household with visits, so every row has one now.
    op.alter_column("outreach_household_states", "latest_visit_id", nullable=False)


def downgrade() -> None:
    op.drop_column("outreach_household_states", "latest_visit_id")
