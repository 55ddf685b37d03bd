"""Leaders' figures on the demo city: counted right, scoped, compared by the calendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from fanzha import clock
from fanzha.auth.service import user_principal
from fanzha.cases.models import Case, CaseStatus
from fanzha.errors import NotFound
from fanzha.org.models import Unit
from fanzha.stats import figures as F
from fanzha.stats import periods as P
from fanzha.stats.registry import INDICATORS, by_key
from fanzha.warnings.models import Outcome, Warning, WarningStatus
from tests.helpers import unit_of, user


def _principal(session, username):
    return user_principal(user(session, username))


def _year(session):
    """The last twelve whole months up to today: the demo's data runs over the past year."""
    today = P.local_today()
    return P.custom(date(today.year - 1, today.month, 1), today)


def test_every_indicator_counts_on_the_demo_city(session, busy):
    leader = _principal(session, "leader")
    period = _year(session)
    got = {f.key: f for f in F.figures(session, leader, leader.unit_id, period)}
    assert set(got) == {i.key for i in INDICATORS}
    assert got["warnings.received"].value > 0
    assert got["cases.reported"].value > 0
    for figure in got.values():
        rows = F.rows_select(
            session, leader, by_key(figure.key), unit_of(session, "leader"), figure.period
        )
        listed = session.scalar(select(func.count()).select_from(rows.subquery()))
        assert figure.records == listed, figure.key


def test_warnings_received_equals_a_plain_recount(session, busy):
    leader = _principal(session, "leader")
    period = _year(session)
    (figure,) = F.figures(session, leader, leader.unit_id, period, keys=["warnings.received"])
    start, end = P.utc_bounds(figure.period)
    plain = [
        w
        for w in session.scalars(select(Warning))
        if start <= w.received_at < end and w.status != WarningStatus.duplicate
    ]
    assert figure.value == len(plain)


def test_a_station_sees_only_its_own(session, busy):
    station = _principal(session, "station_a")
    leader = _principal(session, "leader")
    period = _year(session)
    own = F.figures(session, station, station.unit_id, period, keys=["warnings.received"])[0]
    city_wide = F.figures(session, leader, leader.unit_id, period, keys=["warnings.received"])[0]
    assert own.value < city_wide.value
    with pytest.raises(NotFound):
        F.figures(session, station, leader.unit_id, period, keys=["warnings.received"])
    other = unit_of(session, "station_b")
    with pytest.raises(NotFound):
        F.figures(session, station, other.id, period, keys=["warnings.received"])


def test_a_year_before_any_data_is_a_dash_not_zero(session, busy):
    leader = _principal(session, "leader")
    (figure,) = F.figures(
        session,
        leader,
        leader.unit_id,
        P.period_of("month", P.local_today()),
        keys=["cases.reported"],
    )
    assert figure.year_earlier is None and figure.yoy_pct is None
    assert by_key("cases.reported").display(figure.year_earlier) == "—"


def test_ranking_shares_ranks_on_ties(session, busy):
    leader = _principal(session, "leader")
    rows = F.ranking(session, leader, leader.unit_id, "warnings.received", _year(session))
    branches = session.scalar(
        select(func.count()).select_from(Unit).where(Unit.parent_id == leader.unit_id)
    )
    assert len(rows) == branches
    ranks = [r.rank for r in rows if r.rank is not None]
    assert ranks == sorted(ranks) and ranks[0] == 1
    values = [r.value for r in rows]
    for a in rows:
        assert a.tied == (values.count(a.value) > 1)


def test_trend_runs_oldest_first(session, busy):
    leader = _principal(session, "leader")
    points = F.trend(session, leader, leader.unit_id, "warnings.received", "month", 6)
    assert len(points) == 6
    assert [p for p, _ in points] == sorted(p for p, _ in points)
    assert points[-1][0] == P.period_of("month", clock.now().astimezone(clock.SHANGHAI).date())


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(["day", "week", "month", "quarter", "custom"]),
    back=st.integers(0, 60),
    length=st.integers(0, 40),
    which=st.integers(0, 1000),
    key=st.sampled_from(["warnings.received", "warnings.protected", "cases.reported"]),
)
def test_figures_equal_a_direct_recount_for_any_period_and_unit(
    session, busy, kind, back, length, which, key
):
    leader = _principal(session, "leader")
    units = session.scalars(select(Unit).order_by(Unit.id)).all()
    unit = units[which % len(units)]
    today = P.local_today()
    day = today - timedelta(days=back)
    period = (
        P.custom(day, day + timedelta(days=length)) if kind == "custom" else P.period_of(kind, day)
    )
    (figure,) = F.figures(session, leader, unit.id, period, keys=[key], today=today)
    start, end = P.utc_bounds(figure.period)
    below = {u.id for u in units if u.path.startswith(unit.path)}
    if key == "cases.reported":
        rows = [
            c
            for c in session.scalars(select(Case))
            if c.unit_id in below
            and start <= c.reported_at < end
            and c.status in (CaseStatus.registered, CaseStatus.closed)
        ]
        assert figure.value == len(rows)
        return
    rows = [
        w
        for w in session.scalars(select(Warning))
        if w.unit_id in below and w.status != WarningStatus.duplicate
    ]
    if key == "warnings.received":
        assert figure.value == sum(1 for w in rows if start <= w.received_at < end)
    else:
        assert figure.value == sum(
            w.protected_fen
            for w in rows
            if w.outcome == Outcome.dissuaded
            and w.protected_fen > 0
            and w.closed_at is not None
            and start <= w.closed_at < end
        )


def test_ranking_per_10000_residents_flags_small_populations(session, busy):
    leader = _principal(session, "leader")
    branches = session.scalars(
        select(Unit).where(Unit.parent_id == leader.unit_id).order_by(Unit.code)
    ).all()
    for n, branch in enumerate(branches):
        branch.population = 5_000 if n == 0 else 200_000
    session.flush()
    rows = F.ranking(session, leader, leader.unit_id, "cases.reported", _year(session))
    by_unit = {r.unit_id: r for r in rows}
    first = by_unit[branches[0].id]
    assert first.small and first.population == 5_000
    assert first.per_10k == round((first.value or 0) * 10000 / 5_000, 2)
    assert not by_unit[branches[1].id].small
    # cases: up is bad, so the lowest rate per 10,000 ranks first
    ranked = [r.per_10k for r in sorted(rows, key=lambda r: r.rank)]
    assert ranked == sorted(ranked)


def test_child_rankings_add_up_to_the_parent(session, busy):
    leader = _principal(session, "leader")
    period = _year(session)
    rows = F.ranking(session, leader, leader.unit_id, "warnings.received", period)
    (total,) = F.figures(session, leader, leader.unit_id, period, keys=["warnings.received"])
    own = session.scalar(
        select(func.count())
        .select_from(Warning)
        .where(
            Warning.unit_id == leader.unit_id,
            Warning.status != WarningStatus.duplicate,
            Warning.received_at >= P.utc_bounds(total.period)[0],
            Warning.received_at < P.utc_bounds(total.period)[1],
        )
    )
    assert sum(r.value for r in rows) + own == total.value


def test_a_period_not_begun_is_a_dash_with_no_change(session, busy):
    leader = _principal(session, "leader")
    today = P.local_today()
    ahead = P.period_of("year", date(today.year + 1, 3, 1))
    for figure in F.figures(session, leader, leader.unit_id, ahead, today=today):
        assert figure.value is None, figure.key
        assert (figure.mom_pct, figure.yoy_pct) == (None, None), figure.key
