"""The analysts' other work: at-risk people pushed as warnings once, blocking requests and
their appeal path, leads chased when overdue, the two-card watch; and the pages."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.demo import statement_files as files
from fanzha.demo.statement_files import Line
from fanzha.errors import Conflict, InvalidInput
from fanzha.fundflow import imports
from fanzha.linking import at_risk, blocking, indicators, leads, watch
from fanzha.linking.indicators import add_case_indicators
from fanzha.linking.models import (
    AtRiskPerson,
    AtRiskStatus,
    BlockStatus,
    BlockTarget,
    IndicatorKind,
    Lead,
)
from fanzha.masking import mask_bank_account
from fanzha.warnings.models import Warning, WarningSource
from tests.helpers import audit_entries, csrf_token, login, run_clock_job, unit_of
from tests.linking.test_linking import SYSTEM, T0, account, indicator, new_case

pytestmark = pytest.mark.usefixtures("city")

MULE = account(500)


def statement(session: Session, case, lines: list[Line], holder=("王某某", "", "")):
    record = imports.start_import(
        session,
        SYSTEM,
        case=case,
        filename="查控反馈.xlsx",
        content=files.control_return_xlsx(lines, holder),
    )
    imports.import_or_queue(session, SYSTEM, record)
    session.flush()
    return record


def test_payers_into_a_mule_account_are_found_once_and_pushed_as_warnings(session: Session):
    case = new_case(session, MULE)
    victim_payer = case.transfers[0].payer_account
    stranger = "6222600000000009999"
    statement(
        session,
        case,
        [
            Line(MULE, T0, 10_000_00, True, victim_payer, "陈晓梅", "转账", balance_fen=10_000_00),
            Line(MULE, T0 + timedelta(hours=1), 3_000_00, True, stranger, "刘某某", "转账"),
        ],
    )
    assert at_risk.find_payers(session, SYSTEM) == 1  # the reported victim is not listed
    assert at_risk.find_payers(session, SYSTEM) == 0  # the same evidence once
    person = session.scalar(select(AtRiskPerson).where(AtRiskPerson.person_account == stranger))
    assert person.status == AtRiskStatus.needs_identity and person.amount_fen == 3_000_00
    with pytest.raises(InvalidInput):
        at_risk.set_identity(
            session, SYSTEM, person, name="刘某某", phone="123", id_number="", address=""
        )
    at_risk.set_identity(
        session,
        SYSTEM,
        person,
        name="刘某某",
        phone="13611112222",
        id_number="",
        address="示例市建设路1号",
    )
    assert at_risk.push(session, SYSTEM, [person]) == 1
    warning = session.get(Warning, person.warning_id)
    assert warning.source == WarningSource.local_analysis
    assert warning.fraudster_account == MULE and warning.amount_fen == 3_000_00
    assert warning.grade is not None
    assert at_risk.push(session, SYSTEM, [person]) == 0  # pushed already


def test_a_call_list_lists_contacts_of_a_fraud_number(session: Session):
    fraud = "13987650000"
    new_case(session, account(501), phones=(fraud,))
    reported = new_case(session, account(502))
    reported.victim_phone = "+8613700000002"
    session.flush()
    book = Workbook()
    sheet = book.active
    sheet.append(["主叫号码", "被叫号码", "通话时间", "通话时长（秒）"])
    sheet.append([fraud, "13700000001", "2026-10-08 10:00:00", 300])
    sheet.append(["13700000001", fraud, "2026-10-08 11:00:00", 60])
    sheet.append([fraud, "13700000002", "2026-10-08 12:00:00", 30])
    sheet.append(["13700000003", "13700000004", "2026-10-08 12:00:00", 30])
    buffer = io.BytesIO()
    book.save(buffer)
    report = at_risk.import_calls(session, SYSTEM, buffer.getvalue())
    assert "新列出潜在受害人 2 人" in report.message and report.errors == []
    people = {
        p.person_phone: p
        for p in session.scalars(select(AtRiskPerson).where(AtRiskPerson.kind == "contact"))
    }
    assert people["+8613700000001"].contacts == 2
    assert people["+8613700000001"].status == AtRiskStatus.ready
    assert people["+8613700000002"].status == AtRiskStatus.reported  # already a victim
    assert "+8613700000003" not in people
    again = at_risk.import_calls(session, SYSTEM, buffer.getvalue())
    assert "新列出潜在受害人 0 人" in again.message


def test_bad_rows_of_a_call_list_are_reported_and_the_good_ones_used(session: Session):
    fraud = "13987650001"
    new_case(session, account(503), phones=(fraud,))
    book = Workbook()
    book.active.append(["主叫号码", "被叫号码", "通话时间", "通话时长（秒）"])
    book.active.append(["abc", "13700000011", "昨天", "x"])  # row 2
    book.active.append([fraud, "13700000012", "2026-10-08 10:00:00", "²"])  # row 3
    book.active.append([fraud, "13700000013", "2026-10-08 10:00:00", 90])  # row 4: good
    buffer = io.BytesIO()
    book.save(buffer)
    report = at_risk.import_calls(session, SYSTEM, buffer.getvalue())
    assert {(e.row, e.column) for e in report.errors} == {
        (2, "主叫号码"),
        (2, "通话时间"),
        (3, "通话时长（秒）"),
    }
    assert report.accepted == 1 and "新列出潜在受害人 1 人" in report.message
    listed = session.scalars(
        select(AtRiskPerson.person_phone).where(AtRiskPerson.kind == "contact")
    )
    assert "+8613700000013" in set(listed)


def test_indicator_import_attaches_good_rows_reports_bad_ones_and_is_idempotent(
    session: Session,
):
    case = new_case(session, account(504))
    book = Workbook()
    book.active.append(["案件编号", "要素类型", "要素值", "备注"])
    book.active.append([case.case_no, "微信号", "wxid_import01", ""])  # row 2: good
    book.active.append([case.case_no, "飞鸽", "x", ""])  # row 3: unknown kind
    book.active.append(["AJ-NOPE", "微信号", "wxid_import02", ""])  # row 4: no such case
    book.active.append([case.case_no, "电话号码", "12", ""])  # row 5: bad value
    book.active.append([case.case_no, "电话号码", "13987650002", ""])  # row 6: good
    buffer = io.BytesIO()
    book.save(buffer)
    report = indicators.import_indicators(session, SYSTEM, buffer.getvalue())
    assert sorted((e.row, e.column) for e in report.errors) == [
        (3, "要素类型"),
        (4, "案件编号"),
        (5, "要素值"),
    ]
    assert report.accepted == 2 and "导入要素 2 条（1 个案件）" in report.message
    assert indicator(session, "wechat", "wxid_import01").case_count == 1
    again = indicators.import_indicators(session, SYSTEM, buffer.getvalue())
    assert again.accepted == 2 and again.refused == 3
    assert indicator(session, "wechat", "wxid_import01").case_count == 1


def test_blocking_requests_follow_their_states_and_go_out_in_batches(session: Session):
    case = new_case(session, account(510), phones=("13800001111",))
    add_case_indicators(session, SYSTEM, case, kind=IndicatorKind.wechat, raw="wxid_fraud01")
    phone = indicator(session, "phone", "+8613800001111")
    chat = indicator(session, "wechat", "wxid_fraud01")
    first = blocking.request_block(session, SYSTEM, phone, reason="诈骗电话", unit_id=case.unit_id)
    assert first.target == BlockTarget.china_mobile and first.case_ids == [case.id]
    with pytest.raises(Conflict):
        blocking.request_block(session, SYSTEM, phone, reason="再次", unit_id=case.unit_id)
    with pytest.raises(InvalidInput):  # accounts go through stop-payment and freeze
        blocking.request_block(
            session, SYSTEM, indicator(session, "account", account(510)), reason="x", unit_id=1
        )
    second = blocking.request_block(session, SYSTEM, chat, reason="诈骗微信", unit_id=case.unit_id)
    assert second.target == BlockTarget.tencent
    batch_no, content = blocking.submit_batch(session, SYSTEM, BlockTarget.china_mobile)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[1][2] == "+8613800001111" and case.case_no in rows[1][4]
    assert first.status == BlockStatus.submitted and first.batch_no == batch_no
    assert re.fullmatch(r"FT\d{14}-YD", batch_no)  # the carrier by its short code, not in English
    assert second.status == BlockStatus.draft
    with pytest.raises(Conflict):  # nothing left for that target
        blocking.submit_batch(session, SYSTEM, BlockTarget.china_mobile)
    with pytest.raises(Conflict):  # not before it is accepted
        blocking.transition(session, SYSTEM, first, BlockStatus.done)
    blocking.transition(session, SYSTEM, first, BlockStatus.accepted)
    blocking.transition(session, SYSTEM, first, BlockStatus.done)
    with pytest.raises(InvalidInput):  # an appeal states its reason
        blocking.transition(session, SYSTEM, first, BlockStatus.appealed)
    blocking.transition(session, SYSTEM, first, BlockStatus.appealed, note="号码已过户给新机主")
    blocking.transition(session, SYSTEM, first, BlockStatus.lifted, note="核实属实")
    assert first.lifted_at is not None and first.appeal_reason == "号码已过户给新机主"
    # Lifted: a new request may be made for the number.
    blocking.request_block(session, SYSTEM, phone, reason="再次涉诈", unit_id=case.unit_id)
    counts = blocking.counts(session, clock.now() - timedelta(days=1), clock.now() + timedelta(1))
    assert counts["done"]["phone"] >= 1 and counts["lifted"]["phone"] >= 1
    assert len(audit_entries(session, "block.transition")) >= 5


def test_leads_are_answered_in_scope_and_chased_when_overdue(session: Session):
    station = unit_of(session, "station_a")
    lead = leads.send_lead(
        session,
        SYSTEM,
        unit_id=station.id,
        title="核查收款账户持卡人",
        content="账户 6214… 涉及 3 起案件",
        due_at=clock.now() + timedelta(hours=2),
    )
    with pytest.raises(InvalidInput):
        leads.send_lead(
            session, SYSTEM, unit_id=station.id, title="x", content="y", due_at=clock.now()
        )
    # The demo city has overdue leads of its own: only this lead's reminders are asserted.
    assert lead.id not in leads.remind_overdue(session, clock.now() + timedelta(hours=1))
    later = clock.now() + timedelta(hours=3)
    assert lead.id in leads.remind_overdue(session, later)
    within_interval = leads.remind_overdue(session, later + timedelta(hours=1))
    assert lead.id not in within_interval
    assert lead.id in leads.remind_overdue(session, later + timedelta(hours=25))
    assert lead.reminders == 2
    leads.answer(session, SYSTEM, lead, result="已抓获持卡人", arrests=1, recovered_fen=5_000_00)
    with pytest.raises(Conflict):
        leads.answer(session, SYSTEM, lead, result="again", arrests=0, recovered_fen=0)
    leads.close(session, SYSTEM, lead)
    assert audit_entries(session, "lead.reminded")


def test_the_job_queue_chases_an_overdue_lead(own_engine, own_database_url):
    with Session(own_engine) as session:
        lead = leads.send_lead(
            session,
            SYSTEM,
            unit_id=unit_of(session, "station_a").id,
            title="逾期线索",
            content="测试",
            due_at=clock.now() + timedelta(minutes=1),
        )
        lead.due_at = clock.now() - timedelta(minutes=1)  # its deadline has passed
        session.commit()
        lead_id = lead.id
    run_clock_job(own_database_url, "linking:chase_leads")
    with Session(own_engine) as session:
        assert session.get(Lead, lead_id).reminders == 1


def test_two_card_watch_lists_mules_by_holder(session: Session):
    shared = account(520)
    a = new_case(session, shared)
    new_case(session, shared)
    next_card = account(521)
    statement(
        session,
        a,
        [
            Line(shared, T0, 10_000_00, True, "6222000000000000001", "陈晓梅", "转账", 10_000_00),
            Line(
                shared, T0 + timedelta(minutes=4), 9_990_00, False, next_card, "赵某", "转账", 10_00
            ),
        ],
        holder=("孙小明", "110101199003074477", "13600001234"),
    )
    found = {a.account: (h, a) for h in watch.holders(session, SYSTEM) for a in h.accounts}
    holder, flagged = found[shared]
    assert holder.name == "孙小明" and holder.id_number == "110101199003074477"
    assert flagged.case_count == 2 and flagged.pass_days == 1
    assert any("快进快出" in r for r in flagged.reasons)
    content = watch.export(session, SYSTEM, unmasked=False)
    text = " ".join(
        str(c)
        for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
        for c in row
    )
    assert "孙小明" not in text and "110101199003074477" not in text
    assert audit_entries(session, "mule_watch.exported")


def test_the_full_two_card_export_is_a_post_with_a_reason(client, session: Session):
    shared = account(525)
    a = new_case(session, shared)
    new_case(session, shared)
    statement(
        session,
        a,
        [Line(shared, T0, 10_000_00, True, "6222000000000000002", "陈晓梅", "转账", 10_000_00)],
        holder=("钱多多", "110101199003074477", "13600001234"),
    )
    login(client, "analyst")
    page = client.get("/analysis/mules").text
    assert 'action="/analysis/mules.xlsx"' in page and 'name="reason"' in page
    refused = client.post("/analysis/mules.xlsx", data={"csrf_token": csrf_token(client)})
    assert refused.status_code == 422 and "请填写导出完整信息的理由" in refused.text
    full = client.post(
        "/analysis/mules.xlsx",
        data={"csrf_token": csrf_token(client), "reason": "两卡专项打击名单核对"},
    )
    assert full.status_code == 200
    sheet = load_workbook(io.BytesIO(full.content)).active
    assert "钱多多" in [row[0] for row in sheet.iter_rows(values_only=True)]
    assert shared in [row[2] for row in sheet.iter_rows(values_only=True)]
    entry = audit_entries(session, "mule_watch.exported")[-1]
    assert entry.detail == {
        "accounts": entry.detail["accounts"],
        "unmasked": True,
        "reason": "两卡专项打击名单核对",
    }


def test_the_two_card_list_and_its_export_mask_account_numbers(client, session: Session):
    shared = account(527)
    a = new_case(session, shared)
    new_case(session, shared)
    new_case(session, account(528))
    new_case(session, account(528))
    statement(
        session,
        a,
        [Line(shared, T0, 10_000_00, True, "6222000000000000003", "陈晓梅", "转账", 10_000_00)],
        holder=("钱多多", "110101199003074477", "13600001234"),
    )
    login(client, "analyst")
    page = client.get("/analysis/mules", params={"q": "钱多多"}).text
    masked = mask_bank_account(shared)
    assert shared not in page and masked in page
    # The account's own page is one click away, by its id (no number in the link).
    shown = indicator(session, IndicatorKind.account, shared)
    assert f'<a href="/analysis/indicators/{shown.id}">{masked}</a>' in page
    # A holder the banks never named reads as such, not as a masked "（****）".
    unnamed = client.get("/analysis/mules", params={"q": account(528)}).text
    assert "（户名未知）" in unnamed
    export = client.get("/analysis/mules", params={"q": "钱多多", "export": "xlsx"})
    cells = [
        c
        for r in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
        for c in r
    ]
    assert masked in cells and shared not in " ".join(map(str, cells))


def test_analyst_pages_and_a_station_inbox(client, session: Session):
    a = new_case(session, account(530))
    new_case(session, account(530))
    login(client, "analyst")
    gangs = client.get("/analysis/gangs")
    assert gangs.status_code == 200 and "串并团伙" in gangs.text
    page = client.get(f"/cases/{a.id}/indicators")
    assert "已串并至" in page.text
    refused = client.post(
        f"/cases/{a.id}/indicators",
        data={"csrf_token": csrf_token(client), "kind": "phone", "values": "不是号码"},
    )
    assert refused.status_code == 422 and "电话号码" in refused.text
    station = unit_of(session, "station_a")
    sent = client.post(
        "/leads",
        data={
            "csrf_token": csrf_token(client),
            "unit_id": station.id,
            "title": "核查团伙成员",
            "content": "请核查",
            "due_at": (clock.now() + timedelta(days=2))
            .astimezone(clock.SHANGHAI)
            .strftime("%Y-%m-%dT%H:%M"),
        },
    )
    # Post/Redirect/Get: the message shows once on the page, and reloading it sends nothing.
    assert sent.status_code == 303 and sent.headers["location"] == "/leads"
    assert "已下发至" in client.get("/leads").text
    assert "已下发至" not in client.get("/leads").text
    client.cookies.clear()
    login(client, "station_b")
    assert "核查团伙成员" not in client.get("/leads").text  # another station's inbox
    client.cookies.clear()
    login(client, "station_a")
    inbox = client.get("/leads")
    assert "核查团伙成员" in inbox.text
    lead_id = session.scalar(select(func.max(Lead.id)))
    answered = client.post(
        f"/leads/{lead_id}/answer",
        data={
            "csrf_token": csrf_token(client),
            "result": "已核实",
            "arrests": "2",
            "recovered_yuan": "1.5万",
        },
    )
    assert answered.status_code == 303 and "已反馈" in client.get("/leads").text
    session.expire_all()
    assert session.get(Lead, lead_id).recovered_fen == 15_000_00
