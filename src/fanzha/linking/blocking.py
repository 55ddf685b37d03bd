"""Blocking requests (封停): a phone number, chat account, domain or app suspended at the
request of the center, each with its reason, its evidence and an appeal path (反电信网络诈骗法
第三十二条: every restriction can be appealed and lifted).

draft → submitted → accepted → done; submitted or accepted → refused; done → appealed →
lifted, or back to done when the appeal is turned down.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import func, select
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
from fanzha.identifiers import InvalidIdentifier, normalize_phone
from fanzha.kernel import states
from fanzha.linking.errors import (
    AppealReasonMissing,
    BatchNotFound,
    BlockAlreadyRequested,
    BlockReasonMissing,
    NotBlockable,
    NothingToSubmit,
)
from fanzha.linking.models import (
    BlockRequest,
    BlockStatus,
    BlockTarget,
    CaseIndicator,
    Indicator,
    IndicatorKind,
)

B = BlockStatus
MACHINE = states.machine(
    "block_request",
    i18n.SUBJECTS["block_request"],
    "block_requests",
    {
        B.draft: frozenset({B.submitted}),
        B.submitted: frozenset({B.accepted, B.refused}),
        B.accepted: frozenset({B.done, B.refused}),
        B.done: frozenset({B.appealed}),
        B.refused: frozenset(),
        B.appealed: frozenset({B.lifted, B.done}),
        B.lifted: frozenset(),
    },
    initial={B.draft},
    labels=zh_CN.BLOCK_STATUSES,
    action=AuditAction.block_transition,
    stamps={B.submitted: "submitted_at", B.appealed: "appealed_at", B.lifted: "lifted_at"},
)
BLOCKABLE = (
    IndicatorKind.phone,
    IndicatorKind.wechat,
    IndicatorKind.qq,
    IndicatorKind.alipay,
    IndicatorKind.domain,
    IndicatorKind.app,
)
_CARRIERS = {name: BlockTarget(target) for name, target in i18n.CARRIER_NAMES.items()}
_TARGET_BY_KIND = {
    IndicatorKind.wechat: BlockTarget.tencent,
    IndicatorKind.qq: BlockTarget.tencent,
    IndicatorKind.alipay: BlockTarget.alibaba,
    IndicatorKind.domain: BlockTarget.registrar,
    IndicatorKind.app: BlockTarget.app_store,
}

# The recipient in a batch number, by the pinyin initials of its Chinese name (移动 YD, 电信 DX,
# 腾讯 TX …): a batch number is read aloud and written on paper, an English code is neither.
BATCH_CODES = {
    BlockTarget.china_mobile: "YD",
    BlockTarget.china_unicom: "LT",
    BlockTarget.china_telecom: "DX",
    BlockTarget.carrier: "YYS",
    BlockTarget.tencent: "TX",
    BlockTarget.alibaba: "AL",
    BlockTarget.registrar: "GXB",
    BlockTarget.app_store: "YYSD",
}


def target_for(indicator: Indicator) -> BlockTarget:
    """Who suspends it: a number's carrier (from its 号段), Tencent for WeChat and QQ, Alibaba
    for Alipay, the registrar / MIIT for a domain, the app stores for an app."""
    if indicator.kind == IndicatorKind.phone:
        try:
            carrier = normalize_phone(indicator.value).carrier
        except InvalidIdentifier:
            carrier = ""
        return next(
            (t for name, t in _CARRIERS.items() if carrier.startswith(name)), BlockTarget.carrier
        )
    if indicator.kind not in _TARGET_BY_KIND:
        raise NotBlockable(kind=zh_CN.INDICATOR_KINDS[indicator.kind], field="indicator_id")
    return _TARGET_BY_KIND[indicator.kind]


def request_block(
    session: Session, actor: Principal, indicator: Indicator, *, reason: str, unit_id: int
) -> BlockRequest:
    """A draft request with the cases the value appears in as its evidence; one open request
    per value."""
    target = target_for(indicator)
    reason = visible_text(reason)
    if not reason:
        raise BlockReasonMissing(field="reason")
    open_one = session.scalar(
        select(BlockRequest).where(
            BlockRequest.indicator_id == indicator.id,
            BlockRequest.status.not_in((B.refused, B.lifted)),
        )
    )
    if open_one is not None:
        raise BlockAlreadyRequested(
            kind=zh_CN.INDICATOR_KINDS[indicator.kind], status=zh_CN.BLOCK_STATUSES[open_one.status]
        )
    case_ids = list(
        session.scalars(
            select(CaseIndicator.case_id)
            .where(CaseIndicator.indicator_id == indicator.id)
            .order_by(CaseIndicator.case_id)
            .limit(200)
        )
    )
    block = BlockRequest(
        indicator_id=indicator.id,
        target=target,
        status=B.draft,
        reason=reason[:2000],
        case_ids=case_ids,
        unit_id=unit_id,
        created_by_id=actor.user_id,
    )
    session.add(block)
    session.flush()  # its id for the audit entry
    audit.record(
        session,
        actor,
        AuditAction.block_requested,
        target_type="block_requests",
        target_id=block.id,
        summary=i18n.AUDIT["block_requested"].format(
            kind=zh_CN.INDICATOR_KINDS[indicator.kind],
            value=indicator.value,
            target=zh_CN.BLOCK_TARGETS[target],
            cases=len(case_ids),
        ),
    )
    return block


def transition(
    session: Session, actor: Principal, block: BlockRequest, to: BlockStatus, *, note: str = ""
) -> BlockRequest:
    """The one place a blocking request changes status: checked, stamped, audited. An
    appeal needs its reason."""
    note = (note or "").strip()
    # A reason is asked of an appeal that may be made (an illegal move says why it is illegal).
    if to == B.appealed and not note and MACHINE.allows(block.status, to):
        raise AppealReasonMissing(field="note")
    before = states.move(
        session,
        MACHINE,
        block,
        to,
        actor=actor,
        label=i18n.LABELS["block"].format(id=block.id),
        reason=note[:80],
    )
    now = clock.now()
    if to in (B.accepted, B.refused) or (to == B.done and before == B.accepted):
        block.answered_at = block.answered_at or now
    if to == B.done and before == B.accepted:
        block.done_at = now
    elif to == B.appealed:
        block.appeal_reason = note
    if note and to != B.appealed:
        block.response_note = note
    return block


BLOCK_SORTS: listing.Sorts = {
    "id": [BlockRequest.id],
    "status": [BlockRequest.status],
    "target": [BlockRequest.target],
}


def list_requests(
    session: Session,
    *,
    status: str = "",
    target: str = "",
    indicator_id: int | None = None,
    limit: int = 100,
    offset: int = 0,
    query: listing.ListQuery | None = None,
) -> tuple[list[BlockRequest], int]:
    """封停 requests, newest first; `query` (page, sort, text on the value, reason or batch
    number, days of the request) wins over `limit`/`offset`."""
    query = query or listing.ListQuery(page=offset // max(limit, 1) + 1, size=limit)
    where = [] if indicator_id is None else [BlockRequest.indicator_id == indicator_id]
    if status in zh_CN.BLOCK_STATUSES:
        where.append(BlockRequest.status == status)
    if target in zh_CN.BLOCK_TARGETS:
        where.append(BlockRequest.target == target)
    stmt = select(BlockRequest).where(*where).options(selectinload(BlockRequest.indicator))
    if query.q:
        stmt = stmt.join(Indicator, Indicator.id == BlockRequest.indicator_id).where(
            *listing.text_match(query, Indicator.value, BlockRequest.reason, BlockRequest.batch_no)
        )
    stmt = stmt.where(*listing.day_window(BlockRequest.created_at, query))
    page = listing.paginate(session, stmt, query, BLOCK_SORTS, (BlockRequest.id.desc(),))
    return page.rows, page.total


_HEADERS = list(i18n.BLOCK_SHEET_COLUMNS)


def _workbook(session: Session, blocks: list[BlockRequest]) -> bytes:
    """The sheet a target receives: one row per request with its evidence cases."""
    ids = sorted({i for b in blocks for i in b.case_ids})
    numbers = dict(session.execute(select(Case.id, Case.case_no).where(Case.id.in_(ids))).all())
    rows = [
        [
            index,
            zh_CN.INDICATOR_KINDS[b.indicator.kind],
            b.indicator.value,
            b.reason,
            LIST_SEPARATOR.join(numbers[i] for i in b.case_ids if i in numbers),
            clock.local(b.created_at),
            zh_CN.BLOCK_STATUSES[b.status],
            b.batch_no,
        ]
        for index, b in enumerate(blocks, start=1)
    ]
    return excel.workbook_from_rows(
        i18n.SUBJECTS["block_request"], _HEADERS, rows, [6, 10, 26, 40, 40, 18, 10, 30]
    )


def submit_batch(session: Session, actor: Principal, target: BlockTarget) -> tuple[str, bytes]:
    """Every draft for one target goes out as one batch: they become 已报送 and the Excel
    sheet the target receives is returned."""
    drafts = list(
        session.scalars(
            select(BlockRequest)
            .where(BlockRequest.target == target, BlockRequest.status == B.draft)
            .options(selectinload(BlockRequest.indicator))
            .order_by(BlockRequest.id)
            .with_for_update()
        )
    )
    if not drafts:
        raise NothingToSubmit(target=zh_CN.BLOCK_TARGETS[target])
    now = clock.now()
    batch_no = f"FT{now.astimezone(clock.SHANGHAI):%Y%m%d%H%M%S}-{BATCH_CODES[target]}"
    for block in drafts:
        block.batch_no = batch_no
        transition(session, actor, block, B.submitted)
    content = _workbook(session, drafts)
    audit.record(
        session,
        actor,
        AuditAction.block_exported,
        target_type="block_requests",
        summary=i18n.AUDIT["blocks_submitted"].format(
            target=zh_CN.BLOCK_TARGETS[target], count=len(drafts), batch_no=batch_no
        ),
        detail={"batch_no": batch_no, "count": len(drafts)},
    )
    return batch_no, content


def batch_workbook(session: Session, batch_no: str) -> bytes:
    """A batch sent earlier, again (the target lost the file)."""
    blocks = list(
        session.scalars(
            select(BlockRequest)
            .where(BlockRequest.batch_no == batch_no)
            .options(selectinload(BlockRequest.indicator))
            .order_by(BlockRequest.id)
        )
    )
    if not blocks:
        raise BatchNotFound(field="batch_no")
    return _workbook(session, blocks)


def counts(session: Session, start: datetime, end: datetime) -> dict[str, Counter[str]]:
    """Per kind, in [start, end): requested, blocked (done), lifted — for the dashboards."""
    result: dict[str, Counter[str]] = {
        "requested": Counter(),
        "done": Counter(),
        "lifted": Counter(),
    }
    for figure, column in (
        ("requested", BlockRequest.created_at),
        ("done", BlockRequest.done_at),
        ("lifted", BlockRequest.lifted_at),
    ):
        rows = session.execute(
            select(Indicator.kind, func.count())
            .join(BlockRequest, BlockRequest.indicator_id == Indicator.id)
            .where(column >= start, column < end)
            .group_by(Indicator.kind)
        ).all()
        result[figure].update({str(kind): n for kind, n in rows})
    return result


def drafts_by_target(session: Session) -> dict[str, int]:
    """Drafts waiting to go out, per target: one 报送 button each."""
    rows = session.execute(
        select(BlockRequest.target, func.count())
        .where(BlockRequest.status == B.draft)
        .group_by(BlockRequest.target)
    ).all()
    return {str(target): n for target, n in rows}
