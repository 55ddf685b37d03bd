"""What an officer sees: the hold box on record pages, and the data subject report an admin
exports with a reason."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from tests.helpers import audit_entries, login, post_form
from tests.retention import records

pytestmark = pytest.mark.usefixtures("city")

PHONE = "+8613912345678"
ID_NUMBER = "11010519491231002X"
CLOSED = datetime(2020, 5, 1, tzinfo=UTC)


def test_an_officer_holds_a_warning_with_a_reason_and_releases_it(client, session):
    warning = records.warning(session, CLOSED)
    login(client, "station_a")
    page = f"/warnings/{warning.id}"

    refused = post_form(client, f"{page}/hold", {"reason": "  "})
    assert refused.status_code == 422 and "请填写保全理由" in refused.text
    assert post_form(client, f"{page}/hold", {"reason": "当事人投诉处理中"}).status_code == 303
    box = client.get(f"{page}/hold", headers={"HX-Request": "true"})
    assert 'data-hold="live"' in box.text and "当事人投诉处理中" in box.text
    again = post_form(client, f"{page}/hold", {"reason": "再次"})
    assert again.status_code == 409 and "该记录已在保全中" in again.text
    released = post_form(client, f"{page}/hold/release", {"release_reason": "投诉已办结"})
    assert released.status_code == 303
    assert 'data-hold="live"' not in client.get(f"{page}/hold").text
    (set_entry,) = audit_entries(session, "legal_hold.set", target_id=str(warning.id))
    (release_entry,) = audit_entries(session, "legal_hold.released", target_id=str(warning.id))
    assert set_entry.detail["reason"] == "当事人投诉处理中"
    assert release_entry.detail["reason"] == "投诉已办结"


def test_a_leader_sees_the_hold_of_a_case_but_cannot_set_one(client, session):
    case = records.case(session, CLOSED)
    login(client, "leader")
    box = client.get(f"/cases/{case.id}/hold")
    assert box.status_code == 200 and "设置保全" not in box.text
    assert post_form(client, f"/cases/{case.id}/hold", {"reason": "x"}).status_code == 403


def _sheets(content: bytes) -> dict[str, list[tuple]]:
    wb = load_workbook(io.BytesIO(content))
    return {ws.title: list(ws.iter_rows(min_row=2, values_only=True)) for ws in wb.worksheets}


def test_the_admin_exports_everything_on_one_person_and_it_is_audited(client, session):
    warning = records.warning(session, CLOSED, phone=PHONE, id_number=ID_NUMBER)
    warning.address = '=HYPERLINK("http://x")'
    case = records.case(session, CLOSED, phone=PHONE)
    other = records.case(session, CLOSED)  # somebody else
    records.statement(session, other, holder_id=ID_NUMBER)
    session.flush()
    login(client, "admin")
    assert "当事人数据报告" in client.get("/admin/subject-report").text

    answer = post_form(
        client,
        "/admin/subject-report/export.xlsx",
        {"query": "139 1234 5678", "reason": "本人申请"},
    )

    assert answer.status_code == 200
    sheets = _sheets(answer.content)
    assert [row[0] for row in sheets["预警"]] == [warning.id]
    assert [row[0] for row in sheets["案件"]] == [case.case_no]
    assert sheets["开户人"] == []  # the holder is found by ID number, not this phone
    wb = load_workbook(io.BytesIO(answer.content))
    address = wb["预警"].cell(row=2, column=6)
    assert address.value.startswith("=") and address.data_type == "s"  # text, never a formula
    entry = audit_entries(session, "subject_report.exported")[-1]
    assert entry.detail["reason"] == "本人申请"
    assert entry.detail["counts"]["warnings"] == 1 and entry.detail["counts"]["cases"] == 1
    assert "13912345678" not in str(entry.detail) and "13912345678" not in entry.target_id

    by_id = post_form(
        client, "/admin/subject-report/export.xlsx", {"query": ID_NUMBER, "reason": "本人申请"}
    )
    found = _sheets(by_id.content)
    assert len(found["开户人"]) == 1 and len(found["资金流水"]) == 1
    assert [row[0] for row in found["预警"]] == [warning.id]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"query": "13912345678", "reason": ""}, "请填写导出完整信息的理由"),
        ({"query": "张三", "reason": "核查"}, "请输入有效的身份证号或手机号"),
        ({"query": "110105194912310021", "reason": "核查"}, "请输入有效的身份证号或手机号"),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_exported(client, session, form, message):
    login(client, "admin")
    before = len(audit_entries(session, "subject_report.exported"))
    answer = post_form(client, "/admin/subject-report/export.xlsx", form)
    assert answer.status_code == 422 and message in answer.text
    assert len(audit_entries(session, "subject_report.exported")) == before


@pytest.mark.parametrize("username", ["duty", "analyst", "station_a"])
def test_only_the_admin_may_export_a_subject_report(client, username):
    login(client, username)
    form = {"query": PHONE, "reason": "核查"}
    assert post_form(client, "/admin/subject-report/export.xlsx", form).status_code == 403
