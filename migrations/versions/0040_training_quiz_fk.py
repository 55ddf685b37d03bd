"""A training session's quiz names a questionnaire version by a real foreign key: a session
pointing at no version showed a quiz link that opened nothing. Orphans (a version id that no
longer exists) are cleared first, so the session simply has no quiz.

Revision ID: 0040
Revises: 0039
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0040"
down_revision = "0039"
branch_labels = None
depends_on = None

_FK = "fk_training_sessions_quiz_version_id_questionnaire_versions"


def upgrade() -> None:
    op.execute(
        "UPDATE training_sessions SET quiz_version_id = NULL WHERE quiz_version_id IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM questionnaire_versions v WHERE v.id = quiz_version_id)"
    )
    # The same type as the key it names (questionnaire_versions.id is a bigint).
    op.alter_column(
        "training_sessions", "quiz_version_id", type_=sa.BigInteger(), existing_nullable=True
    )
    op.create_foreign_key(
        _FK, "training_sessions", "questionnaire_versions", ["quiz_version_id"], ["id"]
    )


def downgrade() -> None:
    op.drop_constraint(_FK, "training_sessions", type_="foreignkey")
    op.alter_column(
        "training_sessions", "quiz_version_id", type_=sa.Integer(), existing_nullable=True
    )
