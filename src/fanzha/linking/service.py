"""Analysis: indicators and where they were seen, the exclusion list and the review queue,
gangs and the analysts' decisions on them (confirm, name, assign, split, merge), the gang
view and its export."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.orm import Session, selectinload

from fanzha import clock, excel
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.auth.permissions import Principal
from fanzha.cases.models import Case
from fanzha.config import get_settings
from fanzha.excel import Column, ImportReport, RowError
from fanzha.fundflow.models import StatementImport, StatementRow
from fanzha.i18n import linking as i18n
from fanzha.i18n import zh_CN
from fanzha.i18n.common import LIST_SEPARATOR
from fanzha.identifiers import InvalidIdentifier
from fanzha.kernel import states
from fanzha.linking import links, values
from fanzha.linking.errors import (
    ExclusionExists,
    ExclusionPatternInvalid,
    ExclusionReasonMissing,
    GangDissolved,
    GangDissolvedNoMerge,
    GangMergeReasonMissing,
    GangMergeWithItself,
    GangNameTooLong,
    GangUnitNotFound,
    IndicatorKindMissing,
    IndicatorNotInGang,
    IndicatorValuesInvalid,
    IndicatorValuesMissing,
)
from fanzha.linking.links import Relinked
from fanzha.linking.models import (
    CaseIndicator,
    Gang,
    GangMember,
    GangMerge,
    GangStatus,
    Indicator,
    IndicatorKind,
    IndicatorSource,
    LinkExclusion,
)
from fanzha.masking import mask_name
from fanzha.money import format_yuan
from fanzha.org import scope
from fanzha.org import service as org
from fanzha.org.models import Unit
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
    parts = []
    said = i18n.RELINKED
    if result.gangs_created:
        parts.append(said["created"].format(count=len(result.gangs_created)))
    if result.gangs_changed:
        parts.append(said["changed"].format(count=len(result.gangs_changed)))
    if result.gangs_dissolved:
        parts.append(said["dissolved"].format(count=len(result.gangs_dissolved)))
    return said["separator"].join(parts) or said["none"]


# --- indicators ----------------------------------------------------------------------------


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
    site); all or none are taken. Returns what changed, for the page."""
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
            select(Case).where(Case.case_no.in_(numbers), org.scope_clause(Case.unit_id, actor))
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


def sightings(
    session: Session, indicator: Indicator, principal: Principal, *, limit: int = 200
) -> Sightings:
    """Every case, warning and statement an indicator appears in, within the principal's
    scope; the cases of other units are only counted (`other_cases`)."""
    in_scope = scope.owner_clause(Case, principal)
    everywhere = (
        session.scalar(
            select(func.count())
            .select_from(CaseIndicator)
            .where(CaseIndicator.indicator_id == indicator.id)
        )
        or 0
    )
    rows = session.execute(
        select(Case, CaseIndicator, Gang)
        .join(CaseIndicator, CaseIndicator.case_id == Case.id)
        .outerjoin(GangMember, GangMember.case_id == Case.id)
        .outerjoin(Gang, Gang.id == GangMember.gang_id)
        .where(CaseIndicator.indicator_id == indicator.id, in_scope)
        .options(selectinload(Case.unit))
        .order_by(Case.reported_at.desc())
        .limit(limit)
    ).all()
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
        [(c, ci, g) for c, ci, g in rows],
        warnings,
        warning_count,
        own,
        other,
        statement_cases,
        why_not_linking(session, indicator),
        max(0, everywhere - _in_scope_count(session, indicator, in_scope)),
    )


def _in_scope_count(session: Session, indicator: Indicator, in_scope: Any) -> int:
    stmt = (
        select(func.count())
        .select_from(CaseIndicator)
        .join(Case, Case.id == CaseIndicator.case_id)
        .where(CaseIndicator.indicator_id == indicator.id, in_scope)
    )
    return session.scalar(stmt) or 0


def search_indicators(session: Session, query: str, *, limit: int = 50) -> list[Indicator]:
    """Indicators whose value contains the query (digits of an account, part of a domain)."""
    text_query = (query or "").strip().lower()
    if not text_query:
        return []
    return list(
        session.scalars(
            select(Indicator)
            .where(Indicator.value.contains(text_query, autoescape=True))
            .order_by(Indicator.case_count.desc(), Indicator.id)
            .limit(limit)
        )
    )


# --- exclusions and the review queue -----------------------------------------------------


def _apply_exclusion(session: Session, exclusion: LinkExclusion) -> list[int]:
    return list(
        session.scalars(
            text(
                "UPDATE indicators AS i SET excluded_by_id = e.id FROM link_exclusions e"
                f" WHERE e.id = :id AND i.kind = e.kind AND i.value LIKE {links.LIKE_PATTERN}"
                " AND i.excluded_by_id IS NULL RETURNING i.id"
            ),
            {"id": exclusion.id},
        )
    )


def add_exclusion(
    session: Session,
    actor: Principal,
    *,
    kind: IndicatorKind,
    pattern: str,
    reason: str,
    gang: Gang | None = None,
) -> tuple[LinkExclusion, Relinked]:
    """Never link on this value (or pattern): the cases it joined are regrouped at once."""
    if kind not in zh_CN.INDICATOR_KINDS:
        raise IndicatorKindMissing(field="kind")
    try:
        normalized = values.normalize_pattern(kind, pattern)
    except InvalidIdentifier as exc:
        raise ExclusionPatternInvalid(problem=str(exc), field="pattern") from exc
    reason = (reason or "").strip()
    if not reason:
        raise ExclusionReasonMissing(field="reason")
    if session.scalar(
        select(LinkExclusion.id).where(
            LinkExclusion.kind == kind, LinkExclusion.pattern == normalized
        )
    ):
        raise ExclusionExists(pattern=normalized)
    exclusion = LinkExclusion(
        kind=kind,
        pattern=normalized,
        reason=reason[:300],
        gang_id=gang.id if gang else None,
        created_by_id=actor.user_id,
    )
    session.add(exclusion)
    session.flush()  # its id marks the indicators it covers
    affected = _apply_exclusion(session, exclusion)
    result = links.relink(session, indicators=affected)
    audit.record(
        session,
        actor,
        AuditAction.exclusion_added,
        target_type="link_exclusions",
        target_id=exclusion.id,
        summary=i18n.AUDIT["excluded"].format(
            kind=zh_CN.INDICATOR_KINDS[kind],
            pattern=normalized,
            reason=reason[:60],
            count=len(affected),
            relinked=relinked_summary(result),
        ),
        detail={"gang_id": gang.id if gang else None, "indicators": len(affected)},
    )
    return exclusion, result


def remove_exclusion(session: Session, actor: Principal, exclusion: LinkExclusion) -> Relinked:
    """Let the value link again; another exclusion still matching keeps it out."""
    freed = list(
        session.scalars(
            text(
                "UPDATE indicators SET excluded_by_id = NULL WHERE excluded_by_id = :id"
                " RETURNING id"
            ),
            {"id": exclusion.id},
        )
    )
    label = f"{zh_CN.INDICATOR_KINDS[exclusion.kind]} {exclusion.pattern}"
    session.delete(exclusion)
    session.flush()  # the exclusion is gone before the others are matched again
    links.match_exclusions(session, freed)
    result = links.relink(session, indicators=freed)
    audit.record(
        session,
        actor,
        AuditAction.exclusion_removed,
        target_type="link_exclusions",
        summary=i18n.AUDIT["exclusion_removed"].format(
            label=label, relinked=relinked_summary(result)
        ),
    )
    return result


def exclusions(session: Session) -> list[tuple[LinkExclusion, int]]:
    """The exclusion list with how many indicators each keeps out."""
    counts = dict(
        session.execute(
            select(Indicator.excluded_by_id, func.count())
            .where(Indicator.excluded_by_id.is_not(None))
            .group_by(Indicator.excluded_by_id)
        ).all()
    )
    rows = session.scalars(select(LinkExclusion).order_by(LinkExclusion.id.desc()))
    return [(e, counts.get(e.id, 0)) for e in rows]


def review_queue(session: Session) -> list[Indicator]:
    """Values over the cap that stopped linking and wait for an analyst."""
    return list(
        session.scalars(
            select(Indicator)
            .where(
                Indicator.case_count > get_settings().linking_cap,
                Indicator.excluded_by_id.is_(None),
                Indicator.link_approved.is_(False),
            )
            .order_by(Indicator.case_count.desc())
        )
    )


def keep_linking(session: Session, actor: Principal, indicator: Indicator) -> Relinked:
    """The analyst judged a busy value genuine (one gang's collection account): it links
    again above the cap."""
    indicator.link_approved = True
    indicator.reviewed_at = clock.now()
    session.flush()  # relink reads the flag in SQL
    result = links.relink(session, indicators=[indicator.id])
    audit.record(
        session,
        actor,
        AuditAction.indicator_reviewed,
        target_type="indicators",
        target_id=indicator.id,
        summary=i18n.AUDIT["over_cap_approved"].format(
            value=indicator.value, relinked=relinked_summary(result)
        ),
    )
    return result


# --- gangs -----------------------------------------------------------------------------------


def list_gangs(
    session: Session, principal: Principal, *, status: str = "", limit: int = 50, offset: int = 0
) -> tuple[list[tuple[Gang, int, date | None, date | None]], int]:
    """Gangs the principal may see (see fanzha.org.scope: the city sees all, a unit the gangs
    with a case of its own) with their loss and first and last report, largest first. The
    loss and dates are over the cases the principal may see."""
    where = [Gang.status != GangStatus.dissolved]
    if status in zh_CN.GANG_STATUSES:
        where = [Gang.status == status]
    where.append(scope.owner_clause(Gang, principal))
    total = session.scalar(select(func.count()).select_from(Gang).where(*where)) or 0
    loss = (
        select(
            GangMember.gang_id,
            func.sum(Case.loss_fen).label("loss"),
            func.min(Case.reported_at).label("first"),
            func.max(Case.reported_at).label("last"),
        )
        .join(Case, Case.id == GangMember.case_id)
        .where(scope.owner_clause(Case, principal))
        .group_by(GangMember.gang_id)
        .subquery()
    )
    rows = session.execute(
        select(Gang, loss.c.loss, loss.c.first, loss.c.last)
        .outerjoin(loss, loss.c.gang_id == Gang.id)
        .where(*where)
        .options(selectinload(Gang.unit))
        .order_by(Gang.case_count.desc(), Gang.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return [(g, int(loss or 0), first, last) for g, loss, first, last in rows], total


@dataclass
class LinkReason:
    indicator: Indicator
    cases: list[Case]  # the ones the viewer may open
    linking: bool
    why_not: str
    others: int = 0  # cases of other units sharing the value: counted, never linked


@dataclass
class GangView:
    gang: Gang
    cases: list[Case]
    loss_fen: int
    by_station: list[tuple[str, int, int]]  # station, cases, loss
    by_kind: list[tuple[str, int]]  # indicator kind label, values
    timeline: list[tuple[date, int, int]]  # day, cases, loss
    reasons: list[LinkReason]  # values shared by two or more of its cases
    merges: list[GangMerge]
    splits: list[LinkExclusion]
    fraud_types: list[tuple[str, int]] = field(default_factory=list)
    others: int = 0  # the gang's cases of other units: counted, never listed or linked


def gang_of_case(session: Session, case_id: int) -> Gang | None:
    return session.scalar(
        select(Gang)
        .join(GangMember, GangMember.gang_id == Gang.id)
        .where(GangMember.case_id == case_id)
    )


def gang_view(session: Session, gang: Gang, principal: Principal) -> GangView:
    """Everything the gang page shows: cases, victims by station, loss, indicators, timeline,
    and why each case is in it. Only the cases the principal may open are listed and summed;
    the others are counted (`others`, and `LinkReason.others`), see fanzha.org.scope."""
    every_case = list(
        session.scalars(
            select(Case)
            .join(GangMember, GangMember.case_id == Case.id)
            .where(GangMember.gang_id == gang.id)
            .options(selectinload(Case.unit))
            .order_by(Case.reported_at)
        )
    )
    visible = scope.visible_ids(session, principal, Case, (c.id for c in every_case))
    cases = [c for c in every_case if c.id in visible]
    by_id = {c.id: c for c in every_case}
    edges = session.execute(
        select(CaseIndicator.case_id, Indicator)
        .join(Indicator, Indicator.id == CaseIndicator.indicator_id)
        .where(CaseIndicator.case_id.in_(by_id))
    ).all()
    per_indicator: dict[int, list[Case]] = defaultdict(list)
    indicators: dict[int, Indicator] = {}
    for case_id, indicator in edges:
        per_indicator[indicator.id].append(by_id[case_id])
        indicators[indicator.id] = indicator
    reasons = []
    for indicator_id, members in per_indicator.items():
        indicator = indicators[indicator_id]
        why_not = why_not_linking(session, indicator)
        # The values that join cases, and the noisy ones shown greyed so a split is one click.
        if len(members) >= 2 or (why_not and indicator.case_count >= 2):
            mine = [c for c in members if c.id in visible]
            if mine:  # a value only other units' cases share is theirs to see
                reasons.append(
                    LinkReason(indicator, mine, not why_not, why_not, len(members) - len(mine))
                )
    reasons.sort(key=lambda r: (not r.linking, -len(r.cases), r.indicator.value))
    stations: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    days: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for case in cases:
        stations[case.unit.name][0] += 1
        stations[case.unit.name][1] += case.loss_fen
        day = case.reported_at.astimezone(clock.SHANGHAI).date()
        days[day][0] += 1
        days[day][1] += case.loss_fen
    kinds = Counter(zh_CN.INDICATOR_KINDS[r.indicator.kind] for r in reasons)
    merges = list(
        session.scalars(
            select(GangMerge).where(
                or_(GangMerge.case_a_id.in_(visible), GangMerge.case_b_id.in_(visible))
            )
        )
    )
    splits = list(session.scalars(select(LinkExclusion).where(LinkExclusion.gang_id == gang.id)))
    return GangView(
        gang=gang,
        cases=cases,
        loss_fen=sum(c.loss_fen for c in cases),
        by_station=sorted(
            ((name, n, loss) for name, (n, loss) in stations.items()), key=lambda s: -s[1]
        ),
        by_kind=kinds.most_common(),
        timeline=sorted((d, n, loss) for d, (n, loss) in days.items()),
        reasons=reasons,
        merges=merges,
        splits=splits,
        fraud_types=Counter(zh_CN.FRAUD_TYPES[c.fraud_type] for c in cases).most_common(),
        others=len(every_case) - len(cases),
    )


G = GangStatus
# Dissolving and reviving are the linker's set-based recomputation (links._update_gangs, in
# SQL); an analyst's confirmation is the one move made record by record.
GANG = states.machine(
    "gang",
    i18n.SUBJECTS["gang"],
    "gangs",
    {
        G.suggested: {G.confirmed, G.dissolved},
        G.confirmed: {G.dissolved},
        G.dissolved: {G.suggested},
    },
    initial={G.suggested},
    labels=zh_CN.GANG_STATUSES,
    action={G.confirmed: AuditAction.gang_confirmed},
    stamps={G.confirmed: "confirmed_at"},
)


def confirm_gang(session: Session, actor: Principal, gang: Gang) -> Gang:
    """The analyst confirms the system's grouping: the gang keeps its id, name and unit
    through every recomputation, and wins ties when groups are matched to gangs."""
    if gang.status == GangStatus.dissolved:
        raise GangDissolved()
    if gang.status == GangStatus.confirmed:
        return gang
    states.move(
        session,
        GANG,
        gang,
        GangStatus.confirmed,
        actor=actor,
        summary=i18n.AUDIT["gang_confirmed"].format(gang=gang.label, count=gang.case_count),
    )
    gang.confirmed_by_id = actor.user_id
    return gang


def update_gang(
    session: Session,
    actor: Principal,
    gang: Gang,
    *,
    name: str,
    unit_id: int | None,
    note: str = "",
) -> Gang:
    """Name the gang and give it to the unit that will work it."""
    name = " ".join((name or "").split())
    if len(name) > 100:
        raise GangNameTooLong(field="name")
    if unit_id is not None and session.get(Unit, unit_id) is None:
        raise GangUnitNotFound(field="unit_id")
    gang.name, gang.unit_id, gang.note = name, unit_id, (note or "").strip()
    audit.record(
        session,
        actor,
        AuditAction.gang_updated,
        target_type="gangs",
        target_id=gang.id,
        summary=i18n.AUDIT["gang_unit"].format(gang=gang.label, unit=unit_id or i18n.UNIT_UNSET),
    )
    return gang


def split_gang(
    session: Session, actor: Principal, gang: Gang, indicator: Indicator, *, reason: str = ""
) -> Relinked:
    """Split the gang where a noisy value joined it: the value is excluded from linking."""
    linked = session.scalar(
        select(func.count())
        .select_from(CaseIndicator)
        .join(GangMember, GangMember.case_id == CaseIndicator.case_id)
        .where(CaseIndicator.indicator_id == indicator.id, GangMember.gang_id == gang.id)
    )
    if not linked:
        raise IndicatorNotInGang(field="indicator_id")
    _, result = add_exclusion(
        session,
        actor,
        kind=indicator.kind,
        pattern=indicator.value,
        reason=reason.strip() or i18n.AUDIT["gang_split"].format(gang=gang.label),
        gang=gang,
    )
    return result


def merge_gangs(
    session: Session, actor: Principal, gang: Gang, other: Gang, *, reason: str
) -> Gang:
    """Two gangs are one (the analyst knows what no shared value shows: the same boss, the
    same script). Recorded as a link between a case of each, so it survives recomputation."""
    if gang.id == other.id:
        raise GangMergeWithItself(field="other_id")
    if GangStatus.dissolved in (gang.status, other.status):
        raise GangDissolvedNoMerge()
    reason = (reason or "").strip()
    if not reason:
        raise GangMergeReasonMissing(field="reason")
    first = session.scalar(
        select(func.min(GangMember.case_id)).where(GangMember.gang_id == gang.id)
    )
    second = session.scalar(
        select(func.min(GangMember.case_id)).where(GangMember.gang_id == other.id)
    )
    a, b = sorted((first, second))
    session.add(
        GangMerge(case_a_id=a, case_b_id=b, reason=reason[:300], created_by_id=actor.user_id)
    )
    # The gang merged into wins the id: it is confirmed for the merge if it was not already.
    confirm_gang(session, actor, gang)
    session.flush()  # the merge edge is read by the relink
    links.relink(session, [a, b])
    audit.record(
        session,
        actor,
        AuditAction.gang_merged,
        target_type="gangs",
        target_id=gang.id,
        summary=i18n.AUDIT["gang_merged"].format(
            other=other.label, gang=gang.label, reason=reason[:80]
        ),
        detail={"other_id": other.id},
    )
    session.refresh(gang)
    return gang


def gang_workbook(session: Session, actor: Principal, view: GangView) -> bytes:
    """The gang as Excel: cases (victim names masked), the linking values, stations."""
    gang = view.gang
    cases = [
        [
            c.case_no,
            clock.local(c.reported_at),
            c.unit.name,
            mask_name(c.victim_name),
            zh_CN.FRAUD_TYPES[c.fraud_type],
            format_yuan(c.loss_fen),
            zh_CN.CASE_STATUSES[c.status],
        ]
        for c in view.cases
    ]
    if view.others:
        cases.append([zh_CN.SCOPE["other_cases"].format(n=view.others), "", "", "", "", "", ""])
    reasons = [
        [
            zh_CN.INDICATOR_KINDS[r.indicator.kind],
            r.indicator.value,
            len(r.cases) + r.others,
            LIST_SEPARATOR.join(
                [c.case_no for c in r.cases]
                + ([zh_CN.SCOPE["other_cases"].format(n=r.others)] if r.others else [])
            ),
            i18n.GANG_SHEETS["linking"]
            if r.linking
            else i18n.GANG_SHEETS["not_linking"].format(why=r.why_not),
        ]
        for r in view.reasons
    ]
    stations = [[name, n, format_yuan(loss)] for name, n, loss in view.by_station]
    content = excel.workbook_from_sheets(
        [
            (
                i18n.GANG_SHEETS["cases"],
                list(i18n.GANG_CASE_COLUMNS),
                cases,
                [22, 18, 20, 10, 18, 14, 10],
            ),
            (
                i18n.GANG_SHEETS["reasons"],
                list(i18n.GANG_REASON_COLUMNS),
                reasons,
                [12, 26, 8, 60, 30],
            ),
            (
                i18n.GANG_SHEETS["stations"],
                list(i18n.GANG_STATION_COLUMNS),
                stations,
                [24, 10, 14],
            ),
        ]
    )
    audit.record(
        session,
        actor,
        AuditAction.gang_exported,
        target_type="gangs",
        target_id=gang.id,
        summary=i18n.AUDIT["gang_exported"].format(gang=gang.label, count=len(view.cases)),
        detail={"cases": len(view.cases), "other_units_cases": view.others},
    )
    return content


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
