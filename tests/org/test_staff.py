"""Staff records: errors beside the field, masked by default, audited reveal and export."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from fanzha.org.models import Staff
from tests.helpers import api_post, audit_entries, login, post_form, staff_in, unit_of

pytestmark = pytest.mark.usefixtures("city")

NEW_PERSON = {
    "name": "林晓燕",
    "kind": "auxiliary",
    "phone": "139 1234 5678",
    "id_number": "",
    "badge_no": "",
    "grid_id": "",
    "is_dissuader": "true",
}


class TestCreate:
    def test_a_bad_form_shows_each_error_beside_its_field_and_saves_nothing(self, client, session):
        login(client, "admin")
        unit = unit_of(session, "station_a")
        response = post_form(
            client,
            "/org/staff/new",
            {**NEW_PERSON, "unit_id": unit.id, "phone": "12345", "id_number": "110101"},
        )
        assert response.status_code == 422
        assert 'id="e-phone"' in response.text and "请填写手机号码" in response.text
        assert 'id="e-id_number"' in response.text and "身份证号应为18位" in response.text
        assert 'value="林晓燕"' in response.text  # what was typed is kept
        assert session.scalar(select(Staff).where(Staff.name == "林晓燕")) is None

    def test_a_good_form_saves_normalised_values_and_audits(self, client, session):
        login(client, "admin")
        unit = unit_of(session, "station_a")
        response = post_form(client, "/org/staff/new", {**NEW_PERSON, "unit_id": unit.id})
        assert response.status_code == 303
        person = session.scalar(select(Staff).where(Staff.name == "林晓燕"))
        assert person.phone == "+8613912345678"
        assert person.is_dissuader
        assert audit_entries(session, "org.staff.created", target_id=str(person.id))

    def test_a_phone_already_registered_is_a_conflict(self, client, session):
        login(client, "admin")
        existing = staff_in(session, unit_of(session, "station_a"))
        response = api_post(
            client,
            "/api/v1/org/staff",
            {
                **NEW_PERSON,
                "unit_id": existing.unit_id,
                "phone": existing.phone,
                "grid_id": None,
                "id_number": None,
                "badge_no": None,
                "is_dissuader": True,
            },
        )
        assert response.status_code == 409
        assert response.json() == {
            "code": "staff_phone_taken",
            "message": "手机号已登记",
            "field": "phone",
        }

    def test_traditional_characters_are_stored_simplified(self, client, session):
        login(client, "admin")
        response = api_post(
            client,
            "/api/v1/org/staff",
            {
                **NEW_PERSON,
                "name": "陳誌華",
                "unit_id": unit_of(session, "station_a").id,
                "grid_id": None,
                "id_number": None,
                "badge_no": None,
                "is_dissuader": False,
            },
        )
        assert response.status_code == 201
        assert session.get(Staff, response.json()["id"]).name == "陈志华"


class TestMasking:
    def test_lists_show_masked_names_and_phones(self, client, session):
        login(client, "station_a")
        person = staff_in(session, unit_of(session, "station_a"))
        page = client.get("/org/staff")
        assert person.phone[3:] not in page.text
        assert person.phone[3:6] + "****" + person.phone[-4:] in page.text
        api = client.get("/api/v1/org/staff").json()["items"]
        assert all(item["masked"] and "****" in item["phone"] for item in api)

    def test_revealing_is_a_deliberate_audited_click(self, client, session):
        login(client, "station_a")
        person = staff_in(session, unit_of(session, "station_a"))
        detail = client.get(f"/org/staff/{person.id}")
        assert person.phone[3:] not in detail.text
        assert "显示完整信息" in detail.text
        revealed = client.post(
            f"/org/staff/{person.id}/reveal",
            headers={"HX-Request": "true", "X-CSRF-Token": client.cookies.get("fanzha_csrf")},
        )
        assert revealed.status_code == 200
        assert person.phone in revealed.text
        assert "<html" not in revealed.text  # htmx gets the fragment only
        entries = audit_entries(session, "pii.viewed", target_id=str(person.id))
        assert len(entries) == 1 and entries[0].target_type == "staff"

    @pytest.mark.parametrize("username", ["leader", "dissuader_a"])
    def test_roles_without_need_cannot_reveal(self, client, session, username):
        login(client, username)
        person = staff_in(session, unit_of(session, username))
        assert "显示完整信息" not in client.get(f"/org/staff/{person.id}").text
        assert api_post(client, f"/api/v1/org/staff/{person.id}/reveal").status_code == 403
        assert not audit_entries(session, "pii.viewed", target_id=str(person.id))


class TestExport:
    def _rows(self, content: bytes) -> list[tuple]:
        sheet = load_workbook(io.BytesIO(content)).active
        return list(sheet.iter_rows(values_only=True))

    def test_the_export_is_masked_by_default(self, client, session):
        login(client, "station_a")
        response = client.get("/org/staff/export.xlsx")
        assert response.status_code == 200
        rows = self._rows(response.content)
        assert rows[0][:3] == ("姓名", "类别", "手机号")
        assert all("****" in row[2] for row in rows[1:])
        assert not audit_entries(session, "pii.exported")

    def test_an_unmasked_export_is_a_post_with_a_reason_kept_in_the_audit_entry(
        self, client, session
    ):
        login(client, "station_a")
        person = staff_in(session, unit_of(session, "station_a"))
        page = client.get("/org/staff").text
        assert 'action="/org/staff/export.xlsx"' in page and 'name="reason"' in page
        # The old link answers the masked roster and leaves no pii.exported entry.
        old = self._rows(client.get("/org/staff/export.xlsx?unmasked=true").content)
        assert all("****" in row[2] for row in old[1:])
        blank = post_form(client, "/org/staff/export.xlsx", {"reason": " "})
        assert blank.status_code == 422 and "请填写导出完整信息的理由" in blank.text
        assert not audit_entries(session, "pii.exported")
        response = post_form(client, "/org/staff/export.xlsx", {"reason": "核对劝阻员名单"})
        rows = self._rows(response.content)
        assert (person.name, person.phone[3:]) in {(r[0], r[2]) for r in rows}
        entry = audit_entries(session, "pii.exported")[-1]
        assert entry.detail["rows"] == len(rows) - 1
        assert entry.detail["reason"] == "核对劝阻员名单"

    def test_a_leader_cannot_export_unmasked(self, client, session):
        login(client, "leader")
        response = post_form(client, "/org/staff/export.xlsx", {"reason": "看看"})
        assert response.status_code == 403
        assert "无权进行此操作" in response.text
        assert not audit_entries(session, "pii.exported")


def test_an_id_number_with_a_newer_region_code_is_saved_and_noted_on_reveal(client, session):
    """330102196003151237: 上城区's code dates from 1983, the holder from 1960 (field report)."""
    login(client, "admin")
    unit = unit_of(session, "station_a")
    form = {**NEW_PERSON, "name": "周建国", "phone": "139 8765 4321"}
    saved = post_form(
        client, "/org/staff/new", {**form, "unit_id": unit.id, "id_number": "330102196003151237"}
    )
    assert saved.status_code in (200, 303), saved.text
    person = session.scalar(select(Staff).where(Staff.name == "周建国"))
    assert person.id_number == "330102196003151237"
    revealed = client.post(
        f"/org/staff/{person.id}/reveal",
        headers={"HX-Request": "true", "X-CSRF-Token": client.cookies.get("fanzha_csrf")},
    )
    assert "上城区设立于1983年" in revealed.text
