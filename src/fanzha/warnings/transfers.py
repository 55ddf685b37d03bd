"""外地对象 and 跨区域移交: the desk marks a warning whose person is elsewhere, keeps the phone
ladder running here, and may transfer it to the center of the place where the person is. The
transfer asks that center and waits for its answer (fanzha.liaison.asks): 已移交 → 已接收 →
已反馈; the answer closes the warning with its outcome, so the platform's feedback feed carries
it as usual. A warning another center transferred to us comes in through intake with
`transferred_from`; closing it answers that center, late or in time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, aliased

from fanzha import clock, listing
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.config import get_settings
from fanzha.fields import visible_text
from fanzha.i18n import warnings as i18n
from fanzha.i18n import zh_CN
from fanzha.kernel import states
from fanzha.kernel.events import subscribe
from fanzha.liaison import centers
from fanzha.liaison.asks import AskStatuses, answer_due, ask_machine, is_late
from fanzha.liaison.models import Center
from fanzha.liaison.places import elsewhere, place_of
from fanzha.org import scope
from fanzha.warnings import ladder
from fanzha.warnings.errors import (
    TransferAlreadyLive,
    TransferNotOutgoing,
    TransferOutcomeInvalid,
    WarningFinishedNoTransfer,
)
from fanzha.warnings.events import WarningClosed
from fanzha.warnings.models import (
    Outcome,
    TransferDirection,
    TransferStatus,
    Warning,
    WarningStatus,
    WarningTransfer,
)

T, D = TransferStatus, TransferDirection
MACHINE = ask_machine(
    "warning_transfer",
    i18n.TRANSFER_SUBJECT,
    "warning_transfers",
    AskStatuses(sent=T.sent, received=T.received, answered=T.answered, withdrawn=T.withdrawn),
    labels=i18n.TRANSFER_STATUSES,
    action=AuditAction.transfer_transition,
    stamps={T.received: "received_at", T.answered: "answered_at"},
)
# What the other center may answer: the outcomes that end a warning.
ANSWERS = (Outcome.dissuaded, Outcome.defrauded, Outcome.cannot_find, Outcome.not_applicable)
LIVE = (T.sent, T.received)
_FINISHED = (WarningStatus.closed, WarningStatus.duplicate)


def _home() -> tuple[str, str]:
    settings = get_settings()
    province = next((r for r in settings.local_phone_regions.split(",") if r), "")
    return province, settings.city_name


def evidence(warning: Warning) -> list[str]:
    """Why the person seems to be elsewhere, in words: the address names another province or
    city, or the phone's home region (phonenumbers' offline data) is not ours. Empty when
    nothing says so."""
    province, city = _home()
    found = []
    place = place_of(warning.address)
    if elsewhere(place, province, city):
        found.append(i18n.OUT_OF_AREA["address"].format(place=place.label))
    if warning.non_local_phone and warning.phone_region:
        found.append(i18n.OUT_OF_AREA["phone"].format(region=warning.phone_region))
    return found


def suggested_center(session: Session, warning: Warning) -> Center | None:
    """The center of the place the address names (its city's, else its province's)."""
    place = place_of(warning.address)
    if not place and warning.phone_region:
        place = place_of(warning.phone_region)
    return centers.for_place(session, place)


def mark_out_of_area(session: Session, actor: Principal, warning: Warning, note: str = "") -> None:
    """外地对象: the desk decides the person is elsewhere (the routing clock stops; the phone
    ladder goes on). WarningFinishedNoTransfer (409) once the warning is finished."""
    ladder.lock(session, warning)
    if warning.status in _FINISHED:
        raise WarningFinishedNoTransfer()
    if warning.out_of_area_at is not None:
        return
    note = (note.strip() or "；".join(evidence(warning)))[:200]
    warning.out_of_area_at, warning.out_of_area_note = clock.now(), note
    audit.record(
        session,
        actor,
        AuditAction.warning_out_of_area,
        target_type="warnings",
        target_id=warning.id,
        summary=i18n.OUT_OF_AREA["marked"].format(note=note),
    )


def live_outgoing(session: Session, warning: Warning) -> WarningTransfer | None:
    return session.scalar(
        select(WarningTransfer).where(
            WarningTransfer.warning_id == warning.id,
            WarningTransfer.direction == D.outgoing,
            WarningTransfer.status.in_(LIVE),
        )
    )


def of_warning(session: Session, warning: Warning) -> list[WarningTransfer]:
    """Every transfer of one warning (already in the caller's scope), oldest first."""
    return list(
        session.scalars(
            select(WarningTransfer)
            .where(WarningTransfer.warning_id == warning.id)
            .order_by(WarningTransfer.id)
        )
    )


def transfer_out(
    session: Session,
    actor: Principal,
    warning: Warning,
    *,
    center_id: int,
    reason: str,
    tried: str = "",
) -> WarningTransfer:
    """移交: hand an open warning to another center, with the reason and what was tried here;
    the answer is owed within `transfer_answer_hours`. Marks it 外地对象 if not yet.
    WarningFinishedNoTransfer (409), TransferAlreadyLive (409), CenterNotFound (404)."""
    mark_out_of_area(session, actor, warning)
    if live_outgoing(session, warning) is not None:
        raise TransferAlreadyLive()
    center = centers.get_active(session, center_id)
    now = clock.now()
    transfer = WarningTransfer(
        warning=warning,
        direction=D.outgoing,
        center=center,
        center_name=center.name,
        reason=visible_text(reason),
        tried=tried.strip(),
        sent_at=now,
        due_at=answer_due(now, get_settings().transfer_answer_hours),
        by_user_id=actor.user_id,
    )
    states.begin(MACHINE, transfer, T.sent)
    session.add(transfer)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.transfer_transition,
        target_type="warning_transfers",
        target_id=transfer.id,
        summary=i18n.TRANSFER_AUDIT["sent"].format(center=center.name, reason=transfer.reason),
        detail={"warning_id": warning.id},
    )
    return transfer


def acknowledge(session: Session, actor: Principal, transfer: WarningTransfer) -> None:
    """已接收: the other center confirmed it took the transfer. IllegalMove (409)."""
    if transfer.direction != D.outgoing:
        raise TransferNotOutgoing()
    states.move(session, MACHINE, transfer, T.received, actor=actor, label=transfer.center_name)


def record_answer(
    session: Session,
    actor: Principal,
    transfer: WarningTransfer,
    *,
    outcome: Outcome | str,
    note: str = "",
    protected_fen: int = 0,
) -> WarningTransfer:
    """已反馈: the other center's answer, entered here; it closes the warning with that outcome
    (unless the ladder here closed it already), which feeds the platform as usual.
    TransferOutcomeInvalid (422), TransferNotOutgoing (409), IllegalMove (409) when answered."""
    if transfer.direction != D.outgoing:
        raise TransferNotOutgoing()
    if outcome not in {o.value for o in ANSWERS}:
        raise TransferOutcomeInvalid(field="outcome")
    outcome = Outcome(outcome)
    states.move(
        session,
        MACHINE,
        transfer,
        T.answered,
        actor=actor,
        summary=i18n.TRANSFER_AUDIT["answered"].format(
            center=transfer.center_name, outcome=zh_CN.OUTCOMES[outcome]
        ),
    )
    transfer.outcome, transfer.answer_note = outcome, note.strip()
    warning = transfer.warning
    if warning.status not in _FINISHED:
        ladder.close(
            session,
            actor,
            warning,
            outcome=outcome,
            protected_fen=protected_fen,
            note=i18n.TRANSFER_CLOSED_NOTE.format(center=transfer.center_name, note=note.strip()),
        )
    return transfer


def record_incoming(
    session: Session, actor: Principal, received: Iterable[tuple[int, str, datetime]]
) -> None:
    """Warnings another center transferred to us, just stored by intake: (warning id, the
    sending center's name, when received). Each owes its answer within
    `transfer_answer_hours`; the center is linked when the directory knows its name."""
    received = list(received)
    if not received:
        return
    known = dict(
        session.execute(
            select(Center.name, Center.id).where(Center.name.in_({n for _, n, _ in received}))
        ).all()
    )
    hours = get_settings().transfer_answer_hours
    rows = [
        {
            "warning_id": wid,
            "direction": D.incoming,
            "center_id": known.get(name),
            "center_name": name[:60],
            "reason": "",
            "tried": "",
            "status": T.received,
            "sent_at": at,
            "due_at": answer_due(at, hours),
            "received_at": at,
            "answer_note": "",
        }
        for wid, name, at in received
    ]
    session.execute(insert(WarningTransfer), rows)
    for wid, name, _ in received:
        audit.record(
            session,
            actor,
            AuditAction.transfer_transition,
            target_type="warnings",
            target_id=wid,
            summary=i18n.TRANSFER_AUDIT["incoming"].format(center=name),
        )
    # One that intake filed as a duplicate is never worked itself: the warning it repeats
    # answers for it (now, when that one is closed already; else when it is closed).
    original = aliased(Warning)
    settled = session.execute(
        select(WarningTransfer, original.outcome)
        .join(Warning, Warning.id == WarningTransfer.warning_id)
        .join(original, original.id == Warning.duplicate_of_id)
        .where(
            WarningTransfer.warning_id.in_([wid for wid, _, _ in received]),
            WarningTransfer.direction == D.incoming,
            WarningTransfer.status == T.received,
            original.status == WarningStatus.closed,
        )
    ).all()
    for transfer, outcome in settled:
        states.move(session, MACHINE, transfer, T.answered, actor=actor)
        transfer.outcome = outcome


@subscribe(WarningClosed)
def answer_incoming(session: Session, event: WarningClosed) -> None:
    """Closing a warning another center transferred to us answers that center (the time of
    the answer says whether it was late); so does closing the warning it duplicates."""
    pending = session.scalars(
        select(WarningTransfer)
        .join(Warning, Warning.id == WarningTransfer.warning_id)
        .where(
            (Warning.id == event.warning_id) | (Warning.duplicate_of_id == event.warning_id),
            WarningTransfer.direction == D.incoming,
            WarningTransfer.status == T.received,
        )
    ).all()
    for transfer in pending:
        states.move(session, MACHINE, transfer, T.answered, actor=event.actor)
        transfer.outcome = event.outcome


def letter_issued(
    session: Session, actor: Principal, transfer: WarningTransfer, number: str
) -> None:
    """The letter names the person unmasked: its every issue is audited."""
    audit.record(
        session,
        actor,
        AuditAction.pii_exported,
        target_type="warning_transfers",
        target_id=transfer.id,
        summary=i18n.TRANSFER_AUDIT["letter"].format(number=number),
        detail={"warning_id": transfer.warning_id},
    )


def late(transfer: WarningTransfer, now: datetime | None = None) -> bool:
    """The answer came (or is still owed) after its deadline."""
    if transfer.status == T.withdrawn:
        return False
    return is_late(transfer.due_at, transfer.answered_at, now or clock.now())


TRANSFER_SORTS: listing.Sorts = {
    "sent": [WarningTransfer.sent_at],
    "due": [WarningTransfer.due_at],
    "center": [WarningTransfer.center_name],
    "status": [WarningTransfer.status],
}
# Still owed first (nearest due on top), then the answered, newest first.
TRANSFER_ORDER = (
    WarningTransfer.answered_at.is_not(None),
    WarningTransfer.due_at,
    WarningTransfer.sent_at.desc(),
    WarningTransfer.id,
)


def page(
    session: Session,
    principal: Principal,
    direction: TransferDirection,
    query: listing.ListQuery,
    *,
    status: str = "",
) -> listing.Page[WarningTransfer]:
    """Transfers in scope of one direction as a list: by status, the other center's name
    (text filter) and the day sent or received."""
    stmt = scope.scoped_select(WarningTransfer, principal).where(
        WarningTransfer.direction == direction,
        *([WarningTransfer.status == status] if status in i18n.TRANSFER_STATUSES else []),
        *listing.text_match(query, WarningTransfer.center_name),
        *listing.day_window(WarningTransfer.sent_at, query),
    )
    return listing.paginate(session, stmt, query, TRANSFER_SORTS, TRANSFER_ORDER)
