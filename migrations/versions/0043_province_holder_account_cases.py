"""Province findings: which cases name which account of a recurring holder
(`recurring_holders.account_cases`, "account|city:case_no"), so a 分局 or station is shown only
the holder's accounts its own cases name. Runs loaded before this keep an empty list; the
recurring job's new output carries it, and `fanzha analytics load` refuses older results
without the column (re-run the recurring job).

Revision ID: 0043
Revises: 0042
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0043"
down_revision = "0042"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "province_recurring_holders",
        sa.Column(
            "account_cases",
            postgresql.ARRAY(sa.String(130)),
            nullable=False,
            server_default="{}",
        ),
    )


def downgrade() -> None:
    op.drop_column("province_recurring_holders", "account_cases")
