"""Households reached (入户户数) is counted from the rows the visit sync keeps per grid and day
(`Measure.counted_by`): its figures, rankings and trends equal a count of the household states
themselves, for any period and unit, households outside the campaign's baseline included."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from fanzha.org.models import Grid, Unit
from fanzha.outreach import sync
from fanzha.outreach.models import Campaign, HouseholdState
from fanzha.stats import figures as F
from fanzha.stats import periods as P
from fanzha.stats import rollup
from tests.helpers import login
from tests.outreach.records import add_households, grids_of, principal, running_campaign, visit

KEY = "outreach.households_reached"
pytestmark = pytest.mark.usefixtures("city")


def _states(session, unit: Unit, start, end) -> int:
    """Households reached counted from the states: first entered in [start, end), below unit."""
    return session.scalar(
        select(func.count())
        .select_from(HouseholdState)
        .join(Grid, Grid.id == HouseholdState.grid_id)
        .join(Unit, Unit.id == Grid.unit_id)
        .where(
            HouseholdState.entered_on >= start,
            HouseholdState.entered_on < end,
            Unit.path.like(unit.path + "%"),
        )
    )


def _from_records(monkeypatch, call):
    with monkeypatch.context() as m:
        m.setattr(rollup, "view", lambda session: rollup.View(None, frozenset(), derived=False))
        return call()


def test_the_demo_city_has_households_reached_to_count(session):
    leader = principal(session, "leader")
    today = P.local_today()
    period = P.custom(today - timedelta(days=365), today)
    (figure,) = F.figures(session, leader, leader.unit_id, period, keys=[KEY], today=today)
    assert figure.value > 0
    assert figure.value == _states(session, session.get(Unit, leader.unit_id), *_days(figure))


def _days(figure):
    return figure.period.start, figure.period.end


def test_a_household_outside_the_baseline_counts_when_first_entered(session):
    leader = principal(session, "leader")
    station = principal(session, "station_a")
    today = P.local_today()
    period = P.period_of("day", today)

    def reached() -> int:
        (figure,) = F.figures(session, leader, leader.unit_id, period, keys=[KEY], today=today)
        return figure.value

    before = reached()
    campaign = running_campaign(session, station)
    grid = grids_of(session, station)[0]
    [home] = add_households(session, grid, 1, compound="新苑")  # after the start
    now = P.utc_bounds(period)[0] + timedelta(hours=1)
    sync.sync_visits(session, station, campaign.id, [visit(home, visited_at=now.isoformat())])
    assert reached() == before + 1
    sync.sync_visits(session, station, campaign.id, [visit(home, visited_at=now.isoformat())])
    assert reached() == before + 1  # entered again: still one household


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(["day", "week", "month", "quarter", "year", "custom"]),
    back=st.integers(0, 150),
    length=st.integers(0, 90),
    which=st.integers(0, 1000),
)
def test_reached_from_grid_days_equals_counting_the_states(
    session, monkeypatch, kind, back, length, which
):
    leader = principal(session, "leader")
    today = P.local_today()
    start = today - timedelta(days=back)
    period = (
        P.custom(start, start + timedelta(days=length))
        if kind == "custom"
        else P.period_of(kind, start)
    )
    units = session.scalars(select(Unit).order_by(Unit.id)).all()
    unit = units[which % len(units)]
    got = F.figures(session, leader, unit.id, period, keys=[KEY], today=today)
    assert got == _from_records(
        monkeypatch, lambda: F.figures(session, leader, unit.id, period, keys=[KEY], today=today)
    )
    assert got[0].value == _states(session, unit, *_days(got[0]))
    ranked = F.ranking(session, leader, unit.id, KEY, period)
    assert ranked == _from_records(
        monkeypatch, lambda: F.ranking(session, leader, unit.id, KEY, period)
    )
    trend = F.trend(session, leader, unit.id, KEY, "month", 4, today)
    assert trend == _from_records(
        monkeypatch, lambda: F.trend(session, leader, unit.id, KEY, "month", 4, today)
    )


def test_the_list_of_households_reached_names_each_ones_campaign(client, session):
    """A leader clicking 入户户数 sees which campaign each household was reached in, not a bare
    household number."""
    leader = principal(session, "leader")
    today = P.local_today()
    period = P.custom(today - timedelta(days=365), today)
    names = set(
        session.scalars(
            select(Campaign.name).where(
                Campaign.id.in_(
                    select(HouseholdState.campaign_id).where(HouseholdState.entered_on.is_not(None))
                )
            )
        )
    )
    assert names
    login(client, "leader")
    page = client.get(
        f"/stats/records/{KEY}?unit={leader.unit_id}&from={period.start}&to={period.last_day}"
    )
    assert page.status_code == 200
    shown = set(re.findall(r'</a> <span class="muted">([^<]+)</span></td>', page.text))
    assert shown and shown <= names
