"""Door-knock visits keep the team-rule roles that were missing (empty when the team was
complete): a visit breaking the campaign's rule is stored and flagged, never refused.

Revision ID: 0033
Revises: 0032
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "outreach_visits",
        sa.Column(
            "team_rule_missing",
            postgresql.ARRAY(sa.String(32)),
            server_default=sa.text("'{}'::varchar[]"),
            nullable=False,
        ),
    )


def downgrade() -> None:
    op.drop_column("outreach_visits", "team_rule_missing")
