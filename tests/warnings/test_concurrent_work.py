"""Many officers working one warning at the same moment: every attempt counts once, one door
visit is opened, nobody waits for ever. Each change is its own committed transaction, as in the
server (this module's database is its own)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.auth import service as auth
from fanzha.db import new_engine
from fanzha.org.models import Grid, Unit
from fanzha.warnings import intake, ladder
from fanzha.warnings.models import (
    AttemptKind,
    AttemptResult,
    ContactAttempt,
    DoorVisitTask,
    Warning,
)
from fanzha.warnings.schemas import WarningIn
from tests.helpers import audit_entries, user
from tests.warnings.factories import address_in, warning_payload

pytestmark = pytest.mark.usefixtures("city")


@pytest.fixture(scope="module")
def wide_engine(database_url: str):
    """Enough connections for fifty transactions at once."""
    engine = new_engine(database_url, pool_size=60)
    yield engine
    engine.dispose()


def _new_warning(engine: Engine) -> int:
    """A committed warning routed into a grid of station_a."""
    with Session(engine) as session:
        station = user(session, "station_a").unit
        grid = session.scalars(
            select(Grid)
            .join(Unit, Unit.id == Grid.unit_id)
            .where(Unit.path.like(station.path + "%"))
            .order_by(Grid.id)
        ).first()
        payload = warning_payload(address=address_in(session, grid.id))
        [(warning_id, _)] = intake.store(session, Principal.system(), [WarningIn(**payload)])
        session.commit()
    return warning_id


def _at_once(engine: Engine, warning_id: int, count: int, work) -> list[Exception]:
    """`work(session, actor, warning)` in `count` threads as station_a, each in its own
    transaction, released together; returns what they raised."""
    with Session(engine) as session:
        actor = auth.user_principal(user(session, "station_a"))
    start = threading.Barrier(count)
    errors: list[Exception] = []
    done: list[int] = []

    def run() -> None:
        with Session(engine, expire_on_commit=False) as session:
            warning = session.get(Warning, warning_id)
            start.wait()
            try:
                work(session, actor, warning)
                session.commit()
            except Exception as exc:
                errors.append(exc)
            done.append(1)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(done) == count, "a transaction hung"
    return errors


def test_fifty_simultaneous_attempts_each_count_once(wide_engine: Engine):
    warning_id = _new_warning(wide_engine)

    def call(session: Session, actor: Principal, warning: Warning) -> None:
        ladder.record_attempt(
            session, actor, warning, kind=AttemptKind.call_96110, result=AttemptResult.no_answer
        )

    assert _at_once(wide_engine, warning_id, 50, call) == []
    with Session(wide_engine) as session:
        warning = session.get(Warning, warning_id)
        stored = session.scalar(select(func.count()).where(ContactAttempt.warning_id == warning_id))
        assert stored == 50
        assert warning.attempt_count == 50
        assert warning.status == "contacting"
        entries = audit_entries(session, "warning.attempt.recorded", target_id=str(warning_id))
        assert len(entries) == 50


def test_two_simultaneous_escalations_open_one_door_visit(wide_engine: Engine):
    warning_id = _new_warning(wide_engine)

    def escalate(session: Session, actor: Principal, warning: Warning) -> None:
        ladder.escalate_to_door_visit(session, actor, warning)

    assert _at_once(wide_engine, warning_id, 8, escalate) == []
    with Session(wide_engine) as session:
        tasks = session.scalar(select(func.count()).where(DoorVisitTask.warning_id == warning_id))
        assert tasks == 1
        assert (
            len(audit_entries(session, "warning.door_visit.created", target_id=str(warning_id)))
            == 1
        )
