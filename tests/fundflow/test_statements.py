"""Statement import (five layouts, duplicates, per-row errors, mapping) and the fund-flow
pages built on it."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.cases.models import Case, StopPayment
from fanzha.cases.schemas import CaseIn, TransferIn
from fanzha.cases.service import create_case
from fanzha.demo import statement_files as files
from fanzha.demo.statement_files import Line
from fanzha.fundflow import imports
from fanzha.fundflow.models import ImportStatus, StatementImport, StatementRow
from tests.helpers import audit_entries, csrf_token, login, run_queue, unit_of

pytestmark = pytest.mark.usefixtures("city")

T0 = datetime(2026, 9, 16, 2, 0, tzinfo=UTC)  # 10:00 in 示例市
PAYER = "6222020200112233445"
FIRST, SECOND, THIRD = "6217001111222233334", "6228482222333344445", "6212263333444455556"


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def report(session: Session, amount_yuan: int = 50_000) -> Case:
    transfer = TransferIn(
        at=T0,
        amount_fen=amount_yuan * 100,
        payer_account=PAYER,
        receiving_account=FIRST,
        receiving_name="李某",
        receiving_bank="建设银行示例市分行",
    )
    data = CaseIn(victim_name="周建华", story="冒充客服退款", transfers=[transfer])
    case = create_case(session, Principal.system(), data, unit_id=unit_of(session, "duty").id)
    session.flush()
    return case


def upload(client, case: Case, name: str, content: bytes, default_account: str = ""):
    return client.post(
        f"/cases/{case.id}/statements",
        files={"file": (name, content)},
        data={"csrf_token": csrf_token(client), "default_account": default_account},
        follow_redirects=False,
    )


def imported(session: Session, response) -> StatementImport:
    assert response.status_code == 303, response.text[:400]
    import_id = int(response.headers["location"].rsplit("/", 1)[1])
    session.expire_all()
    return session.get(StatementImport, import_id)


def rows_of(session: Session, account: str) -> list[StatementRow]:
    return list(
        session.scalars(
            select(StatementRow).where(StatementRow.account == account).order_by(StatementRow.at)
        )
    )


# The mule chain every layout test uses: the victim pays FIRST, which passes 30,000 to SECOND
# and withdraws 5,000 at an ATM; SECOND passes 20,000 to THIRD (a WeChat account).
FIRST_LINES = [
    Line(FIRST, at(0), 50_000_00, True, PAYER, "周建华", balance_fen=50_100_00, serial="A1"),
    Line(FIRST, at(3), 30_000_00, False, SECOND, "赵某", balance_fen=20_100_00, serial="A2"),
    Line(FIRST, at(9), 5_000_00, False, "", "", "ATM取现", balance_fen=15_100_00, serial="A3"),
]
SECOND_LINES = [
    Line(SECOND, at(4), 30_000_00, True, FIRST, "李某", balance_fen=30_000_00, serial="B1"),
    Line(SECOND, at(7), 20_000_00, False, THIRD, "钱某", balance_fen=10_000_00, serial="B2"),
]


class TestLayouts:
    def test_a_debit_credit_bank_statement(self, client, session):
        login(client, "duty")
        case = report(session)
        record = imported(
            session, upload(client, case, "一级卡.xlsx", files.bank_debit_credit_xlsx(FIRST_LINES))
        )
        assert record.status is ImportStatus.done, record.errors
        assert record.layouts == "银行流水（借贷分列）"
        assert record.rows_imported == 3
        first, out, cash = rows_of(session, FIRST)
        assert (first.amount_fen, first.direction, first.counterpart) == (50_000_00, "in", PAYER)
        assert first.at == T0  # 10:00:00 Beijing time, in UTC
        assert (out.direction, out.counterpart, out.kind) == ("out", SECOND, "transfer")
        assert (cash.kind, cash.balance_fen) == ("cash", 15_100_00)

    def test_a_signed_amount_xls_statement(self, client, session):
        login(client, "duty")
        case = report(session)
        record = imported(
            session, upload(client, case, "二级卡.xls", files.bank_signed_xls(SECOND_LINES))
        )
        assert record.status is ImportStatus.done, record.errors
        assert record.layouts == "银行流水（金额+收付标志）"
        assert [(r.direction, r.amount_fen) for r in rows_of(session, SECOND)] == [
            ("in", 30_000_00),
            ("out", 20_000_00),
        ]

    def test_the_control_return_skips_failed_transactions_and_the_people_sheet(
        self, client, session
    ):
        login(client, "duty")
        case = report(session)
        failed = Line(FIRST, at(5), 9_999_00, False, SECOND, "赵某", serial="A9", success=False)
        content = files.control_return_xlsx([*FIRST_LINES, failed])
        record = imported(session, upload(client, case, "查控反馈.xlsx", content))
        assert record.status is ImportStatus.done, record.errors
        assert record.layouts == "资金查控标准反馈格式"
        assert (record.rows_imported, record.rows_skipped) == (3, 1)
        assert "1 笔失败或不计收支的交易未计入" in record.message
        assert {r.serial for r in rows_of(session, FIRST)} == {"A1", "A2", "A3"}

    def test_an_alipay_export_names_its_account_in_the_preamble(self, client, session):
        login(client, "duty")
        case = report(session)
        lines = [
            Line("", at(8), 20_000_00, True, SECOND, "赵某", serial="P1"),
            Line("", at(12), 19_000_00, False, "buyer@example.com", "某商城", "购物", serial="P2"),
        ]
        record = imported(
            session, upload(client, case, "支付宝.csv", files.alipay_csv(lines, "13800001111"))
        )
        assert record.status is ImportStatus.done, record.errors
        assert record.layouts == "支付宝交易明细"
        rows = rows_of(session, "13800001111")
        assert [(r.direction, r.amount_fen, r.counterpart) for r in rows] == [
            ("in", 20_000_00, SECOND),
            ("out", 19_000_00, "buyer@example.com"),
        ]

    def test_a_wechat_bill_takes_the_account_the_officer_typed(self, client, session):
        login(client, "duty")
        case = report(session)
        lines = [Line("", at(8), 20_000_00, True, "", "赵某", serial="W1")]
        content = files.wechat_csv(lines)
        response = upload(client, case, "微信.csv", content)
        record = imported(session, response)
        assert record.status is ImportStatus.needs_mapping  # no account anywhere in the file
        record = imported(session, upload(client, case, "微信.csv", content, default_account=THIRD))
        assert record.status is ImportStatus.done, record.errors
        assert record.layouts == "微信支付账单"
        assert [r.amount_fen for r in rows_of(session, THIRD)] == [20_000_00]


class TestDuplicatesAndErrors:
    def test_the_same_statement_twice_is_counted_once(self, client, session):
        login(client, "duty")
        case = report(session)
        content = files.bank_debit_credit_xlsx(FIRST_LINES)
        imported(session, upload(client, case, "一级卡.xlsx", content))
        again = imported(session, upload(client, case, "一级卡-重发.xlsx", content))
        assert (again.status, again.rows_imported, again.rows_duplicate) == (
            ImportStatus.done,
            0,
            3,
        )
        assert "3 笔此前已导入，未重复计入" in again.message
        assert len(rows_of(session, FIRST)) == 3

    def test_overlapping_periods_add_only_the_new_rows(self, client, session):
        login(client, "duty")
        case = report(session)
        imported(
            session,
            upload(client, case, "上半月.xlsx", files.bank_debit_credit_xlsx(FIRST_LINES[:2])),
        )
        later = imported(
            session,
            upload(client, case, "下半月.xlsx", files.bank_debit_credit_xlsx(FIRST_LINES[1:])),
        )
        assert (later.rows_imported, later.rows_duplicate) == (1, 1)
        assert len(rows_of(session, FIRST)) == 3

    def test_two_identical_rows_in_one_file_are_both_kept(self, client, session):
        login(client, "duty")
        case = report(session)
        # Same time, amount and counterpart, no serial: only the balance tells them apart (a
        # repeated row whose balance does not move is no movement: tests/fundflow/test_continuity).
        one = replace(FIRST_LINES[1], serial="")
        twice = [one, replace(one, balance_fen=one.balance_fen - one.amount_fen)]
        record = imported(session, upload(client, case, "a.xls", files.bank_signed_xls(twice)))
        assert record.rows_imported == 2
        again = imported(session, upload(client, case, "a-重发.xls", files.bank_signed_xls(twice)))
        assert (again.rows_imported, again.rows_duplicate) == (0, 2)

    def test_bad_rows_are_listed_and_nothing_is_imported(self, client, session):
        login(client, "duty")
        case = report(session)
        content = files.bank_debit_credit_xlsx(FIRST_LINES)
        book = load_workbook(io.BytesIO(content))
        sheet = book.active
        sheet["C5"] = "2026-13-45"  # the second data row's date
        sheet["F4"] = "五万"  # the first data row's credit
        out = io.BytesIO()
        book.save(out)
        record = imported(session, upload(client, case, "坏.xlsx", out.getvalue()))
        assert record.status is ImportStatus.failed
        assert [(e["row"], e["column"]) for e in record.errors] == [
            (4, "贷方发生额"),
            (5, "交易时间"),
        ]
        assert "无法识别的金额：五万" in record.errors[0]["message"]
        assert rows_of(session, FIRST) == []
        page = client.get(f"/statements/{record.id}")
        assert "第 5 行" in page.text and "整份文件未导入" in page.text

    def test_a_file_that_is_no_statement_is_refused_with_a_reason(self, client, session):
        login(client, "duty")
        case = report(session)
        response = upload(client, case, "照片.jpg", b"\xff\xd8\xff")
        assert response.status_code == 200
        assert "JPEG 图片" in response.text
        response = upload(client, case, "坏.xlsx", b"PK\x03\x04 not really")
        assert "文件已损坏或格式与扩展名不符" in response.text

    def test_a_file_damaged_part_way_fails_whole_with_the_row_where_it_broke(self, client, session):
        login(client, "duty")
        case = report(session)
        good = "".join(
            f"{FIRST},2026-09-16 10:{i % 60:02d}:00,{i + 1}.00,贷,,{PAYER},周某,转账\n"
            for i in range(1_500)
        )
        header = "本方账号,交易时间,交易金额,借贷标志,交易余额,交易方账号,交易方户名,摘要说明\n"
        content = (header + good).encode() + b"\xff\xfe\xfd broken\n"
        record = imported(session, upload(client, case, "截断.csv", content))
        assert record.status is ImportStatus.failed
        # Text is decoded in blocks, so the row is where the damaged block starts.
        assert 1_300 < record.errors[-1]["row"] <= 1_502
        assert "无法读取" in record.errors[-1]["message"]
        assert rows_of(session, FIRST) == []


class TestUnknownLayout:
    def test_the_officer_maps_the_columns_once_and_the_layout_is_remembered(self, client, session):
        login(client, "duty")
        case = report(session)
        record = imported(
            session, upload(client, case, "某行.csv", files.unknown_layout_csv(FIRST_LINES))
        )
        assert record.status is ImportStatus.needs_mapping
        page = client.get(f"/statements/{record.id}")
        assert "卡片编号" in page.text and "保存映射并导入" in page.text
        response = client.post(
            f"/statements/{record.id}/mapping",
            data={
                "csrf_token": csrf_token(client),
                "map_account": "0",
                "map_at": "1",
                "map_amount": "2",
                "map_direction": "3",
                "map_counterpart_account": "4",
                "map_counterpart_name": "5",
                "map_summary": "6",
            },
            follow_redirects=False,
        )
        record = imported(session, response)
        assert (record.status, record.rows_imported) == (ImportStatus.done, 3), record.errors
        assert audit_entries(session, "statement.layout_saved")
        # Next month's file of the same layout imports at once.
        later = [Line(FIRST, at(60), 100_00, False, SECOND, "赵某", serial="A4")]
        again = imported(
            session, upload(client, case, "某行-10月.csv", files.unknown_layout_csv(later))
        )
        assert (again.status, again.layouts) == (ImportStatus.done, "自定义映射")

    def test_a_mapping_without_time_or_amount_is_refused(self, client, session):
        login(client, "duty")
        case = report(session)
        record = imported(
            session, upload(client, case, "某行.csv", files.unknown_layout_csv(FIRST_LINES))
        )
        response = client.post(
            f"/statements/{record.id}/mapping",
            data={"csrf_token": csrf_token(client), "map_account": "0"},
            follow_redirects=False,
        )
        assert response.status_code == 422
        assert "交易时间" in response.text and "交易金额" in response.text


class TestFundFlow:
    def load(self, client, session) -> Case:
        login(client, "duty")
        case = report(session)
        for name, content in (
            ("一级卡.xlsx", files.bank_debit_credit_xlsx(FIRST_LINES)),
            ("二级卡.xls", files.bank_signed_xls(SECOND_LINES)),
        ):
            assert (
                imported(session, upload(client, case, name, content)).status is ImportStatus.done
            )
        return case

    def test_the_page_shows_levels_held_money_and_statements_to_request(self, client, session):
        case = self.load(client, session)
        page = client.get(f"/cases/{case.id}/fundflow")
        assert page.status_code == 200
        assert "需调取流水" in page.text and THIRD in page.text
        # Still held: FIRST 15,100, SECOND 10,000, THIRD the 19,900 of victim money in the
        # 20,000 it got (no statement yet). FIRST held 100 of its own before the victim paid
        # (balance 50,100): that older money leaves first and travels first.
        assert "45,000.00 元" in page.text
        assert "5,000.00 元" in page.text  # withdrawn at the ATM
        data = client.get(f"/cases/{case.id}/fundflow/data").json()
        levels = {n["id"]: n["level"] for n in data["nodes"]}
        assert levels == {"victim": 0, FIRST: 1, SECOND: 2, THIRD: 3}
        statuses = {n["id"]: n["status"] for n in data["nodes"]}
        assert statuses[THIRD] == "unknown" and statuses[FIRST] == "passed"
        labels = {(e["source"], e["target"]): e["label"] for e in data["links"]}
        assert labels[(FIRST, SECOND)] == "¥29,900.00 · 09-16 10:03"
        assert labels[(SECOND, THIRD)] == "¥19,900.00 · 09-16 10:07"

    def test_account_details_list_its_statement_rows(self, client, session):
        case = self.load(client, session)
        page = client.get(f"/cases/{case.id}/fundflow/accounts/{SECOND}")
        assert page.status_code == 200
        assert "二级卡" in page.text and "20,000.00" in page.text
        assert '<strong id="account-held">10,000.00 元</strong>' in page.text
        assert client.get(f"/cases/{case.id}/fundflow/accounts/999").status_code == 404

    def test_the_hop_table_export(self, client, session):
        case = self.load(client, session)
        response = client.get(f"/cases/{case.id}/fundflow.xlsx")
        book = load_workbook(io.BytesIO(response.content))
        hops = list(book["资金流转"].iter_rows(values_only=True))
        assert hops[1][:4] == ("一级卡", "受害人", FIRST, 50000)  # yuan, as numbers
        assert [h[:4] for h in hops[2:]] == [
            ("二级卡", FIRST, SECOND, 29900),
            ("三级卡", SECOND, THIRD, 19900),
        ]
        accounts = [r[1] for r in book["账户"].iter_rows(min_row=2, values_only=True)]
        assert accounts == [FIRST, SECOND, THIRD]
        assert audit_entries(session, "fundflow.exported", target_id=str(case.id))

    def test_the_suggested_stop_payments_fire_once(self, client, session):
        case = self.load(client, session)
        token = csrf_token(client)
        form = {"csrf_token": token, "account": [SECOND, THIRD]}
        page = client.post(f"/cases/{case.id}/fundflow/stop-payments", data=form)
        assert "已对 2 个账户发起紧急止付" in page.text
        stopped = session.scalars(select(StopPayment.account).where(StopPayment.case_id == case.id))
        assert set(stopped) == {SECOND, THIRD}
        again = client.post(f"/cases/{case.id}/fundflow/stop-payments", data=form)
        assert "2 个账户此前已止付" in again.text
        refused = client.post(
            f"/cases/{case.id}/fundflow/stop-payments", data={"csrf_token": token, "account": PAYER}
        )
        assert refused.status_code == 422

    def test_a_leader_reads_the_graph_but_imports_nothing(self, client, session):
        case = self.load(client, session)
        login(client, "leader")
        assert client.get(f"/cases/{case.id}/fundflow").status_code == 200
        assert upload(client, case, "x.xlsx", b"x").status_code == 403


def test_a_large_file_imports_on_the_job_queue_with_progress(
    own_engine, own_database_url, monkeypatch
):
    monkeypatch.setattr(imports, "INLINE_ROWS", 2)
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 2)
    with Session(own_engine) as session:
        case = report(session)
        record = imports.start_import(
            session,
            Principal.system(),
            case=case,
            filename="大文件.xlsx",
            content=files.bank_debit_credit_xlsx(FIRST_LINES),
        )
        imports.import_or_queue(session, Principal.system(), record)
        session.commit()
        import_id = record.id
        assert record.status is ImportStatus.queued
    run_queue(own_database_url, imports.IMPORT_QUEUE)
    with Session(own_engine) as session:
        record = session.get(StatementImport, import_id)
        assert (record.status, record.rows_imported) == (ImportStatus.done, 3)
        count = session.scalar(
            select(func.count())
            .select_from(StatementRow)
            .where(StatementRow.import_id == import_id)
        )
        assert count == 3
