"""The walk list reads the numbers in addresses as numbers: 3栋 before 10栋, room 902 before
1001 — on the printed list as on the phone."""

from __future__ import annotations

import pytest

from fanzha.outreach import service
from tests.outreach.records import add_households, grids_of, principal, running_campaign

pytestmark = pytest.mark.usefixtures("city")


def test_buildings_and_rooms_come_in_numeric_order(session):
    station = principal(session, "station_a")
    grid = grids_of(session, station)[0]
    for building, room in (("10栋", "101"), ("3栋", "1001"), ("3栋", "902"), ("2栋", "101")):
        add_households(session, grid, 1, compound="数序苑", building=building, room=room)
    campaign = running_campaign(session, station)
    ours = [
        (r["building"], r["room"])
        for r in service.walk_list(session, station, campaign)
        if r["compound"] == "数序苑"
    ]
    assert ours == [("2栋", "101"), ("3栋", "902"), ("3栋", "1001"), ("10栋", "101")]
