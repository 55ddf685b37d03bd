"""Analysis in the demo city, through the real services: the exclusion list; the fraudster
phones and WeChat accounts analysts entered for the gangs' cases; noise the guards catch (a
bank hotline victims called, a video app named in many cases, over the cap and waiting for
review); at-risk people found in statements and a call list and pushed as warnings; blocking
requests in every status; leads to stations, answered, pending and overdue.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from fanzha import clock, excel
from fanzha.access import Principal
from fanzha.cases.models import Case, CaseStatus
from fanzha.demo.cases import gang_of_account
from fanzha.linking import at_risk, blocking, exclusions, gangs, indicators, leads
from fanzha.linking.models import (
    AtRiskPerson,
    AtRiskStatus,
    BlockRequest,
    BlockStatus,
    Gang,
    Indicator,
    IndicatorKind,
)
from fanzha.org.models import Unit
from fanzha.warnings.models import Warning

EXCLUSIONS = (
    (IndicatorKind.phone, "95588", "工商银行客服热线，受害人核实时拨打"),
    (IndicatorKind.phone, "9555*", "银行客服号段"),
    (IndicatorKind.phone, "96110", "反诈预警专线"),
    (IndicatorKind.domain, "taobao.com", "电商平台主域名"),
    (IndicatorKind.domain, "*.taobao.com", "电商平台子域名"),
)
GANG_NAMES = ("“跑分”洗钱团伙", "刷单返利诈骗团伙", "冒充客服退款团伙")
# Where each blocking request ends up, in turn: every status is on screen.
BLOCK_PATHS = (
    (),
    (BlockStatus.accepted,),
    (BlockStatus.accepted, BlockStatus.done),
    (BlockStatus.refused,),
    (BlockStatus.accepted, BlockStatus.done, BlockStatus.appealed),
    (BlockStatus.accepted, BlockStatus.done, BlockStatus.appealed, BlockStatus.lifted),
    (BlockStatus.accepted, BlockStatus.done),
)


# 号段 of the three carriers, so the numbers are valid and the blocking targets vary.
PREFIXES = ("135", "136", "138", "139", "150", "158", "186", "131", "155", "133", "153", "189")


def _mobile(rng: random.Random) -> str:
    return f"{rng.choice(PREFIXES)}{rng.randrange(10**8):08d}"


def build(session: Session, *, seed: int) -> dict[str, int]:
    rng = random.Random(seed * 7_919)
    actor = Principal.system("示例数据")
    for kind, pattern, reason in EXCLUSIONS:
        exclusions.add_exclusion(session, actor, kind=kind, pattern=pattern, reason=reason)
    cases = list(
        session.scalars(
            select(Case)
            .where(Case.status.in_([CaseStatus.registered, CaseStatus.closed]))
            .options(selectinload(Case.transfers))
            .order_by(Case.id)
        )
    )
    by_gang: dict[int, list[Case]] = defaultdict(list)
    for case in cases:
        gangs = {gang_of_account(t.receiving_account) for t in case.transfers} - {None}
        if gangs:
            by_gang[min(gangs)].append(case)
    fraud_phones: list[str] = []
    for _, members in sorted(by_gang.items()):
        phones = [_mobile(rng) for _ in range(3)]
        chats = [f"wxid_{rng.randrange(16**10):010x}" for _ in range(2)]
        fraud_phones += phones
        for case in members:
            if rng.random() < 0.7:
                _enter(session, actor, case, IndicatorKind.phone, rng.choice(phones))
            if rng.random() < 0.4:
                _enter(session, actor, case, IndicatorKind.wechat, rng.choice(chats))
    for case in cases:
        in_gang = any(gang_of_account(t.receiving_account) is not None for t in case.transfers)
        # Most victims remember the number that called them; some the WeChat that added them.
        if not in_gang and rng.random() < 0.8:
            _enter(session, actor, case, IndicatorKind.phone, _mobile(rng))
        if not in_gang and rng.random() < 0.3:
            _enter(session, actor, case, IndicatorKind.wechat, f"wxid_{rng.randrange(16**10):010x}")
        if rng.random() < 0.05:
            _enter(session, actor, case, IndicatorKind.phone, "95588")  # excluded: no link
    # A video app many victims happened to use: over the cap, it waits for review.
    for case in rng.sample(cases, min(len(cases), 60)):
        _enter(session, actor, case, IndicatorKind.app, "抖音")

    _confirm_gangs(session, actor)
    found = _at_risk(session, actor, rng, fraud_phones)
    blocks = _blocking(session, actor)
    sent = _leads(session, actor, rng)
    return {"at_risk_found": found, "block_requests": blocks, "leads": sent}


def _enter(session: Session, actor: Principal, case: Case, kind: IndicatorKind, value: str):
    with clock.pinned(case.reported_at + timedelta(hours=2)):
        indicators.add_case_indicators(session, actor, case, kind=kind, raw=value)


def _confirm_gangs(session: Session, actor: Principal) -> None:
    suggested = session.scalars(
        select(Gang).where(Gang.status == "suggested").order_by(Gang.case_count.desc()).limit(3)
    ).all()
    for gang, name in zip(suggested, GANG_NAMES, strict=False):
        gangs.update_gang(session, actor, gang, name=name, unit_id=None)
        gangs.confirm_gang(session, actor, gang)


def _at_risk(session: Session, actor: Principal, rng: random.Random, phones: list[str]) -> int:
    found = at_risk.find_payers(session, actor)
    addresses = [
        a
        for a in session.scalars(select(Warning.address).where(Warning.routed.is_(True)).limit(500))
        if a
    ]
    payers = session.scalars(
        select(AtRiskPerson).where(AtRiskPerson.status == AtRiskStatus.needs_identity)
    ).all()
    # The banks' 开户资料 came back for most payers: their phone and address.
    for person in payers[: len(payers) * 2 // 3]:
        at_risk.set_identity(
            session,
            actor,
            person,
            name=person.person_name,
            phone=_mobile(rng),
            id_number="",
            address=rng.choice(addresses) if addresses else "",
        )
    calls: list[list[object]] = [["主叫号码", "被叫号码", "通话时间", "通话时长（秒）"]]
    start = clock.now() - timedelta(days=3)
    for phone in phones[:12]:
        for _ in range(rng.randint(2, 5)):
            at = start + timedelta(minutes=rng.randrange(3 * 24 * 60))
            calls.append(
                [
                    phone,
                    _mobile(rng),
                    at.astimezone(clock.SHANGHAI).strftime("%Y-%m-%d %H:%M:%S"),
                    rng.randint(20, 1800),
                ]
            )
    at_risk.import_calls(session, actor, excel.plain_workbook([("Sheet", calls)]))
    ready = at_risk.ready_people(session, actor, [])
    at_risk.push(session, actor, ready[: len(ready) * 3 // 4])  # the rest wait on screen
    return found + session.scalar(
        select(func.count()).select_from(AtRiskPerson).where(AtRiskPerson.kind == "contact")
    )


def _blocking(session: Session, actor: Principal) -> int:
    values = session.scalars(
        select(Indicator)
        .where(
            Indicator.kind.in_([IndicatorKind.phone, IndicatorKind.wechat]),
            Indicator.excluded_by_id.is_(None),
            Indicator.case_count > 0,
        )
        .order_by(Indicator.case_count.desc(), Indicator.id)
        .limit(28)
    ).all()
    center = session.scalar(select(Unit.id).where(Unit.parent_id.is_(None)))

    def request(value: Indicator) -> BlockRequest:
        reason = f"涉及 {value.case_count} 起电信网络诈骗案件"
        return blocking.request_block(session, actor, value, reason=reason, unit_id=center)

    drafts_from = len(values) - max(1, len(values) // 7)
    sent = [request(v) for v in values[:drafts_from]]
    for target in sorted({r.target for r in sent}):
        blocking.submit_batch(session, actor, target)
    notes = {BlockStatus.appealed: "机主称号码系新办理，与案件无关", BlockStatus.lifted: "核实属实"}
    for index, block in enumerate(sent):
        for step in BLOCK_PATHS[index % len(BLOCK_PATHS)]:
            blocking.transition(session, actor, block, step, note=notes.get(step, ""))
    drafts = [request(v) for v in values[drafts_from:]]  # written, not yet sent
    return len(sent) + len(drafts)


def _leads(session: Session, actor: Principal, rng: random.Random) -> int:
    chosen = session.scalars(select(Gang).where(Gang.status != "dissolved").limit(6)).all()
    now = clock.now()
    for index, gang in enumerate(chosen):
        station = gangs.gang_view(session, gang, actor).cases[0].unit_id
        sent_at = now - timedelta(days=index * 2 + 1)
        with clock.pinned(sent_at):
            lead = leads.send_lead(
                session,
                actor,
                unit_id=station,
                title=f"核查{gang.label}收款账户持卡人",
                content="请核查该团伙收款账户的开户人、办卡网点和近期取现人员，反馈核查结果。",
                due_at=sent_at + timedelta(days=3),
                gang=gang,
            )
        if index % 3 == 0:
            leads.answer(
                session,
                actor,
                lead,
                result="已核查持卡人，系出售银行卡",
                arrests=rng.randint(0, 3),
                recovered_fen=rng.randint(0, 50) * 1_000_00,
            )
    leads.remind_overdue(session, now)  # the overdue ones have been chased
    return len(chosen)
