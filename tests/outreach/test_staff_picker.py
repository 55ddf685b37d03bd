"""参加人员 on the event form are found by name or 警号 and picked, at any staff count: the
form no longer lists the first 300 people of the viewer's units in a select (the 301st could
never be chosen), and the search keeps to the viewer's units."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.org.models import Staff, StaffKind
from fanzha.outreach.people_models import OutreachEvent
from tests.helpers import login, post_form, unit_of

pytestmark = pytest.mark.usefixtures("city")


def crowd(session: Session, unit_id: int, n: int = 320) -> list[Staff]:
    """`n` volunteers of one unit, the last named 欧阳拾遗 with 警号 P990320."""
    people = [
        Staff(
            unit_id=unit_id,
            name="欧阳拾遗" if i == n - 1 else f"志愿者{i:03d}",
            kind=StaffKind.volunteer,
            phone=f"+86139{unit_id % 100:02d}{i:06d}",
            badge_no=f"P99{i:04d}",
        )
        for i in range(n)
    ]
    session.add_all(people)
    session.flush()
    return people


def test_the_last_of_many_volunteers_is_found_and_picked(client, session: Session):
    unit = unit_of(session, "station_a")
    last = crowd(session, unit.id)[-1]
    login(client, "station_a")
    form = client.get("/outreach/events/new").text
    assert 'name="staff_ids"' not in form and '<select id="f-staff_ids"' not in form
    assert 'hx-get="/outreach/events/staff"' in form
    for typed in ("欧阳拾", "P990319"):
        found = client.get("/outreach/events/staff", params={"staff_q": typed})
        assert found.status_code == 200
        assert f'data-pick-staff="{last.id}"' in found.text and "欧**遗" in found.text
    many = client.get("/outreach/events/staff", params={"staff_q": "志愿者"}).text
    assert many.count("data-pick-staff=") == 20 and "共 319 人符合" in many
    response = post_form(
        client,
        "/outreach/events/new",
        {
            "kind": "park",
            "title": "人民公园反诈宣传",
            "place": "人民公园",
            "starts_at": "2026-11-14T09:00",
            "ends_at": "2026-11-14T11:00",
            "unit_id": unit.id,
            "staff_ids": [str(last.id)],
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    event = session.scalars(
        select(OutreachEvent).where(OutreachEvent.title == "人民公园反诈宣传")
    ).one()
    assert [s.id for s in event.helpers] == [last.id]
    # Editing shows who was picked, by name, ready to be removed.
    edit = client.get(f"/outreach/events/{event.id}/edit").text
    chosen = edit.split('id="chosen-staff"', 1)[1].split("</ul>", 1)[0]
    assert f'name="staff_ids" value="{last.id}"' in chosen and "欧**遗" in chosen


def test_the_search_keeps_to_the_viewers_units(client, session: Session):
    other = crowd(session, unit_of(session, "station_b").id, n=3)[-1]
    login(client, "station_a")
    found = client.get("/outreach/events/staff", params={"staff_q": "欧阳拾遗"}).text
    assert f'data-pick-staff="{other.id}"' not in found and "没有找到" in found
    login(client, "dissuader_a")
    assert client.get("/outreach/events/staff", params={"staff_q": "欧"}).status_code == 403
