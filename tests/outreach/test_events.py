"""Outreach events as a station records them: the calendar shows them, the totals add up, and
another station's events stay out of sight."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from fanzha import clock
from fanzha.access import Principal
from fanzha.auth.service import user_principal
from fanzha.outreach import events
from fanzha.outreach.people_models import EventKind, OutreachEvent
from fanzha.outreach.people_schemas import EventIn
from tests.helpers import login, post_form, staff_in, unit_of, user

pytestmark = pytest.mark.usefixtures("city")


def _at(text: str) -> datetime:
    return clock.parse_local(text)


def _record(session, username, **over) -> OutreachEvent:
    unit = unit_of(session, username)
    data = {
        "kind": EventKind.school,
        "title": "反诈进校园·开学第一课",
        "place": "示例市第一中学礼堂",
        "starts_at": _at("2026-03-09 14:00"),
        "ends_at": _at("2026-03-09 16:00"),
        "unit_id": unit.id,
        "audience_onsite": 320,
        "audience_online": 1500,
        "materials": 400,
    } | over
    return events.create_event(session, user_principal(user(session, username)), EventIn(**data))


def test_an_event_recorded_on_the_form_shows_on_its_day_in_the_calendar(client, session):
    login(client, "station_a")
    unit = unit_of(session, "station_a")
    helper = staff_in(session, unit)
    response = post_form(
        client,
        "/outreach/events/new",
        {
            "kind": "night_market",
            "title": "文昌路夜市防骗宣传",
            "place": "文昌路夜市",
            "starts_at": "2026-11-14T19:00",
            "ends_at": "2026-11-14T21:30",
            "unit_id": unit.id,
            "audience_onsite": "260",
            "audience_online": "0",
            "materials": "500",
            "staff_ids": [str(helper.id)],
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    event = session.scalars(
        select(OutreachEvent).where(OutreachEvent.title == "文昌路夜市防骗宣传")
    ).one()
    assert [s.id for s in event.helpers] == [helper.id]

    page = client.get("/outreach/events/calendar?month=2026-11").text
    cell = re.search(r'data-day="2026-11-14">(.*?)</td>', page, re.S)
    assert cell and "夜市 文昌路夜市防骗宣传" in cell.group(1)
    assert "19:00" in cell.group(1)
    other_day = re.search(r'data-day="2026-11-15">(.*?)</td>', page, re.S)
    assert other_day and "文昌路夜市防骗宣传" not in other_day.group(1)

    detail = client.get(f"/outreach/events/{event.id}").text
    assert "500 份" in detail and "2.5 小时" in detail


def test_an_event_ending_before_it_starts_is_refused_beside_the_field(client, session):
    login(client, "station_a")
    response = post_form(
        client,
        "/outreach/events/new",
        {
            "kind": "park",
            "title": "公园宣传",
            "place": "人民公园",
            "starts_at": "2026-11-14T10:00",
            "ends_at": "2026-11-14T09:00",
            "unit_id": unit_of(session, "station_a").id,
        },
    )
    assert response.status_code == 422
    assert "结束时间须晚于开始时间" in response.text


def test_totals_per_unit_add_up_and_respect_the_date_window(client, session):
    station_a, station_b = unit_of(session, "station_a"), unit_of(session, "station_b")
    system = Principal.system()
    # A month after the demo city's events (they run up to today).
    month = (clock.now() + timedelta(days=400)).astimezone(clock.SHANGHAI).date().replace(day=10)
    at = clock.day_start(month)
    base = {
        "kind": EventKind.community,
        "title": "社区宣讲",
        "place": "社区活动室",
        "starts_at": at + timedelta(hours=9),
        "ends_at": at + timedelta(hours=11),
    }
    for unit, onsite, online, materials in (
        (station_a, 100, 0, 150),
        (station_a, 40, 900, 60),
        (station_b, 75, 10, 80),
    ):
        events.create_event(
            session,
            system,
            EventIn(
                **base,
                unit_id=unit.id,
                audience_onsite=onsite,
                audience_online=online,
                materials=materials,
            ),
        )
    # Outside the window asked: not counted.
    events.create_event(
        session,
        system,
        EventIn(
            **(base | {"starts_at": at + timedelta(days=25), "ends_at": at + timedelta(days=26)}),
            unit_id=station_a.id,
            audience_onsite=999,
        ),
    )
    login(client, "branch_leader")
    first, last = month.replace(day=1), month.replace(day=28)
    page = client.get(f"/outreach/events/totals?from={first}&to={last}").text
    row_a = re.search(rf"<td>{station_a.name}</td>(.*?)</tr>", page, re.S).group(1)
    assert re.findall(r">(\d+)<", row_a) == ["2", "140", "900", "210"]
    row_b = re.search(rf"<td>{station_b.name}</td>(.*?)</tr>", page, re.S).group(1)
    assert re.findall(r">(\d+)<", row_b) == ["1", "75", "10", "80"]
    total = re.search(r'id="totals-sum">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r">(\d+)<", total) == ["3", "215", "910", "290"]


def test_a_station_does_not_see_a_sibling_stations_events(client, session):
    station_b = unit_of(session, "station_b")
    event = events.create_event(
        session,
        Principal.system(),
        EventIn(
            kind=EventKind.live,
            title="直播反诈课堂（乙所）",
            place="线上",
            starts_at=_at("2026-11-20 20:00"),
            ends_at=_at("2026-11-20 21:00"),
            unit_id=station_b.id,
        ),
    )
    login(client, "station_a")
    assert "直播反诈课堂（乙所）" not in client.get("/outreach/events").text
    assert client.get(f"/outreach/events/{event.id}").status_code == 404
    assert "直播反诈课堂（乙所）" not in client.get("/outreach/events/calendar?month=2026-11").text
