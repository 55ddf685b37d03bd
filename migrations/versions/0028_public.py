"""The citizens' site: the quiz bank and rounds, the risk check's daily counts, and the
rate-limit counters and CAPTCHA challenges of the public POSTs (both UNLOGGED).

Revision ID: 0028
Revises: 0025
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0028"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FRAUD_TYPES = (
    "brushing",
    "investment",
    "shopping",
    "customer_service",
    "loan_credit",
    "boss_acquaintance",
    "authority",
    "romance",
    "game_trade",
    "military_purchase",
    "other",
)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    now = sa.text("now()")
    op.create_table(
        "quiz_questions",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("fraud_type", _enum("fraud_type", *FRAUD_TYPES), nullable=False),
        sa.Column("kind", _enum("quiz_question_kind", "single", "multiple"), nullable=False),
        sa.Column("stem", sa.Text(), nullable=False),
        sa.Column("options", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("answer", postgresql.ARRAY(sa.SmallInteger()), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=now, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=now, nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_questions")),
    )
    op.create_table(
        "quiz_rounds",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("question_ids", postgresql.ARRAY(sa.BigInteger()), nullable=False),
        sa.Column("answers", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("correct", postgresql.ARRAY(sa.Boolean()), nullable=True),
        sa.Column("score", sa.SmallInteger(), nullable=True),
        sa.Column("source_kind", sa.String(length=10), nullable=True),
        sa.Column("source_id", sa.BigInteger(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), server_default=now, nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_rounds")),
        sa.UniqueConstraint("token", name=op.f("uq_quiz_rounds_token")),
    )
    op.create_index("ix_quiz_rounds_source", "quiz_rounds", ["source_kind", "source_id"])
    op.create_table(
        "risk_query_counts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("indicator_id", sa.BigInteger(), nullable=False),
        sa.Column("shard", sa.SmallInteger(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint(
            "day", "kind", "indicator_id", "shard", name=op.f("pk_risk_query_counts")
        ),
    )
    op.create_table(
        "public_rate_counters",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_public_rate_counters")),
        prefixes=["UNLOGGED"],
    )
    op.create_table(
        "public_captchas",
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("answer", sa.String(length=8), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_public_captchas")),
        prefixes=["UNLOGGED"],
    )


def downgrade() -> None:
    op.drop_table("public_captchas")
    op.drop_table("public_rate_counters")
    op.drop_table("risk_query_counts")
    op.drop_index("ix_quiz_rounds_source", table_name="quiz_rounds")
    op.drop_table("quiz_rounds")
    op.drop_table("quiz_questions")
