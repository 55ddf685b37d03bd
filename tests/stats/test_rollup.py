"""The daily roll-up (fanzha.stats.rollup): figures read through it equal the direct count for
every rolled indicator, any period, any unit, after late data and before or after a refresh."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.auth.service import user_principal
from fanzha.cases.models import Case
from fanzha.org.models import Unit
from fanzha.stats import figures as F
from fanzha.stats import periods as P
from fanzha.stats import rollup
from fanzha.stats.registry import INDICATORS
from fanzha.stats.rollup_models import KpiDaily, KpiDirty
from fanzha.warnings.models import Warning
from tests.helpers import run_clock_job, user

ROLLED = [
    i.key
    for i in INDICATORS
    if rollup.code_of(i.measure) and (i.base is None or rollup.code_of(i.base))
]
ROLLED_ANY = [i.key for i in INDICATORS if rollup.code_of(i.measure) or rollup.code_of(i.base)]


def _direct(monkeypatch, call):
    """`call()` with the roll-up and derived tables switched off: every day counted from the
    records."""
    with monkeypatch.context() as m:
        m.setattr(rollup, "view", lambda session: rollup.View(None, frozenset(), derived=False))
        return call()


def test_every_additive_indicator_is_rolled_and_the_rest_say_why():
    kinds = {i.key: i.kind for i in INDICATORS}
    assert {"warnings.received", "warnings.protected", "cases.reported", "cases.loss"} <= set(
        ROLLED
    )
    assert "warnings.signed_in_time" in ROLLED  # a rate: both parts rolled
    assert all(kinds[k] != "mean" for k in ROLLED_ANY)  # means stay direct
    assert "outreach.coverage" not in ROLLED_ANY  # a stock over visits stays direct


def test_the_triggers_watch_every_rolled_measure(session):
    found = {
        (table, tuple(args))
        for table, args in session.execute(
            text(
                "SELECT c.relname, string_to_array(rtrim(encode(t.tgargs, 'escape'), '\\000'),"
                " '\\000') FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE t.tgname = 'kpi_dirty_update'"
            )
        )
    }
    assert found == {(t, cols) for t, cols in rollup.TRIGGERED.items()}
    for code, measure in rollup.rolled(INDICATORS).values():
        assert measure.date.key in rollup.TRIGGERED[measure.model.__tablename__], code


def test_more_marks_than_a_statement_may_bind_are_cleared(session):
    # `id IN (...)` bound one parameter a mark: 65,536 of them failed the refresh job for good.
    yesterday = P.local_today() - timedelta(days=1)
    session.execute(
        text("INSERT INTO kpi_dirty (day) SELECT :day FROM generate_series(1, 70000)"),
        {"day": yesterday},
    )
    rollup.refresh(session)
    left = select(func.count()).select_from(KpiDirty).where(KpiDirty.day < P.local_today())
    assert session.scalar(left) == 0


def test_a_write_marks_its_days_dirty_and_a_refresh_rolls_them(session, busy):
    today = P.local_today()
    rollup.refresh(session, today)
    assert (
        session.scalar(select(func.count()).select_from(KpiDirty).where(KpiDirty.day < today)) == 0
    )
    assert session.scalar(select(func.count()).select_from(KpiDaily)) > 0
    late = clock.day_start(today - timedelta(days=20)) + timedelta(hours=3)
    first = session.scalars(select(Warning.id).order_by(Warning.id)).first()
    session.execute(update(Warning).where(Warning.id == first).values(received_at=late))
    view = rollup.view(session)
    assert today - timedelta(days=20) in view.dirty
    assert rollup.refresh(session, today) >= 1
    assert rollup.view(session).dirty == frozenset()


def _compare(session, monkeypatch, principal, unit_id, period, today):
    keys = ROLLED_ANY
    got = F.figures(session, principal, unit_id, period, keys=keys, today=today)
    want = _direct(
        monkeypatch, lambda: F.figures(session, principal, unit_id, period, keys=keys, today=today)
    )
    for g, w in zip(got, want, strict=True):
        assert g == w, g.key


@pytest.fixture
def leader(session):
    return user_principal(user(session, "leader"))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(["day", "week", "month", "quarter", "year", "custom"]),
    back=st.integers(0, 70),
    length=st.integers(0, 60),
    which=st.integers(0, 1000),
    late=st.integers(0, 60),
    refresh_after=st.booleans(),
    station=st.booleans(),
)
def test_rolled_figures_equal_a_direct_recount(
    session, busy, leader, monkeypatch, kind, back, length, which, late, refresh_after, station
):
    today = P.local_today()
    rollup.refresh(session, today)
    # Late data: a warning and a case moved onto a past day (and another unit) after the
    # refresh — the day is dirty and must be counted live until the next refresh.
    units = session.scalars(select(Unit).order_by(Unit.id)).all()
    day = today - timedelta(days=late)
    at = clock.day_start(day) + timedelta(hours=(which % 23))
    target = units[which % len(units)].id
    w = session.scalars(select(Warning.id).order_by(Warning.id).offset(which % 50)).first()
    session.execute(update(Warning).where(Warning.id == w).values(received_at=at, unit_id=target))
    c = session.scalars(select(Case.id).order_by(Case.id).offset(which % 20)).first()
    session.execute(update(Case).where(Case.id == c).values(reported_at=at, loss_fen=which * 100))
    if refresh_after:
        rollup.refresh(session, today)
    start = today - timedelta(days=back)
    period = (
        P.custom(start, start + timedelta(days=length))
        if kind == "custom"
        else P.period_of(kind, start)
    )
    unit = units[(which // 7) % len(units)]
    principal = leader
    if station:
        principal = user_principal(user(session, "station_a"))
        unit = session.get(Unit, principal.unit_id)
    assert rollup.view(session).through == today
    _compare(session, monkeypatch, principal, unit.id, period, today)
    ranked = F.ranking(session, leader, leader.unit_id, "cases.loss", period)
    assert ranked == _direct(
        monkeypatch, lambda: F.ranking(session, leader, leader.unit_id, "cases.loss", period)
    )
    trend = F.trend(session, principal, unit.id, "warnings.received", kind, 4, today)
    assert trend == _direct(
        monkeypatch,
        lambda: F.trend(session, principal, unit.id, "warnings.received", kind, 4, today),
    )


def test_the_job_queue_rolls_the_days(own_engine, own_database_url):
    """The refresh runs as a procrastinate job on this database and commits."""
    run_clock_job(own_database_url, "kpi:refresh_kpi_daily")
    with Session(own_engine) as session:
        assert rollup.view(session).through == P.local_today()
        assert (
            session.scalar(
                select(func.count()).select_from(KpiDirty).where(KpiDirty.day < P.local_today())
            )
            == 0
        )


@given(
    start=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
    lengths=st.lists(st.integers(0, 120), min_size=1, max_size=4),
)
def test_a_period_splits_into_whole_months_and_the_days_left_over(start, lengths):
    ranges = []
    at = start
    for n, length in enumerate(lengths):
        ranges.append((at, at + timedelta(days=length + 1)))
        at += timedelta(days=length + 1 + n)  # gaps between some ranges
    ranges = rollup._merge(ranges)
    months, days = rollup.months_of(ranges)
    covered = [d for m in months for d in _month_days(m)] + [
        s + timedelta(days=i) for s, e in days for i in range((e - s).days)
    ]
    wanted = [s + timedelta(days=i) for s, e in ranges for i in range((e - s).days)]
    assert sorted(covered) == wanted  # every day once
    assert all(m.day == 1 for m in months)
    for s, e in days:  # no whole month left among the days
        assert not any(m >= s and _month_days(m)[-1] < e for m in _firsts(s, e))


def _month_days(first):
    out = [first]
    while (out[-1] + timedelta(days=1)).month == first.month:
        out.append(out[-1] + timedelta(days=1))
    return out


def _firsts(start, end):
    return [
        start + timedelta(days=i)
        for i in range((end - start).days)
        if (start + timedelta(days=i)).day == 1
    ]
