"""Two platforms delivering overlapping batches at once, each in its own committed transaction
on this module's own database: warnings are taken in one order, so they never deadlock."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.warnings import intake
from fanzha.warnings.models import Warning
from tests.warnings.factories import warning_payload

pytestmark = pytest.mark.usefixtures("city")


def _deliver_together(engine: Engine, batches: list[list[dict[str, Any]]]) -> list[BaseException]:
    """Each batch in its own thread and transaction, started at the same moment."""
    barrier = threading.Barrier(len(batches))
    failures: list[BaseException] = []

    def deliver(items: list[dict[str, Any]]) -> None:
        try:
            with Session(engine) as session:
                barrier.wait()
                intake.receive_batch(session, Principal.system("平台"), items)
                session.commit()
        except Exception as exc:  # reported by the test below
            failures.append(exc)

    threads = [threading.Thread(target=deliver, args=(b,)) for b in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


# Below intake's COPY threshold the rows go in by executemany, above it by COPY: both paths,
# and one of each against the other, must take the keys in the same order.
@pytest.mark.parametrize("sizes", [(30, 30), (300, 300), (30, 300)], ids=["small", "copy", "mixed"])
def test_overlapping_batches_in_reverse_order_never_deadlock(engine: Engine, sizes):
    for round_ in range(10):
        shared = [
            warning_payload(external_id=f"RACE-{sizes[0]}-{sizes[1]}-{round_}-{n:04d}")
            for n in range(max(sizes))
        ]
        first = shared[: sizes[0]]
        second = list(reversed(shared[: sizes[1]]))
        failures = _deliver_together(engine, [first, second])
        assert failures == [], f"round {round_}: {failures[0]!r}"
        with Session(engine) as check:
            counts = check.execute(
                select(Warning.external_id, func.count())
                .where(Warning.external_id.like(f"RACE-{sizes[0]}-{sizes[1]}-{round_}-%"))
                .group_by(Warning.external_id)
            ).all()
        assert len(counts) == max(sizes) and {n for _, n in counts} == {1}
