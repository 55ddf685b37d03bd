"""The questionnaire engine's service API, used by campaigns (door-knock answers), training
quizzes and the awareness survey. Services never commit; the caller owns the transaction.

Question and answer shapes: see `fanzha.questionnaires.questions`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.clock import now
from fanzha.org.scope import get_scoped, require_unit_in_scope, unit_in_scope
from fanzha.questionnaires import errors
from fanzha.questionnaires.models import (
    Purpose,
    Questionnaire,
    QuestionnaireResponse,
    QuestionnaireVersion,
    SourceKind,
)
from fanzha.questionnaires.questions import check_answers, parse_questions, score_answers
from fanzha.questionnaires.results import question_results


def create_questionnaire(
    session: Session,
    principal: Principal,
    *,
    title: str,
    purpose: Purpose | str,
    questions: Sequence[Mapping[str, Any]],
    unit_id: int | None = None,
) -> Questionnaire:
    """A new questionnaire owned by `unit_id` (default: the principal's unit; must be in the
    principal's scope), with version 1 holding `questions` (parsed and keyed, see
    `questions.parse_questions`). Raises QuestionnaireEmpty, QuestionsInvalid, UnitOutOfScope."""
    parsed = parse_questions(questions)
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise errors.QuestionnaireTitleInvalid(field="title")
    owner = unit_id if unit_id is not None else principal.unit_id
    if owner is None:
        raise errors.QuestionnaireOutOfScope()
    require_unit_in_scope(session, principal, owner)
    questionnaire = Questionnaire(
        title=title, purpose=Purpose(purpose), unit_id=owner, created_by_id=principal.user_id
    )
    session.add(questionnaire)
    session.flush()
    session.add(
        QuestionnaireVersion(
            questionnaire_id=questionnaire.id,
            number=1,
            questions=parsed,
            published_by_id=principal.user_id,
        )
    )
    session.flush()
    return questionnaire


def get_questionnaire(
    session: Session, principal: Principal, questionnaire_id: int
) -> Questionnaire:
    """The questionnaire if the principal may see it (its unit's subtree, or a unit above);
    NotFound otherwise (audited as out of scope)."""
    return get_scoped(session, principal, Questionnaire, questionnaire_id)


def editable(session: Session, principal: Principal, questionnaire: Questionnaire) -> bool:
    """Whether the principal may change it: its owner unit is in the principal's subtree."""
    return unit_in_scope(session, principal, questionnaire.unit_id)


def _for_edit(session: Session, principal: Principal, questionnaire_id: int) -> Questionnaire:
    questionnaire = get_questionnaire(session, principal, questionnaire_id)
    if not editable(session, principal, questionnaire):
        raise errors.QuestionnaireOutOfScope()
    if questionnaire.retired:
        raise errors.QuestionnaireRetired()
    return questionnaire


def revise(
    session: Session,
    principal: Principal,
    questionnaire_id: int,
    questions: Sequence[Mapping[str, Any]],
    *,
    title: str | None = None,
) -> QuestionnaireVersion:
    """Publish a new version with `questions` (the old versions and the responses given under
    them are untouched). Questions that keep their `key` line up with the earlier versions in
    results. When the questions are identical to the current version's, only the title changes
    and the current version is returned. Raises QuestionnaireNotFound-like NotFound,
    QuestionnaireOutOfScope (owned above), QuestionnaireRetired, QuestionsInvalid."""
    questionnaire = _for_edit(session, principal, questionnaire_id)
    parsed = parse_questions(questions)
    if title is not None and title.strip():
        questionnaire.title = title.strip()[:200]
    current = current_version(session, questionnaire_id)
    if current.questions == parsed:
        return current
    # The row lock orders concurrent revisions, so version numbers never collide.
    session.execute(
        select(Questionnaire.id).where(Questionnaire.id == questionnaire_id).with_for_update()
    )
    number = session.scalar(
        select(func.max(QuestionnaireVersion.number)).where(
            QuestionnaireVersion.questionnaire_id == questionnaire_id
        )
    )
    version = QuestionnaireVersion(
        questionnaire_id=questionnaire_id,
        number=(number or 0) + 1,
        questions=parsed,
        published_by_id=principal.user_id,
    )
    session.add(version)
    session.flush()
    return version


def retire(session: Session, principal: Principal, questionnaire_id: int) -> Questionnaire:
    """Stop a questionnaire being chosen or answered (its versions and responses stay)."""
    questionnaire = _for_edit(session, principal, questionnaire_id)
    questionnaire.retired_at = now()
    session.flush()
    return questionnaire


def current_version(session: Session, questionnaire_id: int) -> QuestionnaireVersion:
    """The latest version of a questionnaire (no scope check: callers already hold a record
    that names the questionnaire). Raises QuestionnaireNotFound."""
    version = session.scalar(
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.questionnaire_id == questionnaire_id)
        .order_by(QuestionnaireVersion.number.desc())
        .limit(1)
    )
    if version is None:
        raise errors.QuestionnaireNotFound()
    return version


def versions(session: Session, questionnaire_id: int) -> list[QuestionnaireVersion]:
    """Every version, newest first."""
    return list(
        session.scalars(
            select(QuestionnaireVersion)
            .where(QuestionnaireVersion.questionnaire_id == questionnaire_id)
            .order_by(QuestionnaireVersion.number.desc())
        )
    )


def validate_answers(version: QuestionnaireVersion, answers: Mapping[str, object]) -> dict:
    """The answers normalised for storage: single → option label, multiple → list of labels
    in option order, text → stripped text, number → int or float; unanswered optional
    questions left out. Raises an InvalidInput subclass naming the question in Chinese
    (第3题“…”为必答题): AnswerRequired, AnswerNotAnOption, AnswerOneOnly, AnswerNotANumber,
    AnswerBelowMin, AnswerAboveMax, AnswerTooLong, UnknownQuestion, AnswersInvalid."""
    return check_answers(version.questions, answers)


def record_response(
    session: Session,
    version_id: int,
    answers: Mapping[str, object],
    *,
    source_kind: SourceKind | str,
    source_ref: str = "",
) -> QuestionnaireResponse:
    """Validate (see `validate_answers`) and store one response under `version_id`, tagged with
    where it came from (a visit's uuid, an event or grid id, a survey code's id...). Raises the
    answer errors, QuestionnaireNotFound (no such version), QuestionnaireRetired. A second
    response for the same survey code raises IntegrityError from the unique index (the survey
    service turns it into SurveyCodeUsed)."""
    version = session.get(QuestionnaireVersion, version_id)
    if version is None:
        raise errors.QuestionnaireNotFound()
    if version.questionnaire.retired:
        raise errors.QuestionnaireRetired()
    normalised = validate_answers(version, answers)
    response = QuestionnaireResponse(
        version_id=version.id,
        questionnaire_id=version.questionnaire_id,
        answers=normalised,
        source_kind=SourceKind(source_kind),
        source_ref=str(source_ref)[:64],
    )
    session.add(response)
    session.flush()
    return response


def record_responses(
    session: Session,
    version_id: int,
    items: Sequence[tuple[Mapping[str, object], str]],
    *,
    source_kind: SourceKind | str,
) -> list[int]:
    """Many responses under one version in one INSERT (a phone's queue of visits synced at
    once): `items` are (answers, source_ref); every one is validated first, so the first bad
    one raises its answer error (see `validate_answers`) and nothing is written. Returns the
    new ids in the order given."""
    version = session.get(QuestionnaireVersion, version_id)
    if version is None:
        raise errors.QuestionnaireNotFound()
    if version.questionnaire.retired:
        raise errors.QuestionnaireRetired()
    kind = SourceKind(source_kind)
    rows = [
        {
            "version_id": version.id,
            "questionnaire_id": version.questionnaire_id,
            "answers": validate_answers(version, answers),
            "source_kind": kind,
            "source_ref": str(ref)[:64],
        }
        for answers, ref in items
    ]
    if not rows:
        return []
    result = session.execute(
        insert(QuestionnaireResponse).returning(
            QuestionnaireResponse.id, sort_by_parameter_order=True
        ),
        rows,
    )
    return list(result.scalars())


def response_by_source(
    session: Session, source_kind: SourceKind | str, source_ref: str
) -> QuestionnaireResponse | None:
    """The latest response tagged with this source (a trainee's quiz, a visit), or None. No
    scope check: callers hold the record the source names."""
    return session.scalar(
        select(QuestionnaireResponse)
        .where(
            QuestionnaireResponse.source_kind == SourceKind(source_kind),
            QuestionnaireResponse.source_ref == str(source_ref)[:64],
        )
        .order_by(QuestionnaireResponse.id.desc())
        .limit(1)
    )


def score(version: QuestionnaireVersion, answers: Mapping[str, object]) -> tuple[int, int]:
    """(right, total) over the version's questions that carry a `correct` answer; `answers`
    are normalised ones (as stored, or from validate_answers). (0, 0) when nothing is scored."""
    return score_answers(version.questions, answers)


def results(
    session: Session,
    questionnaire_id: int,
    *,
    version_id: int | None = None,
    source_kind: SourceKind | str | None = None,
    source_refs: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Per-question figures over the responses (all versions by default, lined up by question
    key on the current version's questions; or one version), optionally only those from one
    source kind and its refs. Shape:

        {"responses": 120, "version": QuestionnaireVersion, "questions": [
           {"key", "n", "title", "kind", "answered",
            "options": [{"label", "count", "pct"}]        # choice kinds; pct of answered, 0-100
            "count", "mean", "median", "min", "max"        # number
            "latest": [{"text", "at"}]                     # text: the 5 latest
            "right": int | None, "right_pct": float | None # questions with a correct answer
           }, ...]}

    No scope check: callers hold the questionnaire through the scope layer."""
    if version_id is not None:
        version = session.get(QuestionnaireVersion, version_id)
        if version is None or version.questionnaire_id != questionnaire_id:
            raise errors.QuestionnaireNotFound()
    else:
        version = current_version(session, questionnaire_id)
    where = [QuestionnaireResponse.questionnaire_id == questionnaire_id]
    if version_id is not None:
        where.append(QuestionnaireResponse.version_id == version_id)
    if source_kind is not None:
        where.append(QuestionnaireResponse.source_kind == SourceKind(source_kind))
    if source_refs is not None:
        where.append(QuestionnaireResponse.source_ref.in_([str(r) for r in source_refs]))
    return question_results(session, version, where)
