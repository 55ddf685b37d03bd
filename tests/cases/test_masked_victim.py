"""A masked victim shows where they live down to the street, never the unit's name instead."""

from __future__ import annotations

import pytest

from fanzha.access import Principal
from fanzha.cases import service
from fanzha.cases.schemas import CaseIn
from tests.helpers import login, unit_of

pytestmark = pytest.mark.usefixtures("city")


def test_the_masked_address_is_the_street_not_the_police_unit(client, session):
    unit = unit_of(session, "station_a")
    case = service.create_case(
        session,
        Principal.system(),
        CaseIn(victim_name="吴芳", victim_address="江滨区石家庄路378号明珠苑3栋501"),
        unit_id=unit.id,
    )
    shown = service.victim(case)
    assert shown.masked and shown.address == "江滨区石家庄路****"
    assert unit.name not in shown.address
    login(client, "station_a")
    page = client.get(f"/cases/{case.id}").text
    assert "江滨区石家庄路****" in page and "378号" not in page
