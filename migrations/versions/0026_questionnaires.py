"""问卷: questionnaires, their frozen versions, responses; the awareness survey's batches of
single-use codes

Revision ID: 0026
Revises: 0025

A response names the version it was given under; a survey code answers once, held by a partial
unique index on the responses (source_kind = 'survey_code', source_ref = the code's id).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _now() -> sa.Column:
    return sa.Column(
        "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "questionnaires",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "purpose",
            _enum("questionnaire_purpose", "door_knock", "awareness", "training", "other"),
            nullable=False,
        ),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        _now(),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_questionnaires_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_questionnaires_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaires")),
    )
    op.create_index(op.f("ix_questionnaires_unit_id"), "questionnaires", ["unit_id"])

    op.create_table(
        "questionnaire_versions",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("questionnaire_id", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("questions", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "published_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaires.id"],
            name=op.f("fk_questionnaire_versions_questionnaire_id_questionnaires"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["users.id"],
            name=op.f("fk_questionnaire_versions_published_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_versions")),
        sa.UniqueConstraint("questionnaire_id", "number", name="uq_questionnaire_versions_number"),
    )

    op.create_table(
        "questionnaire_responses",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("version_id", sa.BigInteger(), nullable=False),
        sa.Column("questionnaire_id", sa.BigInteger(), nullable=False),
        sa.Column("answers", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "source_kind",
            _enum(
                "response_source",
                "visit",
                "campaign",
                "grid",
                "event",
                "training",
                "survey_code",
                "staff",
            ),
            nullable=False,
        ),
        sa.Column("source_ref", sa.String(length=64), nullable=False),
        _now(),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["questionnaire_versions.id"],
            name=op.f("fk_questionnaire_responses_version_id_questionnaire_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaires.id"],
            name=op.f("fk_questionnaire_responses_questionnaire_id_questionnaires"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_responses")),
    )
    op.create_index(
        "ix_questionnaire_responses_q_created",
        "questionnaire_responses",
        ["questionnaire_id", "created_at"],
    )
    op.create_index(
        "ix_questionnaire_responses_source",
        "questionnaire_responses",
        ["source_kind", "source_ref"],
    )
    op.create_index(
        "uq_questionnaire_responses_survey_code",
        "questionnaire_responses",
        ["source_ref"],
        unique=True,
        postgresql_where=sa.text("source_kind = 'survey_code'"),
    )

    op.create_table(
        "surveys",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("questionnaire_id", sa.BigInteger(), nullable=False),
        sa.Column("version_id", sa.BigInteger(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("aware_min_right", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        _now(),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "aware_min_right IS NULL OR aware_min_right > 0", name=op.f("ck_surveys_min_right")
        ),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaires.id"],
            name=op.f("fk_surveys_questionnaire_id_questionnaires"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["questionnaire_versions.id"],
            name=op.f("fk_surveys_version_id_questionnaire_versions"),
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_surveys_unit_id_units")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_surveys_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surveys")),
    )
    op.create_index(op.f("ix_surveys_unit_id"), "surveys", ["unit_id"])

    op.create_table(
        "survey_batches",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("survey_id", sa.BigInteger(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=True),
        sa.Column("event_ref", sa.String(length=64), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        _now(),
        sa.CheckConstraint("size > 0", name=op.f("ck_survey_batches_size_positive")),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_batches_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grids.id"], name=op.f("fk_survey_batches_grid_id_grids")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_survey_batches_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_survey_batches_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_batches")),
    )
    op.create_index("ix_survey_batches_survey", "survey_batches", ["survey_id"])
    op.create_index(op.f("ix_survey_batches_unit_id"), "survey_batches", ["unit_id"])

    op.create_table(
        "survey_codes",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("batch_id", sa.BigInteger(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("response_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["survey_batches.id"],
            name=op.f("fk_survey_codes_batch_id_survey_batches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["questionnaire_responses.id"],
            name=op.f("fk_survey_codes_response_id_questionnaire_responses"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_codes")),
        sa.UniqueConstraint("code", name=op.f("uq_survey_codes_code")),
        sa.UniqueConstraint("response_id", name=op.f("uq_survey_codes_response_id")),
    )
    op.create_index("ix_survey_codes_batch", "survey_codes", ["batch_id"])


def downgrade() -> None:
    op.drop_table("survey_codes")
    op.drop_table("survey_batches")
    op.drop_table("surveys")
    op.drop_table("questionnaire_responses")
    op.drop_table("questionnaire_versions")
    op.drop_table("questionnaires")
