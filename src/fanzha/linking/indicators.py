"""Indicators (串并要素): entered for a case or imported from a sheet, where each was seen
(cases, warnings, statements), why one does not link, and the search."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from fanzha import excel, listing
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.cases.models import Case
from fanzha.config import get_settings
from fanzha.excel import Column, ImportReport, RowError
from fanzha.fundflow.models import StatementImport, StatementRow
from fanzha.i18n import linking as i18n
from fanzha.i18n import zh_CN
from fanzha.identifiers import InvalidIdentifier
from fanzha.linking import links, values
from fanzha.linking.errors import (
    IndicatorValuesInvalid,
    IndicatorValuesMissing,
)
from fanzha.linking.links import Relinked
from fanzha.linking.models import (
    CaseIndicator,
    Gang,
    GangMember,
    Indicator,
    IndicatorKind,
    IndicatorSource,
    LinkExclusion,
)
from fanzha.org import scope
from fanzha.warnings.models import Warning

KIND_BY_LABEL = {label: kind for kind, label in zh_CN.INDICATOR_KINDS.items()}


# Not on spaces: officers write numbers in groups ("138 0013 8000").
_SPLIT = re.compile(r"[\r\n,，;；、]+")


def split_values(raw: str) -> list[str]:
    """Values pasted one per line or separated by commas (Chinese or not)."""
    return [v.strip() for v in _SPLIT.split(raw or "") if v.strip()]


def _normalized(kind: IndicatorKind, raw_values: list[str]) -> list[str]:
    good, bad = [], []
    for raw in raw_values:
        try:
            good.append(values.normalize(kind, raw))
        except InvalidIdentifier as exc:
            bad.append(str(exc))
    if bad:
        raise IndicatorValuesInvalid(problems="；".join(bad), field="values")
    if not good:
        raise IndicatorValuesMissing(field="values")
    return good


def relinked_summary(result: Relinked) -> str:
    """What a relinking changed, in one Chinese sentence for the page and the audit log."""
    parts = []
    said = i18n.RELINKED
    if result.gangs_created:
        parts.append(said["created"].format(count=len(result.gangs_created)))
    if result.gangs_changed:
        parts.append(said["changed"].format(count=len(result.gangs_changed)))
    if result.gangs_dissolved:
        parts.append(said["dissolved"].format(count=len(result.gangs_dissolved)))
    return said["separator"].join(parts) or said["none"]


def add_case_indicators(
    session: Session,
    actor: Principal,
    case: Case,
    *,
    kind: IndicatorKind,
    raw: str,
    note: str = "",
) -> str:
    """An analyst enters fraud-side values of a case (the fraudster's phone, WeChat, the
    site); all or none are taken. Returns what changed, for the page. Raises
    IndicatorValuesInvalid (422) listing the values that are not of the kind,
    IndicatorValuesMissing (422) when none was given."""
    normalized = _normalized(kind, split_values(raw))
    result = links.attach(
        session,
        case.id,
        [(kind, v) for v in normalized],
        source=IndicatorSource.manual,
        seen_at=case.reported_at,
        added_by_id=actor.user_id,
        note=note[:200],
    )
    summary = i18n.AUDIT["indicators_added"].format(
        case_no=case.case_no, kind=zh_CN.INDICATOR_KINDS[kind], count=len(normalized)
    )
    audit.record(
        session,
        actor,
        AuditAction.indicator_added,
        target_type="cases",
        target_id=case.id,
        summary=summary,
        detail={"kind": str(kind), "count": len(normalized)},
    )
    return i18n.WITH_RELINKED.format(summary=summary, relinked=relinked_summary(result))


_SHEET = i18n.INDICATOR_SHEET


IMPORT_COLUMNS = (
    Column(_SHEET["case_no"], "case_no", required=True, width=22),
    Column(
        _SHEET["kind"],
        "kind",
        required=True,
        choices=tuple(zh_CN.INDICATOR_KINDS.values()),
        width=14,
    ),
    Column(
        _SHEET["value"], "value", required=True, width=30, note=i18n.INDICATOR_SHEET_NOTES["value"]
    ),
    Column(_SHEET["note"], "note", width=30),
)


IMPORT_LIMIT = 20_000


def import_template() -> bytes:
    """The indicator import sheet's empty template, as .xlsx bytes."""
    return excel.template(
        i18n.INDICATOR_SHEET_NAME,
        IMPORT_COLUMNS,
        [i18n.INDICATOR_SHEET_FOOTNOTE],
    )


def import_indicators(session: Session, actor: Principal, content: bytes) -> ImportReport:
    """Indicators from an Excel sheet (案件编号, 要素类型, 要素值): the good rows attached to
    their cases (a value already on its case is not added twice, so a file can be imported
    again), each bad row reported with its column and reason."""
    errors: list[RowError] = []
    wanted: list[tuple[int, str, IndicatorKind, str, str]] = []
    for row, record in excel.read_rows(content, IMPORT_COLUMNS, limit=IMPORT_LIMIT):
        kind = KIND_BY_LABEL.get(record["kind"]) or (
            record["kind"] if record["kind"] in zh_CN.INDICATOR_KINDS else None
        )
        if not record["case_no"]:
            errors.append(RowError(row, _SHEET["case_no"], i18n.INDICATOR_ROWS["required"]))
        if kind is None:
            errors.append(
                RowError(
                    row, _SHEET["kind"], i18n.VALUES["unknown_kind"].format(kind=record["kind"])
                )
            )
            continue
        try:
            value = values.normalize(kind, record["value"])
        except InvalidIdentifier as exc:
            errors.append(RowError(row, _SHEET["value"], str(exc)))
            continue
        if record["case_no"]:
            wanted.append((row, record["case_no"], IndicatorKind(kind), value, record["note"]))
    numbers = {case_no for _, case_no, *_ in wanted}
    cases = {
        c.case_no: c
        for c in session.scalars(
            select(Case).where(Case.case_no.in_(numbers), scope.scope_clause(Case.unit_id, actor))
        )
    }
    for row, case_no, *_ in wanted:
        if case_no not in cases:
            errors.append(
                RowError(
                    row, _SHEET["case_no"], i18n.INDICATOR_ROWS["no_case"].format(case_no=case_no)
                )
            )
    refused = {e.row for e in errors}
    good = [w for w in wanted if w[0] not in refused]
    by_case: dict[str, list[tuple[IndicatorKind, str]]] = defaultdict(list)
    for _, case_no, kind, value, _note in good:
        by_case[case_no].append((kind, value))
    created = changed = 0
    for case_no in sorted(by_case):  # one order for every import: see links.attach
        case = cases[case_no]
        result = links.attach(
            session,
            case.id,
            by_case[case_no],
            source=IndicatorSource.imported,
            seen_at=case.reported_at,
            added_by_id=actor.user_id,
        )
        created += len(result.gangs_created)
        changed += len(result.gangs_changed)
    message = i18n.INDICATOR_ROWS["imported"].format(
        count=len(good), cases=len(by_case), created=created
    )
    if good:
        audit.record(
            session,
            actor,
            AuditAction.indicator_imported,
            target_type="indicators",
            summary=message,
            detail={
                "rows": len(good),
                "cases": len(by_case),
                "gangs_changed": changed,
                "refused": len(refused),
            },
        )
    return ImportReport(message, len(good), sorted(errors, key=lambda e: e.row))


@dataclass
class Sightings:
    indicator: Indicator
    cases: list[tuple[Case, CaseIndicator, Gang | None]]
    warnings: list[Warning]
    warning_count: int
    statement_rows: int  # rows of the account's own statement
    counterpart_rows: int  # rows naming it as the other side
    statement_cases: list[Case]
    why_not_linking: str
    other_cases: int = 0  # cases of other units the value is in: counted, never listed
    case_page: listing.Page[Any] | None = None  # `cases` is its rows; the total in scope


def why_not_linking(session: Session, indicator: Indicator) -> str:
    """Empty while the value links cases; otherwise the reason, as the page shows it."""
    if indicator.excluded_by_id is not None:
        exclusion = session.get(LinkExclusion, indicator.excluded_by_id)
        pattern = exclusion.pattern if exclusion else ""
        return i18n.NOT_LINKING["excluded"].format(pattern=pattern)
    cap = get_settings().linking_cap
    if indicator.case_count > cap and not indicator.link_approved:
        return i18n.NOT_LINKING["over_cap"].format(count=indicator.case_count, cap=cap)
    return ""


_WARNING_COLUMN = {
    IndicatorKind.account: Warning.fraudster_account,
    IndicatorKind.phone: Warning.fraudster_phone,
    IndicatorKind.domain: Warning.fraud_url,
    IndicatorKind.app: Warning.fraud_app,
}


SIGHTING_SORTS: listing.Sorts = {"reported": [Case.reported_at], "case_no": [Case.case_no]}


def sightings(
    session: Session,
    indicator: Indicator,
    principal: Principal,
    query: listing.ListQuery | None = None,
) -> Sightings:
    """Every case, warning and statement an indicator appears in, within the principal's
    scope; the cases of other units are only counted (`other_cases`). The cases are one page
    of `query` (page, size, sort; newest reported first by default) with their total in
    scope; warnings and statement cases the latest 50 of each."""
    in_scope = scope.owner_clause(Case, principal)
    everywhere = (
        session.scalar(
            select(func.count())
            .select_from(CaseIndicator)
            .where(CaseIndicator.indicator_id == indicator.id)
        )
        or 0
    )
    case_page = listing.paginate(
        session,
        select(Case, CaseIndicator, Gang)
        .join(CaseIndicator, CaseIndicator.case_id == Case.id)
        .outerjoin(GangMember, GangMember.case_id == Case.id)
        .outerjoin(Gang, Gang.id == GangMember.gang_id)
        .where(CaseIndicator.indicator_id == indicator.id, in_scope)
        .options(selectinload(Case.unit)),
        query or listing.ListQuery(),
        SIGHTING_SORTS,
        (Case.reported_at.desc(), Case.id.desc()),
        scalars=False,
    )
    warnings: list[Warning] = []
    warning_count = 0
    column = _WARNING_COLUMN.get(indicator.kind)
    if column is not None:
        where = and_(column == indicator.value, scope.owner_clause(Warning, principal))
        warning_count = session.scalar(select(func.count()).where(where)) or 0
        warnings = list(
            session.scalars(
                select(Warning)
                .where(where)
                .options(selectinload(Warning.unit))
                .order_by(Warning.received_at.desc())
                .limit(50)
            )
        )
    own = other = 0
    statement_cases: list[Case] = []
    if indicator.kind == IndicatorKind.account:
        own = (
            session.scalar(select(func.count()).where(StatementRow.account == indicator.value)) or 0
        )
        other = (
            session.scalar(select(func.count()).where(StatementRow.counterpart == indicator.value))
            or 0
        )
        statement_cases = list(
            session.scalars(
                select(Case)
                .where(
                    in_scope,
                    Case.id.in_(
                        select(StatementImport.case_id)
                        .join(StatementRow, StatementRow.import_id == StatementImport.id)
                        .where(
                            or_(
                                StatementRow.account == indicator.value,
                                StatementRow.counterpart == indicator.value,
                            )
                        )
                    ),
                )
                .order_by(Case.id)
                .limit(50)
            )
        )
    return Sightings(
        indicator,
        [(c, ci, g) for c, ci, g in case_page.rows],
        warnings,
        warning_count,
        own,
        other,
        statement_cases,
        why_not_linking(session, indicator),
        max(0, everywhere - case_page.total),
        case_page,
    )


INDICATOR_SORTS: listing.Sorts = {
    "kind": [Indicator.kind],
    "value": [Indicator.value],
    "cases": [Indicator.case_count],
    "first_seen": [Indicator.first_seen_at],
    "last_seen": [Indicator.last_seen_at],
}


def page_indicators(
    session: Session, query: listing.ListQuery, *, kind: str = ""
) -> listing.Page[Indicator]:
    """The city's indicators (shared, not unit-owned) as a list: most cases first; the text
    filter matches part of the value (lower-cased, as values are stored), the day window the
    last time the value was seen."""
    text = query.q.strip().lower()
    stmt = select(Indicator).where(
        *([Indicator.value.contains(text, autoescape=True)] if text else []),
        *([Indicator.kind == kind] if kind in zh_CN.INDICATOR_KINDS else []),
        *listing.day_window(Indicator.last_seen_at, query),
    )
    order = (Indicator.case_count.desc(), Indicator.id)
    return listing.paginate(session, stmt, query, INDICATOR_SORTS, order)


def case_indicators(session: Session, case: Case) -> list[tuple[CaseIndicator, Indicator]]:
    """A case's indicators for its page, with where each came from."""
    return list(
        session.execute(
            select(CaseIndicator, Indicator)
            .join(Indicator, Indicator.id == CaseIndicator.indicator_id)
            .where(CaseIndicator.case_id == case.id)
            .order_by(Indicator.kind, Indicator.value)
        ).all()
    )
