"""Addresses by district: a warning whose address fits several districts keeps the candidates

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 20:20:00

An address without its district on a street several districts share goes to the center's
queue; `route_candidates` lists where it could be ([{"grid_id", "label"}]) so the center
chooses with one click instead of searching every grid.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "warnings",
        sa.Column(
            "route_candidates",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
    )


def downgrade() -> None:
    op.drop_column("warnings", "route_candidates")
