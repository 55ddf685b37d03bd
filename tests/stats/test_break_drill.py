"""A new user's drill-down: the list says which days it holds, and a child unit's figure over
a custom period equals its list (the test on the leader's own unit is in test_pages)."""

from __future__ import annotations

import re
from datetime import timedelta

from fanzha.auth.service import user_principal
from fanzha.stats import figures as F
from fanzha.stats import periods as P
from tests.helpers import login, unit_of, user


def _total(html: str) -> int:
    found = re.search(r'class="list-total">共 <strong>(\d+)</strong>', html)
    assert found, html[:500]
    return int(found.group(1))


def test_the_date_filter_shows_the_days_listed(client, busy):
    login(client, "leader")
    today = P.local_today()
    month = P.period_of("month", today)
    page = client.get("/stats/records/cases.reported").text
    assert f'name="from" value="{month.start}"' in page
    assert f'name="to" value="{today}"' in page
    reversed_days = client.get("/stats/records/cases.reported?from=2026-03-31&to=2026-03-01").text
    assert 'name="from" value="2026-03-01"' in reversed_days
    assert 'name="to" value="2026-03-31"' in reversed_days


def test_a_child_units_figures_over_a_custom_period_equal_their_lists(client, session, busy):
    login(client, "leader")
    leader = user_principal(user(session, "leader"))
    child = unit_of(session, "branch_leader")
    today = P.local_today()
    period = P.custom(today - timedelta(days=40), today - timedelta(days=3))
    figures = F.figures(session, leader, child.id, period)
    counted = [f for f in figures if f.records]
    assert len(counted) >= 5  # the busy data reaches the 分局
    for figure in counted:
        assert f"unit={child.id}" in figure.drill_url, figure.key
        assert _total(client.get(figure.drill_url).text) == figure.records, figure.key
        if figure.numerator_url:
            assert _total(client.get(figure.numerator_url).text) == figure.numerator, figure.key
