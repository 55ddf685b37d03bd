"""State machines: each domain declares a `Machine` (which moves are allowed, which statuses a
record may be created in, which timestamp a move stamps), and `move` is the one function that
changes a record's status.

`move` checks the table, sets the status and the declared timestamp, and dispatches a
`StatusMoved` event in the caller's transaction. It writes no audit entry itself: the kernel
sits below every domain and imports none of them; `fanzha.audit.status` subscribes to
`StatusMoved` (listed in `fanzha.wiring`) and writes the entry, so a move cannot skip it.
Side effects of a move (stamping a domain field, a live event, a case draft) run after `move`
returns, in the caller or in other subscribers.

A move to the status the record already has is refused unless the table declares it, and then
only as a named move (更正反馈: a closed warning's outcome corrected), which may require a reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.errors import Conflict, InvalidInput
from fanzha.fields import visible_text
from fanzha.kernel.events import DomainEvent, dispatch


class IllegalMove(Conflict):
    """A move the machine does not declare (`subject`, `current` and `to` name it)."""

    code = "illegal_transition"


class IllegalNamedMove(IllegalMove):
    """A named move asked for from a status it does not start from."""

    code = "illegal_named_move"


class ReasonRequired(InvalidInput):
    code = "reason_required"


@dataclass(frozen=True)
class NamedMove:
    """A move that must be asked for by name (it is never taken implicitly): from any of
    `sources` to any of `targets`, with its own audit action."""

    name: str
    sources: frozenset
    targets: frozenset
    action: str
    reason_required: bool = True
    stamp: str | None = None  # attribute set to the current time by this move


@dataclass(frozen=True)
class Machine:
    """One record type's statuses. `moves` maps a status to the statuses it may move to;
    `initial` the statuses a record may be created in; `stamps` a target status to the
    attribute set to the current time on arrival; `labels` status → Chinese; `subject` the
    record's Chinese name; `action` the audit action of a plain move, or one per target status
    (None: not audited, for the machine's own bookkeeping such as a job's progress)."""

    name: str
    subject: str
    target_type: str
    moves: Mapping[Any, frozenset]
    initial: frozenset
    labels: Mapping[str, str]
    action: str | Mapping[Any, str] | None
    stamps: Mapping[Any, str] = field(default_factory=dict)
    named: Mapping[str, NamedMove] = field(default_factory=dict)

    def __post_init__(self) -> None:
        statuses = set(self.moves)
        for targets in self.moves.values():
            if not targets <= statuses:
                raise ValueError(f"{self.name}: a move leads to an undeclared status")
        if not self.initial or not self.initial <= statuses:
            raise ValueError(f"{self.name}: initial statuses must be declared statuses")
        for named in self.named.values():
            if not (named.sources | named.targets) <= statuses:
                raise ValueError(f"{self.name}: {named.name} uses an undeclared status")

    def action_for(self, to: Any, via: str | None = None) -> str | None:
        """The audit action of a move to `to` (named moves carry their own)."""
        if via is not None:
            return self.named[via].action
        if isinstance(self.action, Mapping):
            return self.action.get(to)
        return self.action

    def allows(self, current: Any, to: Any, via: str | None = None) -> bool:
        """Whether the table declares the move (named moves only when asked for by name)."""
        if via is not None:
            named = self.named.get(via)
            return named is not None and current in named.sources and to in named.targets
        return to in self.moves.get(current, frozenset())

    def check(self, current: Any, to: Any, *, via: str | None = None, reason: str = "") -> None:
        """Raise IllegalMove (409) unless the move is declared; ReasonRequired (422) when a
        named move that needs a reason has none."""
        if not self.allows(current, to, via):
            if via is None:
                raise IllegalMove(
                    subject=self.subject, current=self.labels[current], to=self.labels[to]
                )
            raise IllegalNamedMove(subject=self.subject, current=self.labels[current], move=via)
        if via is not None and self.named[via].reason_required and not visible_text(reason):
            raise ReasonRequired(move=via, field="reason")


def machine(
    name: str,
    subject: str,
    target_type: str,
    moves: Mapping[Any, Iterable[Any]],
    *,
    initial: Iterable[Any],
    labels: Mapping[str, str],
    action: str | Mapping[Any, str] | None,
    stamps: Mapping[Any, str] | None = None,
    named: Iterable[NamedMove] = (),
) -> Machine:
    """Declare a machine from plain iterables (a status with no moves is final)."""
    return Machine(
        name=name,
        subject=subject,
        target_type=target_type,
        moves={s: frozenset(t) for s, t in moves.items()},
        initial=frozenset(initial),
        labels=labels,
        action=dict(action) if isinstance(action, Mapping) else action,
        stamps=dict(stamps or {}),
        named={n.name: n for n in named},
    )


@dataclass(frozen=True)
class StatusMoved(DomainEvent):
    """A record moved from one status to another (`via`: the named move, if any). `actor` is
    the Principal (None for the system); `action` the audit action, `summary` its line."""

    machine: str
    target_type: str
    record_id: Any
    before: Any
    after: Any
    actor: Any
    action: str | None
    summary: str
    reason: str = ""
    via: str | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)


def begin(machine: Machine, record: Any, status: Any) -> Any:
    """Give a record not yet stored its first status; it must be one of `machine.initial`."""
    if status not in machine.initial:
        raise ValueError(f"{machine.name}: {status} is not an initial status")
    if inspect(record, raiseerr=False) is not None and inspect(record).has_identity:
        raise ValueError(f"{machine.name}: record {record.id} already exists")
    record.status = status
    return record


def move(
    session: Session,
    machine: Machine,
    record: Any,
    to: Any,
    *,
    actor: Any,
    reason: str = "",
    via: str | None = None,
    label: str = "",
    summary: str = "",
    detail: Mapping[str, Any] | None = None,
) -> Any:
    """Move `record` (anything with `id` and `status`) to `to`: check the table, set the
    status and the declared timestamp, dispatch StatusMoved (which writes the audit entry).

    `label` names the record in the audit line ("AJ2026…：已立案 → 已结案"), `summary` replaces
    that line, `reason` is kept on the entry. Returns the status it had before. Raises
    IllegalMove (409) for an undeclared move, ReasonRequired (422) for a named move without
    its reason.
    """
    reason = visible_text(reason)
    _lock(session, record)
    before = record.status
    machine.check(before, to, via=via, reason=reason)
    record.status = to
    stamp = machine.named[via].stamp if via is not None else machine.stamps.get(to)
    if stamp:
        setattr(record, stamp, clock.now())
    line = f"{machine.labels[before]} → {machine.labels[to]}"
    if via is not None:
        line = f"{via}：{line}"
    if label:
        line = f"{label}：{line}"
    if reason:
        line = f"{line}（{reason[:80]}）"
    action = machine.action_for(to, via)
    dispatch(
        session,
        StatusMoved(
            machine=machine.name,
            target_type=machine.target_type,
            record_id=record.id,
            before=before,
            after=to,
            actor=actor,
            action=action,
            summary=summary or line,
            reason=reason,
            via=via,
            detail=dict(detail or {}),
        ),
    )
    return before


def _lock(session: Session, record: Any) -> None:
    """Hold a stored record's row to the end of the transaction and re-read it, so two
    requests moving the same record at once take turns and the second is checked against the
    first's result (one 200, one 409), instead of both moving from the status they read.
    Pending changes are flushed first so the re-read keeps them. Records not stored (or not
    mapped) are left as they are."""
    state = inspect(record, raiseerr=False)
    if state is None or not state.persistent:
        return
    session.flush()
    # Lock with a statement of its own: a refresh FOR UPDATE would carry the model's joined
    # eager loads, and PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    keys = state.mapper.primary_key
    row = [column == value for column, value in zip(keys, state.identity, strict=True)]
    session.execute(select(*keys).where(*row).with_for_update(key_share=True))  # NO KEY UPDATE
    session.refresh(record)
