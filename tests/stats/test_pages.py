"""The dashboard, the definitions and the drill-down lists, as a leader and a station see them."""

from __future__ import annotations

import re
from datetime import date

from fanzha.auth.service import user_principal
from fanzha.stats import figures as F
from fanzha.stats import periods as P
from fanzha.stats.registry import INDICATORS
from tests.helpers import login, post_form, unit_of, user


def _total(html: str) -> int:
    found = re.search(r'class="list-total">共 <strong>(\d+)</strong>', html)
    assert found, html[:500]
    return int(found.group(1))


def test_every_figure_equals_the_length_of_its_list(client, session, busy):
    login(client, "leader")
    leader = user_principal(user(session, "leader"))
    today = P.local_today()
    period = P.custom(date(today.year - 1, today.month, 1), today)
    for figure in F.figures(session, leader, leader.unit_id, period):
        listed = _total(client.get(figure.drill_url).text)
        assert listed == figure.records, figure.key
        if figure.numerator_url:
            assert _total(client.get(figure.numerator_url).text) == figure.numerator, figure.key
    nonzero = [f for f in F.figures(session, leader, leader.unit_id, period) if f.records]
    assert len(nonzero) >= len(INDICATORS) // 2  # the demo data reaches most figures


def test_the_dashboard_shows_each_figure_with_its_definition(client, session, busy):
    login(client, "leader")
    page = client.get("/stats?kind=quarter")
    assert page.status_code == 200
    for indicator in INDICATORS:
        assert indicator.name in page.text
        assert indicator.definition in page.text
    assert "/stats/records/warnings.received?" in page.text
    assert 'id="trend-chart"' in page.text and "/static/vendor/echarts/echarts.min.js" in page.text


def test_a_station_sees_its_own_figures_only(client, session, busy):
    login(client, "station_a")
    own = unit_of(session, "station_a")
    page = client.get("/stats")
    assert page.status_code == 200 and own.name in page.text
    city = unit_of(session, "leader")
    assert client.get(f"/stats?unit={city.id}").status_code == 404
    assert client.get(f"/stats/records/cases.reported?unit={city.id}").status_code == 404
    sibling = unit_of(session, "station_b")
    assert client.get(f"/stats?unit={sibling.id}").status_code == 404


def test_definitions_list_every_indicator_with_its_version(client, busy):
    login(client, "leader")
    page = client.get("/stats/definitions").text
    for indicator in INDICATORS:
        assert f'id="{indicator.key}"' in page and indicator.definition in page
    assert "v1" in page


def test_an_unknown_indicator_is_not_found(client, busy):
    login(client, "leader")
    assert client.get("/stats/records/no.such").status_code == 404


def test_an_administrator_sets_a_units_population_on_its_page(client, session, busy):
    login(client, "admin")
    branch = unit_of(session, "branch_leader")
    url = f"/org/units/{branch.id}"
    assert (
        post_form(client, url, {"name": branch.name, "population": "1,234,567"}).status_code == 303
    )
    session.refresh(branch)
    assert branch.population == 1_234_567
    assert "常住人口 1,234,567" in client.get(url).text
    refused = post_form(client, url, {"name": branch.name, "population": "很多"})
    assert refused.status_code == 422 and "常住人口须为" in refused.text
    assert post_form(client, url, {"name": branch.name, "population": ""}).status_code == 303
    session.refresh(branch)
    assert branch.population is None
