"""A new user's bad period parameters on the dashboard: never a server error, and a period
that was not understood is said so beside the period shown instead of silently replaced."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanzha.stats import periods as P
from tests.helpers import login

NOT_UNDERSTOOD = "所选期间无法识别"


@pytest.mark.parametrize(
    "query",
    [
        "kind=month&anchor=0001-01-15",
        "kind=year&anchor=0001-06-01",
        "kind=week&anchor=0001-01-03",
        "kind=day&anchor=0001-01-01",
        "kind=day&anchor=9999-12-31",
        "kind=month&anchor=9999-11-15",
        "kind=custom&from=0001-01-01&to=0001-01-31",
        "kind=custom&from=9999-12-01&to=9999-12-31",
        "kind=custom&from=1976-01-01&to=2026-01-01",  # fifty years
        "kind=month&anchor=9999-99-99",
        "kind=month&anchor=0000-01-01",
    ],
)
def test_an_impossible_period_shows_this_month_and_says_so(client, busy, query):
    login(client, "leader")
    page = client.get(f"/stats?{query}")
    assert page.status_code == 200
    this_month = P.period_of("month", P.local_today())
    assert f"{this_month.start} 至" in page.text
    assert NOT_UNDERSTOOD in page.text


def test_a_reversed_custom_range_is_read_in_order_without_a_notice(client, busy):
    login(client, "leader")
    page = client.get("/stats?kind=custom&from=2026-03-31&to=2026-03-01")
    assert page.status_code == 200
    assert "2026-03-01 至 2026-03-31" in page.text
    assert NOT_UNDERSTOOD not in page.text


@given(
    kind=st.sampled_from(P.KINDS),
    anchor=st.dates(),
    start=st.dates(),
    end=st.dates(),
)
def test_every_parsed_period_can_be_compared_and_bounded(kind, anchor, start, end):
    period, _ = P.parse_checked(kind, anchor.isoformat(), start.isoformat(), end.isoformat())
    today = P.local_today()
    for p in (*P.comparisons(period, today), P.previous(period), P.year_earlier(period)):
        P.utc_bounds(p)
    for _ in range(12):  # the trend steps back twelve periods
        period = P.previous(period)
        P.utc_bounds(period)
