"""The state-machine kernel: declared moves only, no implicit self-moves, named moves with their
reason, stamps, and one StatusMoved per move (which the audit domain turns into an entry).

The table checks need no database; every domain's declared machine is checked here too."""

from __future__ import annotations

import importlib
import pkgutil
from enum import StrEnum
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

import fanzha
from fanzha.audit import status as audit_status
from fanzha.kernel import events, states
from fanzha.kernel.states import IllegalMove, Machine, NamedMove, ReasonRequired, StatusMoved

STATUSES = ["a", "b", "c", "d", "e"]
LABELS = {s: f"状态{s}" for s in STATUSES}

# Tables may declare a status's move to itself: then, and only then, it is allowed.
tables = st.fixed_dictionaries({s: st.frozensets(st.sampled_from(STATUSES)) for s in STATUSES})


def _machine(moves, **kwargs) -> Machine:
    return states.machine(
        "thing",
        "事项",
        "things",
        moves,
        initial=kwargs.pop("initial", {"a"}),
        labels=LABELS,
        action=kwargs.pop("action", None),
        **kwargs,
    )


@given(tables, st.sampled_from(STATUSES), st.sampled_from(STATUSES))
def test_a_move_is_allowed_exactly_when_the_table_declares_it(moves, current, to) -> None:
    """Including current == to: a self-move is refused unless the table lists it."""
    machine = _machine(moves)
    assert machine.allows(current, to) == (to in moves[current])
    if to in moves[current]:
        machine.check(current, to)
    else:
        with pytest.raises(IllegalMove) as refused:
            machine.check(current, to)
        assert refused.value.status_code == 409
        assert refused.value.message == f"事项当前为“状态{current}”，不能变为“状态{to}”"


def test_a_named_move_is_taken_only_by_name_and_with_its_reason() -> None:
    fix = NamedMove("更正", frozenset({"c"}), frozenset({"c"}), "thing.fixed")
    machine = _machine({"a": {"c"}, "b": set(), "c": set()}, named=[fix])
    with pytest.raises(IllegalMove):
        machine.check("c", "c")  # not implicitly
    with pytest.raises(ReasonRequired) as no_reason:
        machine.check("c", "c", via="更正", reason="  ")
    assert no_reason.value.status_code == 422 and no_reason.value.message == "请填写更正的理由"
    machine.check("c", "c", via="更正", reason="录错了")
    with pytest.raises(IllegalMove) as wrong_source:
        machine.check("a", "c", via="更正", reason="录错了")
    assert wrong_source.value.message == "事项当前为“状态a”，不能更正"
    assert machine.action_for("c", "更正") == "thing.fixed"


def test_a_table_leading_to_an_undeclared_status_is_refused_at_declaration() -> None:
    with pytest.raises(ValueError):
        _machine({"a": {"z"}})
    with pytest.raises(ValueError):
        _machine({"a": set()}, initial={"b"})


def test_begin_gives_only_an_initial_status() -> None:
    machine = _machine({"a": {"b"}, "b": set()})
    record = SimpleNamespace(status=None)
    assert states.begin(machine, record, "a").status == "a"
    with pytest.raises(ValueError):
        states.begin(machine, SimpleNamespace(status=None), "b")


_heard: list[StatusMoved] = []


@events.subscribe(StatusMoved)
def _listen(session, event: StatusMoved) -> None:
    if event.machine == "thing":
        _heard.append(event)


def test_move_sets_stamps_and_dispatches_then_returns_the_old_status() -> None:
    _heard.clear()
    machine = _machine({"a": {"b"}, "b": set()}, stamps={"b": "done_at"})
    record = SimpleNamespace(id=7, status="a", done_at=None)
    # An unaudited machine's move touches no database: no session is needed.
    before = states.move(None, machine, record, "b", actor="officer", label="#7", reason="好")
    assert before == "a" and record.status == "b" and record.done_at is not None
    [event] = _heard
    assert (event.record_id, event.before, event.after, event.actor) == (7, "a", "b", "officer")
    assert event.summary == "#7：状态a → 状态b（好）" and event.reason == "好"
    with pytest.raises(IllegalMove):
        states.move(None, machine, record, "b", actor="officer")
    assert len(_heard) == 1 and record.status == "b"


def test_the_audit_domain_writes_an_entry_for_every_move() -> None:
    assert audit_status.record_move in events.handlers_of(StatusMoved)


def _declared_machines() -> dict[str, Machine]:
    found = {}
    for info in pkgutil.walk_packages(fanzha.__path__, "fanzha."):
        if ".demo" in info.name or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, Machine):
                found[value.name] = value
    return found


MACHINES = _declared_machines()


def test_every_domain_declares_its_machine_on_the_kernel() -> None:
    assert set(MACHINES) >= {
        "warning",
        "case",
        "stop_payment",
        "assist",
        "freeze",
        "return",
        "block_request",
        "lead",
        "at_risk_person",
        "gang",
        "statement_import",
    }


@pytest.mark.parametrize("name", sorted(MACHINES))
def test_a_declared_machine_covers_its_statuses_and_has_no_self_move(name: str) -> None:
    machine = MACHINES[name]
    statuses = set(machine.moves)
    enum = type(next(iter(statuses)))
    if issubclass(enum, StrEnum):
        assert statuses == set(enum), "every status of the enum is declared"
    assert all(str(s) in machine.labels for s in statuses), "every status has its Chinese label"
    assert all(s not in machine.moves[s] for s in statuses), "no implicit self-move"
