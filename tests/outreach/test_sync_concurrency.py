"""The same queue sent twice at once (a phone retrying while its first request is still at
work), each request in its own committed transaction on this module's own database: every
visit is stored once, answered `created` by one request and `unchanged` by the other, the two
never deadlock, and the household figures count each visit once."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from fanzha.outreach import sync
from fanzha.outreach.models import HouseholdState, Visit
from tests.outreach.records import (
    add_households,
    grids_of,
    later,
    principal,
    running_campaign,
    visit,
)

pytestmark = pytest.mark.usefixtures("city")


def _sync_together(engine: Engine, campaign_id: int, queues: list[list[dict[str, Any]]]):
    barrier = threading.Barrier(len(queues))
    answers: list[list[sync.SyncResult]] = [[] for _ in queues]
    failures: list[BaseException] = []

    def send(n: int) -> None:
        try:
            with Session(engine) as session:
                station = principal(session, "station_a")
                barrier.wait()
                answers[n] = sync.sync_visits(session, station, campaign_id, queues[n])
                session.commit()
        except Exception as exc:  # reported by the test
            failures.append(exc)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(queues))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers, failures


def test_a_queue_sent_twice_at_once_is_stored_once(engine: Engine):
    with Session(engine) as session:
        station = principal(session, "station_a")
        homes = add_households(session, grids_of(session, station)[1], 6, compound="重发小区")
        campaign = running_campaign(session, station)
        session.commit()
        campaign_id = campaign.id
    for round_ in range(5):
        queue = [visit(h, visited_at=later(10 * round_ + i)) for i, h in enumerate(homes)]
        # The retry carries the queue in another order, plus a visit queued meanwhile.
        retry = [*reversed(queue), visit(homes[0], visited_at=later(10 * round_ + 9))]
        (first, second), failures = _sync_together(engine, campaign_id, [queue, retry])
        assert failures == [], f"round {round_}: {failures[0]!r}"
        by_uuid: dict[str, list[str]] = {}
        for answer in [*first, *second]:
            by_uuid.setdefault(answer.uuid, []).append(answer.status)
        for item in queue:
            assert sorted(by_uuid[item["uuid"]]) == ["created", "unchanged"], round_
        assert by_uuid[retry[-1]["uuid"]] == ["created"]
    with Session(engine) as check:
        stored = dict(
            check.execute(
                select(Visit.household_id, func.count())
                .where(Visit.campaign_id == campaign_id)
                .group_by(Visit.household_id)
            ).all()
        )
        assert stored == {h: 5 + 5 * (h == homes[0]) for h in homes}
        states = check.scalars(
            select(HouseholdState).where(HouseholdState.campaign_id == campaign_id)
        )
        assert {s.household_id: s.visits for s in states} == stored
