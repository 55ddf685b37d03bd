"""The command big screen's snapshot: every figure equals a direct count of the records (made
here in Python from the rows, not by the screen's queries), for the city and for a 分局,
whose screen holds its own subtree only; who may open it."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from fanzha import clock
from fanzha.access import Principal
from fanzha.cases import stop_payments
from fanzha.cases.models import Case, StopPayment
from fanzha.cases.schemas import BankFeedbackIn
from fanzha.demo import cases as demo_cases
from fanzha.demo import money as demo_money
from fanzha.demo import warnings as demo_warnings
from fanzha.org.models import Unit
from fanzha.stats import screen
from fanzha.warnings.models import Warning
from tests.cases.test_money import report
from tests.helpers import login, unit_of

pytestmark = pytest.mark.usefixtures("city")

OPEN = ("received", "signed", "contacting", "door_visit")


@pytest.fixture
def wall_day(session):
    """Two days of warnings through the real intake (so some arrived today and some did not),
    the cases some of them became and those cases' money loop, all rolled back after."""
    demo_warnings.build(session, seed=11, days=2, per_day=90)
    demo_cases.build(session, seed=11)
    demo_money.build(session, seed=11)
    case = report(session, "station_a")  # a case today: two accounts stopped, one held
    stop_payments.stop_all(session, Principal.system(), case)
    session.flush()
    held = min(stop_payments.stop_payments_of(session, case), key=lambda sp: sp.id)
    stop_payments.record_feedback(
        session, Principal.system(), held, BankFeedbackIn(held_fen=3_000_000)
    )
    session.flush()
    return session


def _under(session, unit: Unit, model, column) -> list:
    paths = dict(session.execute(select(Unit.id, Unit.path)).all())
    rows = session.scalars(select(model)).all()
    return [r for r in rows if paths[getattr(r, column)].startswith(unit.path)]


def _local_day(at):
    return at.astimezone(clock.SHANGHAI).date()


def _expected(session, unit: Unit, now):
    today = _local_day(now)
    week_start = today - timedelta(days=today.weekday())
    warnings = [w for w in _under(session, unit, Warning, "unit_id") if w.status != "duplicate"]
    todays = [w for w in warnings if _local_day(w.received_at) == today]
    closed_today = [
        w for w in warnings if w.status == "closed" and _local_day(w.closed_at) == today
    ]
    cases = {c.id: c for c in _under(session, unit, Case, "unit_id")}
    stops = [s for s in session.scalars(select(StopPayment)) if s.case_id in cases]
    held_today = [
        s for s in stops if s.held_fen and s.feedback_at and _local_day(s.feedback_at) == today
    ]
    hours = {g: [0] * 24 for g in ("urgent", "high", "medium", "low")}
    for w in todays:
        hours[w.grade.value][w.received_at.astimezone(clock.SHANGHAI).hour] += 1
    week = Counter(
        w.fraud_type.value for w in warnings if week_start <= _local_day(w.received_at) <= today
    )
    return {
        "received": {
            **{g: sum(1 for w in todays if w.grade == g) for g in hours},
            "total": len(todays),
        },
        "hours": hours,
        "handled": {
            "open": sum(1 for w in warnings if w.status in OPEN),
            "closed": len(closed_today),
            "dissuaded": sum(1 for w in closed_today if w.outcome == "dissuaded"),
        },
        "urgent": sum(1 for w in warnings if w.status in OPEN and w.grade == "urgent"),
        "protected_fen": sum(w.protected_fen for w in closed_today if w.outcome == "dissuaded"),
        "stopped_fen": sum(s.held_fen for s in held_today),
        "stopped_accounts": sum(1 for s in stops if _local_day(s.requested_at) == today),
        "week": week,
    }


@pytest.mark.parametrize("username", ["leader", "branch_leader"])
def test_the_snapshot_equals_a_direct_count(wall_day, username):
    session = wall_day
    unit = unit_of(session, username)
    now = clock.now()
    got = screen.snapshot(session, unit, now)
    want = _expected(session, unit, now)
    assert want["received"]["total"] > 0 and want["stopped_fen"] > 0  # the check means something
    assert got["received"] == want["received"]
    assert got["hours"] == want["hours"]
    assert {k: got["handled"][k] for k in ("open", "closed", "dissuaded")} == want["handled"]
    assert got["urgent"]["total"] == want["urgent"]
    assert len(got["urgent"]["rows"]) == min(want["urgent"], screen.URGENT_SHOWN)
    assert got["money"]["protected_fen"] == want["protected_fen"]
    assert got["money"]["stopped_fen"] == want["stopped_fen"]
    assert got["money"]["stopped_accounts"] == want["stopped_accounts"]
    top = [(t["type"], t["count"]) for t in got["types"]]
    assert [n for _, n in top] == sorted(want["week"].values(), reverse=True)[: len(top)]
    assert all(want["week"][t] == n for t, n in top)
    # The map's regions add up to the day, save what still waits at the unit itself.
    regions = screen.regions(session, unit, now)
    assert sum(r["warnings"] for r in regions["regions"]) + regions["unplaced"] == len(
        [
            w
            for w in _under(session, unit, Warning, "unit_id")
            if w.status != "duplicate" and _local_day(w.received_at) == _local_day(now)
        ]
    )


def test_a_branch_screen_holds_its_own_subtree_only(wall_day):
    session = wall_day
    branch = unit_of(session, "branch_leader")
    city = unit_of(session, "leader")
    now = clock.now()
    mine = screen.snapshot(session, branch, now)
    whole = screen.snapshot(session, city, now)
    assert 0 < mine["received"]["total"] < whole["received"]["total"]
    stations = set(session.scalars(select(Unit.id).where(Unit.parent_id == branch.id)))
    assert {r["id"] for r in mine["ranking"]["rows"]} == stations
    assert {r["id"] for r in screen.regions(session, branch, now)["regions"]} <= stations
    under = {w.id for w in _under(session, branch, Warning, "unit_id")}
    assert {w["id"] for w in mine["latest"]} <= under
    assert {w["id"] for w in mine["urgent"]["rows"]} <= under


def test_the_ranking_is_this_weeks_dissuasion_rate_of_each_branch(wall_day):
    session = wall_day
    city = unit_of(session, "leader")
    today = _local_day(clock.now())
    week_start = today - timedelta(days=today.weekday())
    rows = screen.snapshot(session, city)["ranking"]["rows"]
    branches = session.scalars(select(Unit).where(Unit.parent_id == city.id)).all()
    assert {r["id"] for r in rows} == {b.id for b in branches}
    for branch in branches:
        week = [
            w
            for w in _under(session, branch, Warning, "unit_id")
            if w.status != "duplicate" and week_start <= _local_day(w.received_at) <= today
        ]
        decided = [w for w in week if w.outcome in ("dissuaded", "defrauded", "cannot_find")]
        row = next(r for r in rows if r["id"] == branch.id)
        assert row["warnings"] == len(week)
        dissuaded = sum(1 for w in decided if w.outcome == "dissuaded")
        assert row["rate"] == (round(10000 * dissuaded / len(decided)) / 100 if decided else None)
    places = [r["place"] for r in rows if r["rate"] is not None]
    assert places == sorted(places) and places[0] == 1


def test_leaders_duty_and_analysts_open_it_and_a_branch_cannot_see_the_city(client, session):
    city = unit_of(session, "leader")
    branch = unit_of(session, "branch_leader")
    login(client, "branch_leader")
    page = client.get("/screen")
    assert page.status_code == 200
    assert f'data-base="/screen/{branch.id}"' in page.text
    assert "反诈指挥大屏" in page.text
    assert client.get(f"/screen/{city.id}").status_code == 404
    assert client.get(f"/screen/{city.id}/snapshot.json").status_code == 404
    assert client.get(f"/screen/{city.id}/stream").status_code == 404
    snapshot = client.get(f"/screen/{branch.id}/snapshot.json")
    assert snapshot.status_code == 200
    assert snapshot.json()["unit"]["name"] == branch.name
    client.post("/logout", data={"csrf_token": client.cookies.get("fanzha_csrf", "")})


def test_a_station_officer_may_not_open_the_big_screen(client, session):
    login(client, "station_a")
    assert client.get("/screen").status_code == 403
