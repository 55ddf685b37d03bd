"""Coverage: the pre-aggregated figures equal a direct count from visits and the baseline,
whatever order the visits arrive in; the baseline stays frozen when the register changes."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from fanzha import clock
from fanzha.outreach import coverage, households, service, sync
from fanzha.outreach.models import (
    FIVE_ONES,
    CampaignBaseline,
    GridDay,
    GridTotals,
    HouseholdState,
    Visit,
    VisitOutcome,
)
from tests.outreach.records import add_households, grids_of, principal, running_campaign, visit

pytestmark = pytest.mark.usefixtures("city")

START = datetime(2026, 11, 5, 0, 0, tzinfo=UTC)


def _direct(session, campaign) -> dict[int, dict]:
    """The figures counted straight from the visits and the baseline, in Python."""
    baseline = {
        b.household_id: b
        for b in session.scalars(
            select(CampaignBaseline).where(CampaignBaseline.campaign_id == campaign.id)
        )
    }
    by_home: dict[int, list[Visit]] = defaultdict(list)
    for v in session.scalars(select(Visit).where(Visit.campaign_id == campaign.id)):
        by_home[v.household_id].append(v)
    grids: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for b in baseline.values():
        grids[b.grid_id]["baseline"] += 1
        grids[b.grid_id]["baseline_priority"] += b.priority
    targets = set(campaign.five_ones)
    days: dict[tuple[int, object], int] = defaultdict(int)
    for home, visits in by_home.items():
        g = grids[visits[0].grid_id]
        g["attempted"] += 1
        g["visits"] += len(visits)
        g["residents_reached"] += max(v.residents_reached for v in visits)
        latest = max(visits, key=lambda v: (v.visited_at, v.id))
        g["revisits_pending"] += latest.revisit_needed
        entered = [v for v in visits if v.outcome == VisitOutcome.entered]
        if not entered:
            continue
        items = {i for v in visits for i in v.five_ones}
        g["five_ones_complete"] += targets <= items
        for n, item in enumerate(FIVE_ONES):
            g[f"item{n}"] += item.value in items
        if home in baseline:
            g["visited"] += 1
            g["priority_reached"] += baseline[home].priority
            first = min(v.visited_at for v in entered).astimezone(clock.SHANGHAI).date()
            days[(visits[0].grid_id, first)] += 1
        else:
            g["visited_added"] += 1
    return grids, days


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_roll_ups_equal_a_direct_count(session, seed):
    rng = random.Random(seed)
    station = principal(session, "station_a")
    grids = grids_of(session, station)[:4]
    for n, grid in enumerate(grids):
        add_households(session, grid, rng.randint(3, 12), compound=f"小区{n}")
        add_households(session, grid, 2, compound=f"老人楼{n}", flags=["elderly_alone"])
    campaign = running_campaign(
        session, station, priority_flags=("elderly_alone",), five_ones=("poster", "leaflet")
    )
    added = add_households(session, grids[0], 3, compound="新楼")  # after the start
    homes = (
        list(
            session.scalars(
                select(CampaignBaseline.household_id).where(
                    CampaignBaseline.campaign_id == campaign.id
                )
            )
        )
        + added
    )
    items = []
    for _ in range(rng.randint(20, 60)):
        items.append(
            visit(
                rng.choice(homes),
                outcome=rng.choice(list(VisitOutcome)).value,
                visited_at=(START + timedelta(hours=rng.randint(0, 24 * 20))).isoformat(),
                residents_reached=rng.randint(0, 4),
                five_ones=rng.sample([f.value for f in FIVE_ONES], rng.randint(0, 5)),
                revisit_needed=rng.random() < 0.3,
            )
        )
    rng.shuffle(items)
    while items:  # phones send in batches of any size, sometimes twice
        cut = rng.randint(1, 9)
        batch, items = items[:cut], items[cut:]
        sync.sync_visits(session, station, campaign.id, batch)
        if rng.random() < 0.3:
            sync.sync_visits(session, station, campaign.id, batch)
    expected, days = _direct(session, campaign)
    got = coverage.coverage_by_grid(session, station, campaign.id)
    for grid_id, figures in got.items():
        want = expected.get(grid_id, {})
        for name in (
            "baseline",
            "baseline_priority",
            "visited",
            "visited_added",
            "attempted",
            "residents_reached",
            "five_ones_complete",
            "priority_reached",
            "revisits_pending",
            "visits",
        ):
            assert getattr(figures, name) == want.get(name, 0), (grid_id, name)
        assert figures.five_ones_items == [want.get(f"item{n}", 0) for n in range(5)]
    by_unit = coverage.coverage_by_unit(session, station, campaign.id)
    station_total = by_unit[station.unit_id].figures
    assert station_total.visited == sum(g.get("visited", 0) for g in expected.values())
    points = coverage.progress(session, station, campaign, station_total.baseline)
    assert sum(p.entered for p in points) == sum(days.values())


def test_the_baseline_stays_frozen_when_the_register_changes(session):
    station = principal(session, "station_a")
    grid = grids_of(session, station)[0]
    homes = add_households(session, grid, 4)
    campaign = running_campaign(session, station)
    before = coverage.total(session, station, campaign.id).baseline
    households.delete_household(session, station, homes[0])
    add_households(session, grid, 2, compound="新楼")
    assert coverage.total(session, station, campaign.id).baseline == before
    late = add_households(session, grid, 1, compound="又一新楼")
    sync.sync_visits(session, station, campaign.id, [visit(late[0])])
    figures = coverage.total(session, station, campaign.id)
    assert (figures.baseline, figures.visited, figures.visited_added) == (before, 0, 1)


def test_a_grid_is_taken_by_one_team_and_shown_as_taken(session):
    from fanzha.org.models import Team
    from fanzha.outreach.errors import GridTaken

    station = principal(session, "station_a")
    grid = grids_of(session, station)[0]
    teams = list(session.scalars(select(Team).where(Team.unit_id == station.unit_id)))
    if len(teams) < 2:
        teams.append(Team(unit_id=station.unit_id, name="宣防二队", kind="outreach"))
        session.add(teams[-1])
        session.flush()
    campaign = running_campaign(session, station)
    service.take_grid(session, station, campaign, grid.id, teams[0].id)
    with pytest.raises(GridTaken) as refused:
        service.take_grid(session, station, campaign, grid.id, teams[1].id)
    assert refused.value.status_code == 409
    assert refused.value.message == f"该网格已由{teams[0].name}认领"
    [row] = [r for r in service.assignment_rows(session, station, campaign) if r.grid_id == grid.id]
    assert row.team_name == teams[0].name


def _roll_ups(session, campaign) -> tuple[list, list, list]:
    states = session.execute(
        select(HouseholdState).where(HouseholdState.campaign_id == campaign.id)
    ).scalars()
    totals = session.scalars(select(GridTotals).where(GridTotals.campaign_id == campaign.id))
    days = session.scalars(select(GridDay).where(GridDay.campaign_id == campaign.id))
    columns = [
        [{c.key: getattr(row, c.key) for c in row.__table__.columns} for row in rows]
        for rows in (states, totals, days)
    ]
    return tuple(sorted(rows, key=lambda r: repr(sorted(r.items()))) for rows in columns)


@pytest.mark.parametrize("seed", [4, 5])
def test_folding_new_visits_equals_recounting_all_visits(session, seed):
    """The sync folds each batch into the stored states; a recount from every visit finds
    nothing to change, even when visits share their time to the second (the later id is the
    latest, as in the direct count)."""
    rng = random.Random(seed)
    station = principal(session, "station_a")
    grid = grids_of(session, station)[0]
    add_households(session, grid, 4)
    campaign = running_campaign(session, station, five_ones=("poster",))
    homes = list(
        session.scalars(
            select(CampaignBaseline.household_id).where(CampaignBaseline.campaign_id == campaign.id)
        )
    )
    homes += add_households(session, grid, 2, compound="新苑")  # after the start: not in baseline
    times = [(START + timedelta(hours=h)).isoformat() for h in (1, 2)]  # ties on purpose
    for _ in range(8):
        batch = [
            visit(
                rng.choice(homes),
                outcome=rng.choice(list(VisitOutcome)).value,
                visited_at=rng.choice(times),
                revisit_needed=rng.random() < 0.5,
                residents_reached=rng.randint(0, 4),
                five_ones=rng.sample([f.value for f in FIVE_ONES], rng.randint(0, 2)),
            )
            for _ in range(rng.randint(1, 5))
        ]
        sync.sync_visits(session, station, campaign.id, batch)
    folded = _roll_ups(session, campaign)
    assert sum(d["entered_added"] for d in folded[2]) == sum(
        1 for s in folded[0] if s["entered_on"] is not None and not s["in_baseline"]
    )
    coverage.refresh(session, campaign, homes)
    session.expire_all()
    assert _roll_ups(session, campaign) == folded
    for state in folded[0]:
        visits = session.scalars(
            select(Visit).where(
                Visit.campaign_id == campaign.id, Visit.household_id == state["household_id"]
            )
        )
        latest = max(visits, key=lambda v: (v.visited_at, v.id))
        assert (state["latest_visit_id"], state["revisit_pending"]) == (
            latest.id,
            latest.revisit_needed,
        )
