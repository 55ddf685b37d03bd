"""Domain events: a downstream domain reacts to an upstream change without the upstream
importing it.

The upstream defines a frozen dataclass deriving from `DomainEvent` and calls
`dispatch(session, event)`; a downstream module decorates a handler with
`@subscribe(EventType)`. Handlers run at once, in the caller's transaction and in the order they
subscribed, so the reaction commits or rolls back with the change that caused it. A handler that
raises aborts the whole change.

Which modules subscribe is listed once, in `fanzha.wiring`; `dispatch` loads that list on first
use, so no caller (web process, job worker, CLI, test) can forget it.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.orm import Session

# The one module that imports every subscriber. Named, not imported: the kernel sits below every
# domain and must not depend on them; `fanzha.wiring` sits above them all.
WIRING_MODULE = "fanzha.wiring"


@dataclass(frozen=True)
class DomainEvent:
    """Base of every domain event: a fact that has happened, named in the past tense."""


E = TypeVar("E", bound=DomainEvent)
Handler = Callable[[Session, E], None]

_handlers: defaultdict[type[DomainEvent], list[Handler]] = defaultdict(list)
_wired = False


def subscribe(event_type: type[E]) -> Callable[[Handler[E]], Handler[E]]:
    """Register the decorated `handler(session, event)` for `event_type` (exact type, not
    subclasses). Registering the same function twice has no effect."""

    def register(handler: Handler[E]) -> Handler[E]:
        if handler not in _handlers[event_type]:
            _handlers[event_type].append(handler)
        return handler

    return register


def dispatch(session: Session, event: DomainEvent) -> None:
    """Run every handler of `type(event)` now, in `session`'s transaction.

    Raises whatever a handler raises (the caller's transaction is then rolled back by its owner).
    """
    _load_wiring()
    for handler in list(_handlers[type(event)]):
        handler(session, event)


def handlers_of(event_type: type[DomainEvent]) -> list[Handler]:
    """The handlers subscribed to `event_type`, in call order (for tests and docs)."""
    _load_wiring()
    return list(_handlers[event_type])


def _load_wiring() -> None:
    global _wired
    if not _wired:
        importlib.import_module(WIRING_MODULE)
        _wired = True
