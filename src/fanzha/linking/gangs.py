"""Gangs (串并团伙) and the analysts' decisions on them (confirm, name, assign, split, merge),
the gang view within the viewer's scope and its export."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from fanzha import clock, excel, listing
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.cases.models import Case
from fanzha.fields import visible_text
from fanzha.i18n import linking as i18n
from fanzha.i18n import zh_CN
from fanzha.i18n.common import LIST_SEPARATOR
from fanzha.kernel import states
from fanzha.linking import links
from fanzha.linking.errors import (
    GangDissolved,
    GangDissolvedNoMerge,
    GangMergeReasonMissing,
    GangMergeWithItself,
    GangNameTooLong,
    GangUnitNotFound,
    IndicatorNotInGang,
)
from fanzha.linking.exclusions import add_exclusion
from fanzha.linking.indicators import why_not_linking
from fanzha.linking.links import Relinked
from fanzha.linking.models import (
    CaseIndicator,
    Gang,
    GangMember,
    GangMerge,
    GangStatus,
    Indicator,
    LinkExclusion,
)
from fanzha.masking import mask_name
from fanzha.org import scope
from fanzha.org.models import Unit


def list_gangs(
    session: Session,
    principal: Principal,
    *,
    status: str = "",
    limit: int = 50,
    offset: int = 0,
    query: listing.ListQuery | None = None,
) -> tuple[list[tuple[Gang, int, date | None, date | None]], int]:
    """Gangs the principal may see (see fanzha.org.scope: the city sees all, a unit the gangs
    with a case of its own) with their loss and first and last report, largest first. The
    loss and dates are over the cases the principal may see. `query` (page, size, sort by
    cases/loss/last report, text on the name) wins over `limit`/`offset`."""
    where = [Gang.status != GangStatus.dissolved]
    if status in zh_CN.GANG_STATUSES:
        where = [Gang.status == status]
    where.append(scope.owner_clause(Gang, principal))
    query = query or listing.ListQuery(page=offset // max(limit, 1) + 1, size=limit)
    where += listing.text_match(query, Gang.name)
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
    page = listing.paginate(
        session,
        select(Gang, loss.c.loss, loss.c.first, loss.c.last)
        .outerjoin(loss, loss.c.gang_id == Gang.id)
        .where(*where)
        .options(selectinload(Gang.unit)),
        query,
        {"cases": [Gang.case_count], "loss": [loss.c.loss], "last": [loss.c.last]},
        (Gang.case_count.desc(), Gang.id),
        scalars=False,
    )
    rows = [(g, int(lost or 0), first, last) for g, lost, first, last in page.rows]
    return rows, page.total


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
    """The live (not dissolved) gang the case belongs to, if any."""
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
    through every recomputation, and wins ties when groups are matched to gangs. Raises
    GangDissolved (409). Confirming a confirmed gang changes nothing, whether the two
    confirmations come one after the other or at the same moment (the row is held first)."""
    session.refresh(gang, with_for_update={"key_share": True})
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
    """Name the gang and give it to the unit that will work it. Raises GangNameTooLong
    (422), GangUnitNotFound (422) for a unit that does not exist."""
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
    """Split the gang where a noisy value joined it: the value is excluded from linking.
    Raises IndicatorNotInGang (422)."""
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
        reason=visible_text(reason) or i18n.AUDIT["gang_split"].format(gang=gang.label),
        gang=gang,
    )
    return result


def merge_gangs(
    session: Session, actor: Principal, gang: Gang, other: Gang, *, reason: str
) -> Gang:
    """Two gangs are one (the analyst knows what no shared value shows: the same boss, the
    same script). Recorded as a link between a case of each, so it survives recomputation.
    Raises GangMergeWithItself, GangMergeReasonMissing (422) and GangDissolvedNoMerge (409)."""
    if gang.id == other.id:
        raise GangMergeWithItself(field="other_id")
    if GangStatus.dissolved in (gang.status, other.status):
        raise GangDissolvedNoMerge()
    reason = visible_text(reason)
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
    """The gang as Excel: cases (victim names masked), the linking values, stations. Returns
    .xlsx bytes."""
    gang = view.gang
    cases = [
        [
            c.case_no,
            clock.local(c.reported_at),
            c.unit.name,
            mask_name(c.victim_name),
            zh_CN.FRAUD_TYPES[c.fraud_type],
            excel.Yuan(c.loss_fen),
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
    stations = [[name, n, excel.Yuan(loss)] for name, n, loss in view.by_station]
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
