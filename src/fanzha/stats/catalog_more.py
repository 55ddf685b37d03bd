"""Indicators added to the catalogue (fanzha.stats.catalog places them in their groups):
suspects arrested, blocks by kind of value, household coverage as a rate, and 知晓率.
口径 text in fanzha.i18n.stats, keyed alike."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from fanzha.cases.models import Case, CaseArrest, CaseStatus
from fanzha.i18n.stats import UNIT_LABELS as U
from fanzha.linking.models import BlockRequest, BlockStatus, IndicatorKind
from fanzha.linking.models import Indicator as Value
from fanzha.outreach.models import Household, Visit, VisitOutcome
from fanzha.questionnaires.models import (
    QuestionnaireResponse,
    QuestionnaireVersion,
    SourceKind,
    Survey,
    SurveyBatch,
    SurveyCode,
)
from fanzha.stats.indicator import Indicator, Measure

# What a block request is about follows from the kind of the value it blocks (no column of
# its own): 号码 are phone numbers, 社交账号 chat accounts (微信, QQ), 域名 web addresses.
BLOCK_KINDS = {
    "phone": (IndicatorKind.phone,),
    "chat": (IndicatorKind.wechat, IndicatorKind.qq),
    "domain": (IndicatorKind.domain,),
}
BLOCKED = BlockRequest.status.in_([BlockStatus.done, BlockStatus.appealed, BlockStatus.lifted])


def arrests() -> list[Indicator]:
    """抓获嫌疑人: suspects entered on registered or closed cases, by the day of the arrest."""
    measure = Measure(
        CaseArrest,
        CaseArrest.arrested_on,
        Case.unit_id,
        (Case.status.in_([CaseStatus.registered, CaseStatus.closed]),),
        joins=((Case, Case.id == CaseArrest.case_id),),
        total=CaseArrest.suspects,
        link="/cases/{case_id}",
        permission="cases.read",
        label="id",
    )
    return [
        Indicator("cases.arrested", "cases", "sum", measure, "arrested", U["person"], 1),
    ]


def blocked_by_kind() -> list[Indicator]:
    """封停 counted per kind of value (号码 / 社交账号 / 域名), as analysis.blocked counts all."""
    out = []
    for name, kinds in BLOCK_KINDS.items():
        measure = Measure(
            BlockRequest,
            BlockRequest.done_at,
            BlockRequest.unit_id,
            (BlockRequest.done_at.is_not(None), BLOCKED, Value.kind.in_(kinds)),
            joins=((Value, Value.id == BlockRequest.indicator_id),),
            link="/analysis/blocking/{id}",
            permission="analysis.read",
            label="id",
        )
        out.append(
            Indicator(
                f"analysis.blocked.{name}", "analysis", "count", measure, "done", U["item"], 1
            )
        )
    return out


def _entered_between(start: datetime, end: datetime):
    """The household has an 已入户 visit in [start, end) (UTC bounds of a period). An
    uncorrelated IN: the database reads the period's visits once into a hash, where a
    correlated EXISTS would probe the visits once per household and period."""
    return Household.id.in_(
        select(Visit.household_id).where(
            Visit.outcome == VisitOutcome.entered,
            Visit.visited_at >= start,
            Visit.visited_at < end,
        )
    )


def coverage() -> list[Indicator]:
    """入户覆盖率: households registered at the period's end (by `created_at`, not deleted by
    then) that had an 已入户 visit in the period, over those registered households."""

    def households(within=None) -> Measure:
        return Measure(
            Household,
            Household.created_at,
            Household.unit_id,
            (),
            stock=True,
            until=Household.deleted_at,
            within=within,
            link="/outreach/households?grid={grid_id}",
            permission="outreach.plan",
            label="id",
        )

    return [
        Indicator(
            "outreach.coverage",
            "outreach",
            "rate",
            households(_entered_between),
            "visited",
            "%",
            1,
            base=households(),
        )
    ]


def awareness() -> list[Indicator]:
    """知晓率: survey answers judged aware by their survey's rule (the SQL function
    survey_aware, the same rule as fanzha.questionnaires.awareness.is_aware) over answers."""

    def answers(*where) -> Measure:
        return Measure(
            SurveyCode,
            SurveyCode.used_at,
            SurveyBatch.unit_id,
            (
                SurveyCode.response_id.is_not(None),
                QuestionnaireResponse.source_kind == SourceKind.survey_code,
                *where,
            ),
            joins=(
                (SurveyBatch, SurveyBatch.id == SurveyCode.batch_id),
                (QuestionnaireResponse, QuestionnaireResponse.id == SurveyCode.response_id),
                (Survey, Survey.id == SurveyBatch.survey_id),
                (QuestionnaireVersion, QuestionnaireVersion.id == Survey.version_id),
            ),
            link="/outreach/surveys/{batch.survey_id}",
            permission="outreach.read",
            label="id",
        )

    aware = func.survey_aware(
        QuestionnaireResponse.answers, QuestionnaireVersion.questions, Survey.aware_min_right
    )
    return [
        Indicator(
            "outreach.awareness",
            "outreach",
            "rate",
            answers(aware.is_(True)),
            "answered",
            "%",
            1,
            base=answers(),
        )
    ]
