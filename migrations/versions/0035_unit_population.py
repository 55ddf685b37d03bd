"""Units keep their resident population (常住人口): leaders' rankings divide by it.

Revision ID: 0035
Revises: 0034
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("units", sa.Column("population", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("units", "population")
