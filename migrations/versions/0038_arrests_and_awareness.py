"""Suspects arrested on a case (抓获嫌疑人, one row per arrest entered by the case's officers,
counted by the day of the arrest) and `survey_aware`, the awareness rule of a survey answer in
SQL (so 知晓率 is counted by the database, as every other leaders' figure is).

Revision ID: 0038
Revises: 0037
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None

# Aware when at least `need` (NULL: all) of the questions carrying a correct answer are answered
# right: multiple when the set is exactly the correct one, text when one of the correct ones
# ignoring case, any other kind when equal to one of them (the same rule as
# fanzha.questionnaires.awareness.is_aware; a test compares the two).
SURVEY_AWARE = """
CREATE FUNCTION survey_aware(answers jsonb, questions jsonb, need integer) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT count(*) FILTER (WHERE
        a IS NOT NULL AND jsonb_typeof(a) <> 'null' AND CASE q->>'kind'
            WHEN 'multiple' THEN jsonb_typeof(a) = 'array'
                AND a @> (q->'correct') AND (q->'correct') @> a
            WHEN 'text' THEN jsonb_typeof(a) = 'string' AND EXISTS (
                SELECT 1 FROM jsonb_array_elements_text(q->'correct') AS c(v)
                WHERE lower(c.v) = lower(a #>> '{}'))
            ELSE EXISTS (
                SELECT 1 FROM jsonb_array_elements(q->'correct') AS c(v) WHERE c.v = a)
        END
    ) >= coalesce(need, count(*))
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(questions) = 'array'
                                   THEN questions ELSE '[]'::jsonb END) AS e(q),
         LATERAL (SELECT answers -> (q->>'key') AS a) AS got
    WHERE jsonb_typeof(q->'correct') = 'array' AND q->'correct' <> '[]'::jsonb
$$
"""


def upgrade() -> None:
    op.create_table(
        "case_arrests",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column(
            "case_id",
            sa.BigInteger(),
            sa.ForeignKey("cases.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("arrested_on", sa.Date(), nullable=False, index=True),
        sa.Column("suspects", sa.SmallInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.CheckConstraint(
            "suspects BETWEEN 1 AND 999", name=op.f("ck_case_arrests_suspects_range")
        ),
    )
    op.execute(SURVEY_AWARE)


def downgrade() -> None:
    op.execute("DROP FUNCTION survey_aware(jsonb, jsonb, integer)")
    op.drop_table("case_arrests")
