"""Addresses by district through intake and the warning page: the demo city has 石家庄路378号
in two districts (临江区 and 云台区 in the small city; 新港区 in the full one)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.demo.city import SHARED_STREET
from fanzha.org.models import Compound, Grid, Street, Unit
from fanzha.warnings import intake
from fanzha.warnings.models import Warning
from fanzha.warnings.schemas import WarningIn
from tests.helpers import audit_entries, csrf_token, login
from tests.warnings.factories import warning_payload

pytestmark = pytest.mark.usefixtures("city")


def _shared(session: Session) -> dict[str, Compound]:
    """The compound at 石家庄路378号 of each district that has one."""
    rows = session.execute(
        select(Street.district, Compound)
        .join(Street, Street.id == Compound.street_id)
        .where(Street.name == SHARED_STREET, Compound.house_number == "378号")
    ).all()
    return {district: compound for district, compound in rows}


def _receive(session: Session, address: str) -> Warning:
    item = WarningIn(**warning_payload(address=address))
    [(warning_id, _)] = intake.store(session, Principal.system(), [item])
    return session.get(Warning, warning_id)


def test_the_demo_city_has_the_street_in_two_districts(session):
    assert len(_shared(session)) >= 2


def test_an_address_naming_its_district_is_routed_to_that_districts_grid(session):
    for district, compound in _shared(session).items():
        for address in (f"示例市{district}石家庄路378号", f"{district}石家庄路378号5栋"):
            warning = _receive(session, address)
            assert warning.routed and warning.grid_id == compound.grid_id, address
            assert warning.route_candidates == []


def test_without_district_the_center_gets_it_with_the_candidates(client, session):
    shared = _shared(session)
    warning = _receive(session, "石家庄路378号3栋2单元501室")
    root = session.scalar(select(Unit.id).where(Unit.parent_id.is_(None)))
    assert not warning.routed and warning.unit_id == root  # never a wrong station
    assert {c["grid_id"] for c in warning.route_candidates} == {c.grid_id for c in shared.values()}
    assert warning.route_note.startswith("地址未写区县")

    login(client, "duty")
    board = client.get("/warnings?unrouted=true")
    assert f"待选辖区（{len(shared)}处）" in board.text
    page = client.get(f"/warnings/{warning.id}")
    assert page.status_code == 200
    for district in shared:
        assert f"{district}石家庄路378号" in page.text
    chosen = next(iter(shared.values()))
    grid = session.get(Grid, chosen.grid_id)
    assert grid.unit.parent.name in page.text  # the station, so the center knows where
    # The manual drop-down is grouped by community, each named with its station.
    select_html = page.text.split('id="grid_id"', 1)[1].split("</select>", 1)[0]
    group = f'<optgroup label="{grid.unit.parent.name} / {grid.unit.name}">'
    assert group in select_html
    assert f'<option value="{grid.id}">' in select_html.split(group, 1)[1].split("</optgroup>")[0]

    answer = client.post(
        f"/warnings/{warning.id}/route",
        data={"grid_id": chosen.grid_id},
        headers={"HX-Request": "true", "X-CSRF-Token": csrf_token(client)},
    )
    assert answer.status_code == 200
    session.refresh(warning)
    assert warning.routed and warning.grid_id == chosen.grid_id
    assert audit_entries(session, "warning.rerouted", target_id=str(warning.id))
    assert "可能在以下辖区" not in answer.text  # chosen: the choice is gone


@pytest.mark.parametrize(
    ("number", "note"),
    [
        ("330102196003151237", "上城区设立于1983年"),
        ("421124199003151231", "英山县设立于1995年"),
        ("11010119990230001X", "出生日期19990230不是有效日期"),
    ],
)
def test_a_real_id_number_is_accepted_and_its_note_shown_to_the_officer(
    client, session, number, note
):
    item = WarningIn(**warning_payload(person_id_number=number))  # refused before
    [(warning_id, _)] = intake.store(session, Principal.system(), [item])
    login(client, "duty")
    headers = {"X-CSRF-Token": csrf_token(client), "HX-Request": "true"}
    shown = client.post(f"/warnings/{warning_id}/reveal", headers=headers)
    assert shown.status_code == 200
    assert number in shown.text and note in shown.text
    masked = client.get(f"/warnings/{warning_id}")
    assert note not in masked.text  # the birth date is personal data: notes only unmasked
    assert "身份证号有需核对之处" in masked.text  # but the officer knows to look
