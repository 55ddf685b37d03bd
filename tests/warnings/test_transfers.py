"""外地对象 and 跨区域移交 (issue 26): the routing clock, a transfer's round trip to another
center, incoming transfers and their answer clock, the leaders' figures."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.liaison import centers
from fanzha.liaison.places import Place, elsewhere, place_of
from fanzha.warnings import figures, intake, ladder, transfers
from fanzha.warnings.escalation import escalate_overdue
from fanzha.warnings.models import Outcome, TransferStatus, Warning, WarningStatus
from fanzha.warnings.schemas import WarningIn
from tests.helpers import audit_entries, csrf_token, login, make_api_key, unit_of
from tests.warnings.factories import warning_payload
from tests.warnings.test_ladder import htmx

pytestmark = pytest.mark.usefixtures("city")
SYSTEM = Principal.system()
AWAY = "江西省峰市周路88号K座"


def _unrouted(session: Session, address: str = "", **overrides) -> Warning:
    payload = warning_payload(address=address, **overrides)
    [(warning_id, _)] = intake.store(session, SYSTEM, [WarningIn(**payload)])
    return session.get(Warning, warning_id)


def _center(session: Session, **kw):
    return centers.save(session, SYSTEM, **({"province": "江西省", "name": "江西省反诈中心"} | kw))


class TestPlaces:
    def test_an_address_names_its_province_and_city(self):
        assert place_of("西藏自治区龙县深圳路f座") == Place("西藏自治区", "龙县")
        assert place_of("北京市朝阳区建国路1号") == Place("北京市", "北京市")
        assert place_of("新港区石家庄路378号明珠苑") == Place()

    def test_our_own_city_is_not_elsewhere(self):
        assert not elsewhere(place_of("江苏省示例市新港区"), "江苏省", "示例市")
        assert elsewhere(place_of("江苏省南京市玄武区"), "江苏省", "示例市")
        assert elsewhere(place_of(AWAY), "江苏省", "示例市")


class TestRoutingClock:
    def test_an_unrouted_warning_is_escalated_once_when_its_routing_clock_runs_out(self, session):
        warning = _unrouted(session)
        assert not warning.routed and warning.route_due_at is not None
        ladder.sign(session, SYSTEM, warning)
        late = warning.route_due_at + timedelta(seconds=1)
        assert late < warning.contact_due_at  # only the routing clock has run out
        assert escalate_overdue(session, late) == [warning.id]
        session.refresh(warning)
        assert warning.escalation == "分派超时"
        assert escalate_overdue(session, late + timedelta(minutes=1)) == []
        assert len(audit_entries(session, "warning.escalated", target_id=str(warning.id))) == 1

    def test_a_routed_or_out_of_area_warning_has_no_routing_clock(self, session):
        away = _unrouted(session, AWAY)
        ladder.sign(session, SYSTEM, away)
        transfers.mark_out_of_area(session, SYSTEM, away)
        assert escalate_overdue(session, away.route_due_at + timedelta(seconds=1)) == []
        assert "住址在江西省峰市" in away.out_of_area_note

    def test_the_board_counts_and_flags_it(self, client, session):
        warning = _unrouted(session)
        ladder.sign(session, SYSTEM, warning)
        warning.route_due_at = clock.now() - timedelta(minutes=1)
        session.flush()
        login(client, "duty")
        page = client.get("/warnings", params={"overdue": "true"}).text
        assert f'data-id="{warning.id}"' in page and "分派超时" in page


class TestTransferOut:
    def test_a_transfer_goes_out_is_received_answered_and_closes_the_warning(self, client, session):
        center = _center(session)
        warning = _unrouted(session, AWAY)
        assert "住址在江西省峰市" in transfers.evidence(warning)
        assert transfers.suggested_center(session, warning).id == center.id
        login(client, "duty")
        page = client.post(
            f"/warnings/{warning.id}/transfer",
            headers=htmx(client),
            data={"center_id": str(center.id), "reason": "对象现居江西", "tried": "电话已接通"},
        )
        assert page.status_code == 200 and "已移交" in page.text
        [transfer] = transfers.of_warning(session, warning)
        assert transfer.status == TransferStatus.sent and warning.out_of_area_at is not None
        assert transfer.due_at == transfer.sent_at + timedelta(hours=72)
        again = client.post(
            f"/warnings/{warning.id}/transfer",
            headers=htmx(client),
            data={"center_id": str(center.id), "reason": "再次移交"},
        )
        assert again.status_code == 409 and "不能重复移交" in again.text

        pdf = client.get(f"/warnings/transfers/{transfer.id}/letter.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        sheet = load_workbook(
            BytesIO(client.get(f"/warnings/transfers/{transfer.id}/letter.xlsx").content)
        )
        assert AWAY in [c.value for c in next(sheet.active.iter_rows(min_row=2))]
        assert len(audit_entries(session, "pii.exported", target_id=str(transfer.id))) == 2

        received = client.post(f"/warnings/transfers/{transfer.id}/received", headers=htmx(client))
        assert received.status_code == 200 and "已接收" in received.text
        answered = client.post(
            f"/warnings/transfers/{transfer.id}/answer",
            headers=htmx(client),
            data={"outcome": "dissuaded", "protected_yuan": "3000", "note": "已上门劝阻"},
        )
        assert answered.status_code == 200
        session.refresh(warning)
        session.refresh(transfer)
        assert transfer.status == TransferStatus.answered and transfer.outcome == Outcome.dissuaded
        assert warning.status == WarningStatus.closed and warning.outcome == Outcome.dissuaded
        assert warning.protected_fen == 3000_00 and "江西省反诈中心反馈" in warning.outcome_note
        twice = client.post(
            f"/warnings/transfers/{transfer.id}/answer",
            headers=htmx(client),
            data={"outcome": "defrauded"},
        )
        assert twice.status_code == 409

    def test_the_feedback_feed_carries_the_transferred_warnings_final_outcome(
        self, client, session
    ):
        key = {"X-API-Key": make_api_key(session)}
        warning = _unrouted(session, AWAY)
        transfer = transfers.transfer_out(
            session, SYSTEM, warning, center_id=_center(session).id, reason="外省"
        )
        transfers.record_answer(session, SYSTEM, transfer, outcome="cannot_find", note="查无此人")
        session.flush()
        feed = client.get("/api/v1/warnings/feedback", params={"after": 0}, headers=key).json()
        [item] = [f for f in feed if f["id"] == warning.id]
        assert item["outcome"] == "cannot_find" and "查无此人" in item["note"]

    def test_an_answer_must_be_an_outcome_that_ends_a_warning(self, client, session):
        warning = _unrouted(session, AWAY)
        transfer = transfers.transfer_out(
            session, SYSTEM, warning, center_id=_center(session).id, reason="外省"
        )
        login(client, "duty")
        bad = client.post(
            f"/warnings/transfers/{transfer.id}/answer",
            headers=htmx(client),
            data={"outcome": "not_found_yet"},
        )
        assert bad.status_code == 422 and "请选择对方反馈的结果" in bad.text


class TestIncoming:
    def test_an_incoming_transfer_answered_late_is_flagged(self, client, session):
        came = clock.now() - timedelta(days=4)
        [(on_time_id, _)] = intake.store(
            session, SYSTEM, [WarningIn(**warning_payload(transferred_from="九江市反诈中心"))]
        )
        with clock.pinned(came):
            [(late_id, _)] = intake.store(
                session,
                SYSTEM,
                [WarningIn(**warning_payload(transferred_from="南昌市公安局反诈中心"))],
            )
        late = session.get(Warning, late_id)
        ladder.close(session, SYSTEM, late, outcome="dissuaded")
        ladder.close(session, SYSTEM, session.get(Warning, on_time_id), outcome="dissuaded")
        session.flush()
        [answered_late] = transfers.of_warning(session, late)
        [in_time] = transfers.of_warning(session, session.get(Warning, on_time_id))
        assert answered_late.status == in_time.status == TransferStatus.answered
        assert transfers.late(answered_late) and not transfers.late(in_time)
        login(client, "duty")
        page = client.get("/warnings/transfers?direction=incoming").text
        assert "反馈逾期" in page and page.count("反馈逾期") == 1
        # The tab is a paged list: its export is the filtered rows, lateness said.
        export = client.get("/warnings/transfers?direction=incoming&export=xlsx")
        rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
        assert rows[0][0] == "预警" and {r[0] for r in rows[1:]} >= {late_id, on_time_id}
        assert [r[6] for r in rows[1:] if r[0] == late_id] == ["反馈逾期"]

    def test_the_intake_api_takes_transferred_from(self, client, session):
        key = {"X-API-Key": make_api_key(session)}
        response = client.post(
            "/api/v1/warnings",
            json=warning_payload(transferred_from="南昌市公安局反诈中心"),
            headers=key,
        )
        assert response.status_code == 201
        warning = session.get(Warning, response.json()["id"])
        [incoming] = transfers.of_warning(session, warning)
        assert incoming.center_name == "南昌市公安局反诈中心"
        assert incoming.due_at == incoming.sent_at + timedelta(hours=72)


def test_an_incoming_transfer_is_entered_by_form_or_excel(client, session):
    from fanzha.warnings import importer

    login(client, "duty")
    page = client.post(
        "/warnings/new",
        data={
            "source": "province",
            "person_phone": "13912340001",
            "transferred_from": "南昌市公安局反诈中心",
            "csrf_token": csrf_token(client),
        },
    )
    assert page.status_code == 303
    warning = session.get(Warning, int(page.headers["location"].rsplit("/", 1)[1]))
    [by_form] = transfers.of_warning(session, warning)
    assert by_form.center_name == "南昌市公安局反诈中心" and by_form.status == "received"
    sheet = load_workbook(BytesIO(importer.template()))
    headers = [c.value for c in sheet.active[1]]
    row = {"预警来源": "省级平台", "预警编号": "PROV-T-1", "下发时间": "2026-11-30 10:00"}
    row |= {"手机号": "13912340002", "移交来源中心": "九江市反诈中心"}
    sheet.active.append([row.get(h, "") for h in headers])
    out = BytesIO()
    sheet.save(out)
    report = importer.import_warnings(session, SYSTEM, out.getvalue())
    assert report.accepted == 1
    [(wid,)] = session.execute(select(Warning.id).where(Warning.external_id == "PROV-T-1")).all()
    [by_sheet] = transfers.of_warning(session, session.get(Warning, wid))
    assert by_sheet.center_name == "九江市反诈中心"


def test_the_leaders_figures_count_transfers_out_and_in_per_month(client, session):
    warning = _unrouted(session, AWAY)
    transfer = transfers.transfer_out(
        session, SYSTEM, warning, center_id=_center(session).id, reason="外省"
    )
    transfers.record_answer(session, SYSTEM, transfer, outcome="dissuaded")
    _unrouted(session, transferred_from="九江市反诈中心")
    session.flush()
    today = clock.now().astimezone(clock.SHANGHAI).date()
    admin = Principal.system()
    rows = figures.transfer_figures(session, admin, today, today + timedelta(days=1))
    [month] = rows
    assert (month.outgoing.count, month.outgoing.answered, month.incoming.count) == (1, 1, 1)
    assert month.outgoing.answer_hours is not None and month.incoming.answered == 0
    login(client, "leader")
    assert 'id="transfer-figures"' in client.get("/warnings/prognosis").text
    assert unit_of(session, "leader") is not None


def test_admins_keep_the_directory_of_centers(client, session):
    login(client, "admin")
    token = {"csrf_token": csrf_token(client)}
    center = {"province": "江西省", "city": "南昌市", "name": "南昌市公安局反诈中心"}
    assert client.post("/admin/centers", data=center | token).status_code == 303
    again = client.post("/admin/centers", data=center | token)
    assert again.status_code == 409 and "已有同名的反诈中心" in again.text
    [saved] = [c for c in centers.list_centers(session) if c.name == center["name"]]
    warning = _unrouted(session, "江西省南昌市东湖区八一大道1号")
    assert transfers.suggested_center(session, warning).id == saved.id
    page = client.get(f"/warnings/{warning.id}").text
    assert f'<option value="{saved.id}" selected>江西省南昌市 南昌市公安局反诈中心</option>' in page
    retired = client.post(f"/admin/centers/{saved.id}", data=center | token)  # 启用 unchecked
    assert retired.status_code == 303
    session.refresh(saved)
    assert not saved.active and transfers.suggested_center(session, warning) is None
    assert "南昌市 南昌市公安局反诈中心</option>" not in client.get(f"/warnings/{warning.id}").text
    assert len(audit_entries(session, "liaison.center.updated", target_id=str(saved.id))) == 1
    # The directory is a list: no inputs in its cells; a row's 修改 opens the form below it.
    listed = client.get("/admin/centers?state=retired&q=南昌").text
    row = listed.split(f'data-id="{saved.id}"', 1)[1].split("</tr>", 1)[0]
    assert "<input" not in row and "已停用" in row and 'id="center-edit"' not in listed
    editing = client.get(f"/admin/centers?edit={saved.id}").text.split('id="center-edit"', 1)[1]
    assert f'action="/admin/centers/{saved.id}"' in editing and 'value="南昌市"' in editing
    export = client.get("/admin/centers?q=南昌市公安局反诈中心&export=xlsx")
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1:] == [("江西省", "南昌市", "南昌市公安局反诈中心", None, None, "已停用")]
