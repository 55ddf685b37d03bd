"""Questionnaires (问卷), their frozen versions and the responses given under them; and the
awareness survey (知晓率调查) built on them: single-use codes issued in batches per grid or event.

A version's questions never change once written: editing a questionnaire makes a new version,
and every response names the version it was given under, so old answers keep their meaning.
Questions are JSON (see `fanzha.questionnaires.questions` for the shape).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fanzha.db import Base
from fanzha.org.models import Unit
from fanzha.org.scope import scope_clause, unit_owned
from fanzha.types import enum_column


class Purpose(StrEnum):
    door_knock = "door_knock"  # 入户走访问卷
    awareness = "awareness"  # 知晓率调查
    training = "training"  # 培训测验
    other = "other"  # 其他


def _own_or_above(principal: Any) -> Any:
    # A questionnaire is seen by its unit's subtree, and used below it: a station runs the
    # center's door-knock questionnaire. Editing still needs the owner in scope (service).
    above = select(Unit.id).where(literal(principal.unit_path or "/").like(Unit.path + "%"))
    return or_(scope_clause(Questionnaire.unit_id, principal), Questionnaire.unit_id.in_(above))


@unit_owned(rule=_own_or_above)
class Questionnaire(Base):
    __tablename__ = "questionnaires"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[Purpose] = mapped_column(enum_column(Purpose, "questionnaire_purpose"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    retired_at: Mapped[datetime | None]

    unit: Mapped[Unit] = relationship()

    @property
    def retired(self) -> bool:
        return self.retired_at is not None


@unit_owned("questionnaire_id", parent=Questionnaire)
class QuestionnaireVersion(Base):
    __tablename__ = "questionnaire_versions"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="CASCADE")
    )
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, ...
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)  # frozen once written
    published_at: Mapped[datetime] = mapped_column(server_default=func.now())
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    questionnaire: Mapped[Questionnaire] = relationship()

    __table_args__ = (
        UniqueConstraint("questionnaire_id", "number", name="uq_questionnaire_versions_number"),
    )


class SourceKind(StrEnum):
    """Where a response came from; `source_ref` names the record of that kind."""

    visit = "visit"  # a door-knock visit (its client uuid)
    campaign = "campaign"
    grid = "grid"
    event = "event"  # an outreach event (宣传活动)
    training = "training"  # a training session's quiz
    survey_code = "survey_code"  # one single-use awareness survey code (its id)
    staff = "staff"  # typed in by staff


@unit_owned("version_id", parent=QuestionnaireVersion)
class QuestionnaireResponse(Base):
    __tablename__ = "questionnaire_responses"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    # Denormalised so results over every version are one indexed range.
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"))
    answers: Mapped[dict[str, Any]] = mapped_column(JSONB)
    source_kind: Mapped[SourceKind] = mapped_column(enum_column(SourceKind, "response_source"))
    source_ref: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    version: Mapped[QuestionnaireVersion] = relationship()

    __table_args__ = (
        Index("ix_questionnaire_responses_q_created", "questionnaire_id", "created_at"),
        Index("ix_questionnaire_responses_source", "source_kind", "source_ref"),
        # A single-use survey code answers once: two concurrent submits, one row.
        Index(
            "uq_questionnaire_responses_survey_code",
            "source_ref",
            unique=True,
            postgresql_where="source_kind = 'survey_code'",
        ),
    )


@unit_owned("unit_id")
class Survey(Base):
    """An awareness survey (知晓率调查): one questionnaire version answered through codes.

    A respondent counts as aware when they answer at least `aware_min_right` of the version's
    scored questions (those with a `correct` answer) right; None means all of them."""

    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    aware_min_right: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    closed_at: Mapped[datetime | None]

    version: Mapped[QuestionnaireVersion] = relationship()
    questionnaire: Mapped[Questionnaire] = relationship()
    unit: Mapped[Unit] = relationship()

    __table_args__ = (
        CheckConstraint("aware_min_right IS NULL OR aware_min_right > 0", name="min_right"),
    )


@unit_owned("unit_id")
class SurveyBatch(Base):
    """A batch of N codes for one grid or one event; `unit_id` is where its answers count
    (the grid's community, or the event's unit)."""

    __tablename__ = "survey_batches"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    event_ref: Mapped[str] = mapped_column(String(64), default="")  # an outreach event's id
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    size: Mapped[int] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    survey: Mapped[Survey] = relationship()

    __table_args__ = (
        Index("ix_survey_batches_survey", "survey_id"),
        CheckConstraint("size > 0", name="size_positive"),
    )


@unit_owned("batch_id", parent=SurveyBatch)
class SurveyCode(Base):
    """One single-use code: printed on a slip or in a QR; answered once (`used_at`)."""

    __tablename__ = "survey_codes"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("survey_batches.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    used_at: Mapped[datetime | None]
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("questionnaire_responses.id"), unique=True
    )

    batch: Mapped[SurveyBatch] = relationship()

    __table_args__ = (Index("ix_survey_codes_batch", "batch_id"),)
