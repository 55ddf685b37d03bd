"""A province finding's account links to this city's page of that value (涉诈要素) when the city
knows it: the local record a viewer may open (the value's page opens to every analysis reader
and lists only the viewer's own sightings). An account the city has never seen stays text."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from fanzha import clock
from fanzha.linking import links
from fanzha.linking.models import Indicator, IndicatorKind, IndicatorSource
from fanzha.province import load
from tests.helpers import login
from tests.province import test_findings as gangs_world
from tests.province import test_recurring_pages as recurring_world

pytestmark = pytest.mark.usefixtures("city")
ACCOUNT = gangs_world.ACCOUNT


def _name(session, case) -> int:
    links.attach(
        session,
        case.id,
        [(IndicatorKind.account, ACCOUNT)],
        source=IndicatorSource.manual,
        seen_at=clock.now(),
    )
    session.flush()
    return session.scalar(select(Indicator.id).where(Indicator.value == ACCOUNT))


def _links(page: str) -> list[str]:
    return re.findall(r'href="(/analysis/indicators/\d+)"', page)


def test_a_province_mule_links_to_the_local_value(client, session, tmp_path):
    results, mine, _ = gangs_world._results(tmp_path, session)
    load.load(session, results)
    login(client, "analyst")
    assert _links(client.get("/analysis/province/mules").text) == []  # not known here yet
    indicator = _name(session, mine)
    page = client.get("/analysis/province/mules").text
    assert _links(page) == [f"/analysis/indicators/{indicator}"]
    assert client.get(f"/analysis/indicators/{indicator}").status_code == 200
    login(client, "branch_leader")  # its own case names it: shown, and linked
    assert _links(client.get("/analysis/province/mules").text) == [
        f"/analysis/indicators/{indicator}"
    ]


def test_recurring_accounts_and_holders_link_the_accounts_known_here(client, session, tmp_path):
    results, mine, _, _ = recurring_world._results(tmp_path, session)
    load.load(session, results)
    indicator = _name(session, mine)
    login(client, "analyst")
    for url in ("/analysis/province/recurring", "/analysis/province/recurring?who=holders"):
        page = client.get(url).text
        assert _links(page) == [f"/analysis/indicators/{indicator}"], url
        assert "6214 **** **** **** 0042" in page or "0099" in page  # the others as text
