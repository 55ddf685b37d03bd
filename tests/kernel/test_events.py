"""Domain events run their handlers in the caller's transaction, in subscription order."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import text

from fanzha.kernel import events


@dataclass(frozen=True)
class _Happened(events.DomainEvent):
    value: int


@dataclass(frozen=True)
class _Unheard(events.DomainEvent):
    pass


_seen: list[tuple[str, int]] = []


@events.subscribe(_Happened)
def _first(session, event: _Happened) -> None:
    _seen.append(("first", event.value))
    session.execute(text("CREATE TEMP TABLE IF NOT EXISTS _heard (v int)"))
    session.execute(text("INSERT INTO _heard VALUES (:v)"), {"v": event.value})


@events.subscribe(_Happened)
def _second(session, event: _Happened) -> None:
    _seen.append(("second", event.value))


def test_handlers_run_in_order_in_the_callers_transaction(session) -> None:
    _seen.clear()
    events.dispatch(session, _Happened(7))
    assert _seen == [("first", 7), ("second", 7)]
    # The handler's write is visible in the same transaction, before any commit.
    assert session.execute(text("SELECT v FROM _heard")).scalar_one() == 7


def test_subscribing_twice_registers_once() -> None:
    events.subscribe(_Happened)(_second)
    assert events.handlers_of(_Happened).count(_second) == 1


def test_an_event_nobody_hears_is_a_no_op(session) -> None:
    events.dispatch(session, _Unheard())
    assert events.handlers_of(_Unheard) == []


def test_a_failing_handler_aborts_the_change(session) -> None:
    @dataclass(frozen=True)
    class _Refused(events.DomainEvent):
        pass

    @events.subscribe(_Refused)
    def _refuse(session, event) -> None:
        raise ValueError("不行")

    with pytest.raises(ValueError):
        events.dispatch(session, _Refused())
