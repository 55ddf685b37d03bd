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


def test_the_trend_leaves_months_before_the_first_record_empty(session, busy):
    # The dashboard's line and the report's trend table drew 0 cases for the months before
    # any case was recorded, beside a headline whose 上期 said — for the same month.
    from sqlalchemy import func, select

    from fanzha import clock
    from fanzha.cases.models import Case

    leader = user_principal(user(session, "leader"))
    first = session.scalar(select(func.min(Case.reported_at))).astimezone(clock.SHANGHAI).date()
    points = F.trend(session, leader, leader.unit_id, "cases.reported", "month", 12)
    before = [v for p, v in points if p.end <= first]
    after = [v for p, v in points if p.end > first]
    assert before and after  # six weeks of cases: the year starts empty
    assert all(v is None for v in before)
    assert all(v is not None for v in after)


def test_a_summed_figure_equals_the_sum_its_list_shows(client, session, busy):
    # 宣传受众人数 32,771 led to "共 13 条" and nothing to check the 32,771 against.
    from fanzha.stats.registry import by_key

    login(client, "leader")
    leader = user_principal(user(session, "leader"))
    today = P.local_today()
    period = P.custom(today - timedelta(days=60), today)
    summed = [f for f in F.figures(session, leader, leader.unit_id, period) if f.records]
    summed = [f for f in summed if by_key(f.key).kind == "sum"]
    assert summed  # losses at least
    for figure in summed:
        indicator = by_key(figure.key)
        page = client.get(figure.drill_url).text
        assert f"合计：{indicator.display(figure.value)} {indicator.unit_label}" in page, figure.key


def test_a_unit_no_record_can_have_is_not_found_and_a_non_number_is_the_own_unit(client, busy):
    login(client, "leader")
    for url in ("/stats", "/stats/records/outreach.households_reached"):
        for unit in ("2147483648", "99999999999999999999", "999999"):
            assert client.get(url, params={"unit": unit}).status_code == 404, (url, unit)
        for unit in ("²", "abc", "-1"):
            assert client.get(url, params={"unit": unit}).status_code == 200, (url, unit)
