"""知晓率: the awareness rate of a survey per grid, community, station (or the whole survey),
from the survey's own code responses only (the public quiz's self-selected takers never come
in: they are not survey responses). Every rate carries its sample size and a 95% Wilson score
interval; a sample under `settings.survey_small_sample` is flagged."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from scipy.stats import binomtest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.config import get_settings
from fanzha.org.models import Grid, Unit
from fanzha.org.scope import owner_clause
from fanzha.questionnaires.models import (
    QuestionnaireResponse,
    QuestionnaireVersion,
    Survey,
    SurveyBatch,
    SurveyCode,
)
from fanzha.questionnaires.questions import is_right, scored

LEVELS = ("grid", "community", "station", "branch", "survey")
# Unit depth in the tree (市局 0, 分局 1, 派出所 2, 社区警务室 3).
_DEPTH = {"branch": 1, "station": 2, "community": 3}


def wilson_interval(aware: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of aware/n (no continuity correction), via scipy; (0, 1)
    for n == 0 (nothing is known)."""
    if n == 0:
        return 0.0, 1.0
    ci = binomtest(aware, n).proportion_ci(confidence_level=confidence, method="wilson")
    return max(0.0, float(ci.low)), min(1.0, float(ci.high))


@dataclass(frozen=True)
class Rate:
    """One place's awareness: `aware` of `n` answered, rate and interval in 0..1."""

    key: Any  # a grid id, unit id, event ref or "all"
    label: str
    n: int
    aware: int
    rate: float | None
    low: float | None
    high: float | None
    small: bool


def make_rate(key: Any, label: str, aware: int, n: int) -> Rate:
    small = n < get_settings().survey_small_sample
    if n == 0:
        return Rate(key, label, 0, 0, None, None, None, True)
    low, high = wilson_interval(aware, n)
    return Rate(key, label, n, aware, aware / n, low, high, small)


def is_aware(questions: list[dict[str, Any]], answers: dict[str, Any], need: int | None) -> bool:
    """The rule in Python (the database's survey_aware counts; tests hold the two equal):
    aware when at least `need` (None: all) of the scored questions are answered right."""
    marked = scored(questions)
    right = sum(1 for q in marked if is_right(q, answers.get(q["key"])))
    return right >= (len(marked) if need is None else need)


def awareness(
    session: Session, survey: Survey, level: str = "grid", principal: Principal | None = None
) -> list[Rate]:
    """The survey's awareness rates at `level` (one of LEVELS), places with answers only,
    ordered by label; for "grid", event batches appear as their own rows. With a `principal`,
    only the batches of its own unit's subtree count (a station reading the center's survey
    sees its own places; "survey" is then its overall rate)."""
    if level not in LEVELS:
        level = "grid"
    # Whether each answer is aware is decided by the database (survey_aware, the rule of
    # `is_aware`), so the rate here and the 知晓率 of the leaders' figures cannot differ.
    aware = func.survey_aware(
        QuestionnaireResponse.answers,
        QuestionnaireVersion.questions,
        Survey.aware_min_right,
    )
    stmt = (
        select(
            SurveyBatch.grid_id,
            SurveyBatch.event_ref,
            Unit.id,
            Unit.path,
            func.count(),
            func.count().filter(aware),
        )
        .select_from(QuestionnaireResponse)
        .join(SurveyCode, SurveyCode.response_id == QuestionnaireResponse.id)
        .join(SurveyBatch, SurveyBatch.id == SurveyCode.batch_id)
        .join(Survey, Survey.id == SurveyBatch.survey_id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Survey.version_id)
        .join(Unit, Unit.id == SurveyBatch.unit_id)
        .where(
            SurveyBatch.survey_id == survey.id,
            QuestionnaireResponse.source_kind == "survey_code",
        )
        .group_by(SurveyBatch.grid_id, SurveyBatch.event_ref, Unit.id, Unit.path)
    )
    if principal is not None:
        stmt = stmt.where(owner_clause(SurveyBatch, principal))
    tally: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
    for grid_id, event_ref, unit_id, path, n, aware_n in session.execute(stmt).all():
        key = _place(level, grid_id, event_ref, unit_id, path)
        if key is None:
            continue
        tally[key][1] += n
        tally[key][0] += aware_n
    labels = _labels(session, level, list(tally))
    rates = [make_rate(k, labels.get(k, str(k)), a, n) for k, (a, n) in tally.items()]
    return sorted(rates, key=lambda r: r.label)


def _place(level: str, grid_id: int | None, event_ref: str, unit_id: int, path: str) -> Any:
    if level == "survey":
        return "all"
    if level == "grid":
        return ("grid", grid_id) if grid_id is not None else ("event", event_ref)
    parts = [p for p in path.split("/") if p]
    depth = _DEPTH[level]
    return int(parts[depth]) if len(parts) > depth else None


def _labels(session: Session, level: str, keys: list[Any]) -> dict[Any, str]:
    if level == "survey":
        return {"all": ""}
    if level == "grid":
        grid_ids = [k[1] for k in keys if k[0] == "grid"]
        names = dict(session.execute(select(Grid.id, Grid.name).where(Grid.id.in_(grid_ids))).all())
        return {k: names.get(k[1], "") if k[0] == "grid" else k[1] for k in keys}
    return dict(session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(keys))).all())
