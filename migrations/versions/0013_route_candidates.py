"""Addresses by district: route candidates on warnings, compound aliases, house-number ranges

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 20:20:00

An address without its district on a street several districts share goes to the center's
queue; `route_candidates` lists where it could be ([{"grid_id", "label"}]) so the center
chooses with one click instead of searching every grid. The gazetteer import adds what real
deployments keep per grid: other names of a compound (`compounds.aliases`) and house-number
ranges of a street outside any compound (`street_ranges`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0013"
down_revision: str | None = "0012"
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
    op.add_column(
        "compounds",
        sa.Column(
            "aliases",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
    )
    op.create_table(
        "street_ranges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("street_id", sa.Integer(), nullable=False),
        sa.Column("number_from", sa.Integer(), nullable=False),
        sa.Column("number_to", sa.Integer(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "1 <= number_from AND number_from <= number_to",
            name=op.f("ck_street_ranges_range_ordered"),
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grids.id"], name=op.f("fk_street_ranges_grid_id_grids")
        ),
        sa.ForeignKeyConstraint(
            ["street_id"], ["streets.id"], name=op.f("fk_street_ranges_street_id_streets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_street_ranges")),
        sa.UniqueConstraint("street_id", "number_from", "number_to", name="uq_street_ranges_span"),
    )
    op.create_index(op.f("ix_street_ranges_grid_id"), "street_ranges", ["grid_id"], unique=False)
    op.create_index(
        op.f("ix_street_ranges_street_id"), "street_ranges", ["street_id"], unique=False
    )


def downgrade() -> None:
    op.drop_table("street_ranges")
    op.drop_column("compounds", "aliases")
    op.drop_column("warnings", "route_candidates")
