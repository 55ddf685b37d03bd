"""更正反馈: a warning's outcome can be corrected; the platform's feed re-sends every change

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 19:10:00

The feed's cursor was the warning id, so a warning fed back again was never re-sent. Now each
change to what the platform is told (status, outcome, amount, note) takes the next number of
`warning_feedback_seq`, set by a trigger so that every writer (the ladder, intake's duplicate
marking, the demo) is covered. Rows already fed back keep their id as their number, so a
platform's saved cursor (the highest id it took) stays valid.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("warnings", sa.Column("feedback_seq", sa.BigInteger(), nullable=True))
    op.add_column("warnings", sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "warnings",
        sa.Column("correction_reason", sa.Text(), server_default="", nullable=False),
    )
    op.execute("CREATE SEQUENCE warning_feedback_seq")
    op.execute("UPDATE warnings SET feedback_seq = id WHERE status IN ('closed', 'duplicate')")
    op.execute(
        "SELECT setval('warning_feedback_seq',"
        " COALESCE((SELECT max(id) FROM warnings), 0) + 1, false)"
    )
    op.create_index(
        "ix_warnings_feedback_seq",
        "warnings",
        ["feedback_seq"],
        postgresql_where=sa.text("feedback_seq IS NOT NULL"),
    )
    op.execute("""
CREATE FUNCTION warnings_feedback_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IN ('closed', 'duplicate') AND (
        TG_OP = 'INSERT'
        OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.outcome IS DISTINCT FROM NEW.outcome
        OR OLD.protected_fen IS DISTINCT FROM NEW.protected_fen
        OR OLD.outcome_note IS DISTINCT FROM NEW.outcome_note
    ) THEN
        NEW.feedback_seq := nextval('warning_feedback_seq');
    END IF;
    RETURN NEW;
END $$
""")
    op.execute(
        "CREATE TRIGGER warnings_feedback_seq BEFORE INSERT OR UPDATE ON warnings"
        " FOR EACH ROW EXECUTE FUNCTION warnings_feedback_seq()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER warnings_feedback_seq ON warnings")
    op.execute("DROP FUNCTION warnings_feedback_seq()")
    op.drop_index("ix_warnings_feedback_seq", table_name="warnings")
    op.execute("DROP SEQUENCE warning_feedback_seq")
    op.drop_column("warnings", "correction_reason")
    op.drop_column("warnings", "corrected_at")
    op.drop_column("warnings", "feedback_seq")
