"""The awareness survey (知晓率调查): a questionnaire version answered through single-use codes
issued in batches per grid or event. A code answers once: the code row is locked while it is
answered, and the responses' partial unique index (one response per survey code) settles a
race the lock did not see. Codes are never logged (fanzha.logs scrubs the survey path)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.clock import now
from fanzha.config import get_settings
from fanzha.org.models import Grid
from fanzha.org.scope import get_scoped, require_unit_in_scope, scoped_select
from fanzha.questionnaires import errors, service
from fanzha.questionnaires.models import (
    QuestionnaireResponse,
    SourceKind,
    Survey,
    SurveyBatch,
    SurveyCode,
)
from fanzha.questionnaires.questions import scored

# No 0/O, 1/I/L: a code read off a slip of paper is typed back right.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8  # 31^8 ≈ 8.5e11: guessing a live code is hopeless behind the rate limit


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a citizen typed, made comparable: upper case, spaces and dashes dropped."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())[:16]


def create_survey(
    session: Session,
    principal: Principal,
    *,
    questionnaire_id: int,
    title: str,
    aware_min_right: int | None = None,
    unit_id: int | None = None,
) -> Survey:
    """A survey over the questionnaire's current version (frozen for the survey: later
    revisions do not change what its codes answer). The version must have at least one scored
    question (SurveyNotScored); `aware_min_right` (1..scored count, None = all) is how many
    of them a respondent must answer right to count as aware."""
    questionnaire = service.get_questionnaire(session, principal, questionnaire_id)
    version = service.current_version(session, questionnaire.id)
    marked = scored(version.questions)
    if not marked:
        raise errors.SurveyNotScored()
    if aware_min_right is not None and not 1 <= aware_min_right <= len(marked):
        raise errors.SurveyNotScored(field="aware_min_right")
    owner = unit_id if unit_id is not None else principal.unit_id
    if owner is None:
        raise errors.QuestionnaireOutOfScope()
    require_unit_in_scope(session, principal, owner)
    title = (title or "").strip()[:200] or questionnaire.title
    survey = Survey(
        title=title,
        questionnaire_id=questionnaire.id,
        version_id=version.id,
        unit_id=owner,
        aware_min_right=aware_min_right,
        created_by_id=principal.user_id,
    )
    session.add(survey)
    session.flush()
    return survey


def get_survey(session: Session, principal: Principal, survey_id: int) -> Survey:
    """The survey if in the principal's scope (its unit's subtree); NotFound otherwise."""
    return get_scoped(session, principal, Survey, survey_id)


def list_surveys(session: Session, principal: Principal) -> list[Survey]:
    return list(session.scalars(scoped_select(Survey, principal).order_by(Survey.id.desc())))


def issue_codes(
    session: Session,
    principal: Principal,
    survey_id: int,
    *,
    size: int,
    grid_id: int | None = None,
    event_ref: str = "",
    unit_id: int | None = None,
) -> SurveyBatch:
    """A batch of `size` fresh codes for one grid (its answers count for the grid's unit) or
    one event (`event_ref`, counted for `unit_id`, default the principal's unit). Raises
    SurveyBatchTooLarge (size outside 1..settings.survey_batch_max), SurveyBatchNoPlace,
    SurveyClosed, UnitOutOfScope / NotFound for a grid or unit out of scope."""
    survey = get_survey(session, principal, survey_id)
    if survey.closed_at is not None:
        raise errors.SurveyClosed()
    limit = get_settings().survey_batch_max
    if not 1 <= size <= limit:
        raise errors.SurveyBatchTooLarge(limit=limit, field="size")
    event_ref = (event_ref or "").strip()[:64]
    if grid_id is not None:
        grid = get_scoped(session, principal, Grid, grid_id)
        owner = grid.unit_id
    elif event_ref:
        owner = unit_id if unit_id is not None else principal.unit_id  # type: ignore[assignment]
        if owner is None:
            raise errors.SurveyBatchNoPlace()
        require_unit_in_scope(session, principal, owner)
    else:
        raise errors.SurveyBatchNoPlace()
    batch = SurveyBatch(
        survey_id=survey.id,
        grid_id=grid_id,
        event_ref=event_ref,
        unit_id=owner,
        size=size,
        created_by_id=principal.user_id,
    )
    session.add(batch)
    session.flush()
    made = 0
    while made < size:  # a collision (one in ~1e9 per code) just draws again
        rows = [{"batch_id": batch.id, "code": new_code()} for _ in range(size - made)]
        result = session.execute(
            insert(SurveyCode).values(rows).on_conflict_do_nothing().returning(SurveyCode.id)
        )
        made += len(result.all())
    return batch


def batch_codes(session: Session, batch: SurveyBatch) -> list[SurveyCode]:
    """The batch's codes in issue order (for the printable list and its Excel)."""
    return list(
        session.scalars(
            select(SurveyCode).where(SurveyCode.batch_id == batch.id).order_by(SurveyCode.id)
        )
    )


def batches(session: Session, survey: Survey) -> list[tuple[SurveyBatch, int]]:
    """The survey's batches with how many codes each has had answered, newest first."""
    used = func.count(SurveyCode.used_at)
    rows = session.execute(
        select(SurveyBatch, used)
        .join(SurveyCode, SurveyCode.batch_id == SurveyBatch.id, isouter=True)
        .where(SurveyBatch.survey_id == survey.id)
        .group_by(SurveyBatch.id)
        .order_by(SurveyBatch.id.desc())
    )
    return [(b, n) for b, n in rows]


def close_survey(session: Session, principal: Principal, survey_id: int) -> Survey:
    """No more answers: every unused code is refused from now on."""
    survey = get_survey(session, principal, survey_id)
    if survey.closed_at is None:
        survey.closed_at = now()
        session.flush()
    return survey


def open_code(session: Session, code: str) -> tuple[SurveyCode, Survey]:
    """The code and its survey, for the public page. Raises SurveyCodeUnknown, SurveyCodeUsed,
    SurveyClosed (in that order)."""
    found = session.scalar(select(SurveyCode).where(SurveyCode.code == normalise_code(code)))
    if found is None:
        raise errors.SurveyCodeUnknown()
    if found.used_at is not None:
        raise errors.SurveyCodeUsed()
    survey = found.batch.survey
    if survey.closed_at is not None:
        raise errors.SurveyClosed()
    return found, survey


def answer_code(
    session: Session, code: str, answers: Mapping[str, object]
) -> QuestionnaireResponse:
    """Record the one response a code allows. Raises the answer errors of
    `service.validate_answers`, SurveyCodeUnknown, SurveyClosed, and SurveyCodeUsed for a code
    already answered, including by a concurrent submit that won the race."""
    found, survey = open_code(session, code)
    locked = session.scalar(select(SurveyCode).where(SurveyCode.id == found.id).with_for_update())
    session.refresh(found)
    if locked is None or found.used_at is not None:
        raise errors.SurveyCodeUsed()
    try:
        with session.begin_nested():
            response = service.record_response(
                session,
                survey.version_id,
                answers,
                source_kind=SourceKind.survey_code,
                source_ref=str(found.id),
            )
    except IntegrityError as exc:
        raise errors.SurveyCodeUsed() from exc
    found.used_at = now()
    found.response_id = response.id
    session.flush()
    return response


def survey_questions(survey: Survey) -> Sequence[dict]:
    return survey.version.questions
