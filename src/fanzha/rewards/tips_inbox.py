"""The staff side of 线索举报: the inbox of every tip (city-wide for the roles holding
tips.read), tips typed in from 110, letters and visits, triage (category, duplicate of an
earlier tip or of a lead already held, found by the indicators the text names), assignment to
a unit as a lead (linking.leads.send_lead, the tip's text pre-filling it), replies shown on the
reporter's receipt-code page, and closing with an outcome through the state machine.

The reporter's identity never appears here: the tip carries only its vault record's id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from fanzha import clock, listing
from fanzha.access import Principal
from fanzha.audit.models import AuditAction
from fanzha.audit.service import record as audit
from fanzha.i18n import public as public_text
from fanzha.i18n import rewards as rewards_text
from fanzha.identifiers import InvalidIdentifier
from fanzha.kernel import states
from fanzha.linking import leads
from fanzha.linking.models import Indicator, IndicatorKind, Lead
from fanzha.linking.values import normalize
from fanzha.masking import mask_numbers_in_text
from fanzha.public import tips
from fanzha.public.errors import TipCategoryUnknown
from fanzha.public.tip_models import (
    Tip,
    TipAttachment,
    TipCategory,
    TipChannel,
    TipMessage,
    TipOutcome,
    TipStatus,
)
from fanzha.rewards.errors import (
    TipChannelWeb,
    TipDuplicateOfItself,
    TipNotFound,
    TipNotNew,
    TipOutcomeUnknown,
)

MACHINE = tips.MACHINE
SORTS = {"created": Tip.created_at, "id": Tip.id}
DEFAULT_ORDER = (Tip.created_at.desc(), Tip.id.desc())
TITLE_MAX = 60
# Candidates in free text: a phone or card number (digits with spaces or dashes), a web
# address. linking.values decides what each really is.
_DIGITS = re.compile(r"(?<![\d])\+?\d[\d \-]{9,24}\d(?![\d])")
_URL = re.compile(r"(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/\S*)?", re.IGNORECASE)


def inbox(query: listing.ListQuery) -> Select:
    """Every tip (city-wide), filtered by status, channel and category, and text."""
    stmt = select(Tip)
    for key, column, kind in (
        ("status", Tip.status, TipStatus),
        ("channel", Tip.channel, TipChannel),
        ("category", Tip.category, TipCategory),
    ):
        if query.get(key) in kind.__members__:
            stmt = stmt.where(column == kind(query.get(key)))
    where = [
        *listing.day_window(Tip.created_at, query),
        *listing.text_match(query, Tip.description),
    ]
    return stmt.where(*where)


def page(session: Session, query: listing.ListQuery) -> listing.Page:
    return listing.paginate(session, inbox(query), query, SORTS, DEFAULT_ORDER)


def export_rows(session: Session, query: listing.ListQuery) -> list[tuple]:
    """The filtered tips as rows of TIPS_EXPORT_HEADERS, in the list's order: numbers as
    numbers, the time as a local date-time, the text with every long number masked
    (masking.mask_numbers_in_text) and the reporter only as 实名/匿名."""
    rows = listing.every_row(session, inbox(query), query, SORTS, DEFAULT_ORDER)
    ids = [tip.id for tip in rows]
    pictures = _counts(session, TipAttachment.tip_id, ids)
    messages = _counts(session, TipMessage.tip_id, ids)
    return [
        (
            tip.id,
            tip.created_at.astimezone(clock.SHANGHAI).replace(tzinfo=None),
            public_text.TIP_CHANNELS[tip.channel.value],
            public_text.TIP_CATEGORIES[tip.category.value],
            mask_numbers_in_text(tip.description),
            rewards_text.TIPS["anonymous"] if tip.anonymous else rewards_text.TIPS_EXPORT_NAMED,
            public_text.TIP_STATUSES[tip.status.value],
            public_text.TIP_OUTCOMES[tip.outcome.value] if tip.outcome else "",
            pictures.get(tip.id, 0),
            messages.get(tip.id, 0),
            tip.lead_id,
        )
        for tip in rows
    ]


def _counts(session: Session, column, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    found = session.execute(select(column, func.count()).where(column.in_(ids)).group_by(column))
    return dict(found.all())


def get(session: Session, tip_id: int) -> Tip:
    tip = session.get(Tip, tip_id)
    if tip is None:
        raise TipNotFound()
    return tip


def enter(
    session: Session,
    actor: Principal,
    *,
    channel: str,
    category: str,
    description: str,
    reporter: tips.Reporter | None,
) -> tuple[Tip, str]:
    """A tip received by 110, letter or in person, typed in by `actor`; returns it and its
    receipt code, to hand to the reporter once (the code is not kept). Raises the errors of
    public.tips.submit, and TipChannelWeb for the web channel."""
    try:
        kind = TipChannel(channel)
    except ValueError:
        kind = TipChannel.web
    if kind is TipChannel.web:
        raise TipChannelWeb(field="channel")
    tip, code = tips.submit(
        session,
        category=category,
        description=description,
        reporter=reporter,
        channel=kind,
        actor=actor,
    )
    audit(
        session,
        actor,
        AuditAction.tip_entered,
        target_type="tips",
        target_id=tip.id,
        summary=public_text.TIP_CHANNELS[kind.value],
    )
    return tip, code


@dataclass(frozen=True)
class Named:
    """An indicator the tip's text names, normalised, with what the center holds on it."""

    kind: str
    value: str
    indicator: Indicator | None


def named_indicators(text: str) -> list[Named]:
    """The phones, bank accounts and web addresses `text` names, normalised (unreadable
    candidates skipped), without repeats, in order of appearance. No database."""
    found: list[tuple[str, str]] = []
    for raw in _DIGITS.findall(text):
        for kind in ("phone", "account"):
            try:
                value = normalize(kind, raw)
            except InvalidIdentifier:
                continue
            found.append((kind, value))
            break
    for raw in _URL.findall(text):
        try:
            found.append(
                ("domain", normalize("domain", re.sub(r"^https?://", "", raw).split("/")[0]))
            )
        except InvalidIdentifier:
            continue
    seen: dict[tuple[str, str], None] = dict.fromkeys(found)
    return [Named(kind, value, None) for kind, value in seen]


def _searchable(named: Named) -> str:
    return (
        named.value[3:] if named.kind == "phone" and named.value.startswith("+86") else named.value
    )


@dataclass(frozen=True)
class Duplicates:
    named: list[Named]  # with the indicator the center holds, when it does
    tips: list[Tip]  # earlier tips naming one of the same values
    leads: list[Lead]  # leads already sent that name one


def duplicates(session: Session, tip: Tip) -> Duplicates:
    """What the center already has on the values the tip names: indicators, earlier tips,
    leads (matched on the normalised value, phones by their national number)."""
    named = named_indicators(tip.description)
    held = []
    for item in named:
        indicator = session.scalar(
            select(Indicator).where(
                Indicator.kind == IndicatorKind(item.kind), Indicator.value == item.value
            )
        )
        held.append(Named(item.kind, item.value, indicator))
    if not named:
        return Duplicates(held, [], [])
    needles = [_searchable(n) for n in named]
    earlier = list(
        session.scalars(
            select(Tip)
            .where(Tip.id != tip.id, or_(*(Tip.description.contains(n) for n in needles)))
            .order_by(Tip.created_at)
            .limit(20)
        )
    )
    sent = list(
        session.scalars(
            select(Lead)
            .where(or_(*(Lead.content.contains(n) for n in needles)))
            .order_by(Lead.sent_at)
            .limit(20)
        )
    )
    return Duplicates(held, earlier, sent)


def set_category(session: Session, actor: Principal, tip: Tip, category: str) -> None:
    """Re-file the tip under another category. Raises TipCategoryUnknown."""
    try:
        tip.category = TipCategory(category)
    except ValueError as exc:
        raise TipCategoryUnknown(field="category") from exc
    audit(
        session,
        actor,
        AuditAction.tip_triaged,
        target_type="tips",
        target_id=tip.id,
        summary=public_text.TIP_CATEGORIES[tip.category.value],
    )


def lead_title(tip: Tip) -> str:
    """The lead's title a tip pre-fills: its category and a start of its text."""
    head = " ".join(tip.description.split())[:TITLE_MAX]
    return f"{public_text.TIP_CATEGORIES[tip.category.value]}：{head}"


def assign(
    session: Session,
    actor: Principal,
    tip: Tip,
    *,
    unit_id: int,
    due_at: datetime,
    title: str = "",
    content: str = "",
) -> Lead:
    """Send the tip to a unit as a lead with a feedback deadline (the tip's text pre-fills
    title and content when not given) and move it to 已交办. Raises the lead's errors
    (unit, deadline) and IllegalMove for a closed or already assigned tip."""
    if tip.status is not TipStatus.new:  # before the lead exists: a refusal sends nothing
        raise TipNotNew()
    lead = leads.send_lead(
        session,
        actor,
        unit_id=unit_id,
        title=title or lead_title(tip),
        content=content or tip.description,
        due_at=due_at,
    )
    tip.lead_id = lead.id
    states.move(session, MACHINE, tip, TipStatus.assigned, actor=actor, summary=lead.lead_no)
    return lead


def close(
    session: Session, actor: Principal, tip: Tip, outcome: str, duplicate_of: int | None = None
) -> None:
    """Close the tip with an outcome (查实 / 部分查实 / 不实 / 重复 / 已掌握); 重复 names the
    earlier tip. Raises TipOutcomeUnknown, TipNotFound (the earlier tip), IllegalMove."""
    try:
        result = TipOutcome(outcome)
    except ValueError as exc:
        raise TipOutcomeUnknown(field="outcome") from exc
    if result is TipOutcome.duplicate and duplicate_of:
        if duplicate_of == tip.id:
            raise TipDuplicateOfItself(field="duplicate_of")
        tip.duplicate_of_id = get(session, duplicate_of).id
    states.move(
        session,
        MACHINE,
        tip,
        TipStatus.closed,
        actor=actor,
        summary=public_text.TIP_OUTCOMES[result.value],
    )
    tip.outcome = result


def reply(session: Session, actor: Principal, tip: Tip, body: str) -> None:
    """A reply the reporter reads on the receipt-code page (audited without its text)."""
    tips.reply(session, actor, tip, body)
    audit(session, actor, AuditAction.tip_replied, target_type="tips", target_id=tip.id)
