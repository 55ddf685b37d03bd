"""Excel of a questionnaire's results (one sheet of per-question figures, one of the raw
responses, one column per question) and of the awareness survey's codes and rates. Cells go
through fanzha.excel, which stores every string as text (formula-like answers stay inert)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha import clock, excel
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.i18n import lists as lists_i18n
from fanzha.i18n import questionnaires as i18n
from fanzha.questionnaires.awareness import Rate
from fanzha.questionnaires.models import (
    Questionnaire,
    QuestionnaireResponse,
    QuestionnaireVersion,
    SourceKind,
)

RAW_CAP = 200_000  # rows of raw responses in one workbook


def answered_per_version(session: Session, questionnaire_id: int) -> dict[int, int]:
    """{version id: responses given under it}."""
    rows = session.execute(
        select(QuestionnaireResponse.version_id, func.count())
        .where(QuestionnaireResponse.questionnaire_id == questionnaire_id)
        .group_by(QuestionnaireResponse.version_id)
    )
    return {v: n for v, n in rows.all()}


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return i18n.JOIN.join(str(v) for v in value)
    return value


def results_workbook(
    session: Session,
    questionnaire: Questionnaire,
    figures: dict[str, Any],
    *,
    version_id: int | None = None,
    source_kind: str | None = None,
) -> tuple[bytes, int]:
    """(the .xlsx, raw rows written): sheet 结果 (one line per question and option / figure)
    and sheet 原始答卷 (one line per response, the current questions as columns)."""
    summary: list[list[Any]] = []
    for q in figures["questions"]:
        head = [q["n"], q["title"], i18n.KINDS[q["kind"]], q["answered"]]
        if "options" in q:
            for option in q["options"]:
                summary.append([*head, option["label"], option["count"], option["pct"]])
        elif q["kind"] == "number":
            for label in ("mean", "median", "min", "max"):
                summary.append([*head, i18n.NUMBER_FIGURES[label], q[label], None])
        else:
            for latest in q["latest"]:
                summary.append([*head, latest["text"], None, None])
            if not q["latest"]:
                summary.append([*head, "", None, None])
        if q["right"] is not None:
            summary.append([*head, i18n.RIGHT_ROW, q["right"], q["right_pct"]])
    questions = figures["version"].questions
    stmt = (
        select(QuestionnaireResponse, QuestionnaireVersion.number)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == QuestionnaireResponse.version_id)
        .where(QuestionnaireResponse.questionnaire_id == questionnaire.id)
        .order_by(QuestionnaireResponse.id)
        .limit(RAW_CAP)
    )
    if version_id is not None:
        stmt = stmt.where(QuestionnaireResponse.version_id == version_id)
    if source_kind is not None:
        stmt = stmt.where(QuestionnaireResponse.source_kind == SourceKind(source_kind))
    raw = []
    for response, number in session.execute(stmt).all():
        raw.append(
            [
                response.id,
                clock.local(response.created_at),
                number,
                i18n.SOURCES[response.source_kind],
                # A survey code's row id, never the code itself (it is a credential).
                response.source_ref,
                *(_cell(response.answers.get(q["key"])) for q in questions),
            ]
        )
    content = excel.workbook_from_sheets(
        [
            (i18n.SHEETS["results"], i18n.RESULT_HEADERS, summary, [6, 40, 8, 10, 30, 10, 10]),
            (
                i18n.SHEETS["raw"],
                [*i18n.RAW_HEADERS, *(f"{n}. {q['title']}" for n, q in enumerate(questions, 1))],
                raw,
                None,
            ),
        ]
    )
    return content, len(raw)


def audit_export(
    session: Session, actor: Principal, questionnaire: Questionnaire, count: int
) -> None:
    audit_file(session, actor, "questionnaire_results", questionnaire.id, count)


def audit_file(
    session: Session, actor: Principal, target_type: str, target_id: int, count: int
) -> None:
    """The audit line of an export (rows counted; never a survey code)."""
    audit.record(
        session,
        actor,
        AuditAction.list_page_exported,
        target_type=target_type,
        target_id=target_id,
        summary=lists_i18n.LIST_EXPORT_AUDIT.format(
            title=lists_i18n.LIST_EXPORTS[target_type], count=count
        ),
        detail={"rows": count},
    )


def rates_rows(rates: list[Rate]) -> list[list[Any]]:
    """The awareness table as rows: place, answered, aware, rate %, CI low %, CI high %, flag."""
    return [
        [
            r.label,
            r.n,
            r.aware,
            None if r.rate is None else round(100 * r.rate, 1),
            None if r.low is None else round(100 * r.low, 1),
            None if r.high is None else round(100 * r.high, 1),
            i18n.SMALL_SAMPLE if r.small else "",
        ]
        for r in rates
    ]
