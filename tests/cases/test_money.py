"""The money loop through the pages an officer uses: one-click stop-payment, bank feedback,
renewal and its limit, 协查, freeze, unfreeze, the clocks' sweep, returns and the register."""

from __future__ import annotations

import threading
from datetime import timedelta
from io import BytesIO
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.cases import freezes, returns, stop_payments, sweep
from fanzha.cases.errors import AllAccountsStopped
from fanzha.cases.models import (
    AssistRequest,
    Case,
    Freeze,
    StopPayment,
)
from fanzha.cases.schemas import BankFeedbackIn, CaseIn, FreezeIn, TransferIn
from fanzha.cases.service import create_case
from fanzha.web import confirm
from tests.helpers import audit_entries, login, post_form, run_clock_job, unit_of
from tests.warnings.test_ladder import htmx

pytestmark = pytest.mark.usefixtures("city")

PAYER = "6222020200112233445"
LOCAL, XINING = "6217001234567890123", "6228480012345678901"


def report(session: Session, username: str = "station_a", *, accounts=None, loss_yuan=None) -> Case:
    """A registered case whose victim paid into the given (account, bank) pairs."""
    accounts = accounts or [(LOCAL, "建设银行示例市分行"), (XINING, "中国工商银行西宁分行城西支行")]
    now = clock.now()
    transfers = [
        TransferIn(
            at=now - timedelta(minutes=20 - i),
            amount_fen=(loss_yuan or 50_000) * 100,
            payer_account=PAYER,
            receiving_account=account,
            receiving_name=f"收款人{i}",
            receiving_bank=bank,
        )
        for i, (account, bank) in enumerate(accounts)
    ]
    data = CaseIn(
        victim_name="周建华", victim_phone="13912345678", story="安全账户", transfers=transfers
    )
    case = create_case(session, Principal.system(), data, unit_id=unit_of(session, username).id)
    session.flush()
    return case


def stops(session: Session, case: Case) -> dict[str, StopPayment]:
    session.expire_all()
    return {sp.account: sp for sp in stop_payments.stop_payments_of(session, case)}


def fire(client, path: str, data: dict | None = None):
    return client.post(path, data=data or {}, headers=htmx(client))


def confirmed(action: str, record, data: dict | None = None) -> dict:
    """`data` with the `confirm` the page's step of `action` on `record` carries (web.confirm)."""
    return {**(data or {}), "confirm": confirm.token(action, record)}


class TestOneClickStopPayment:
    def test_every_receiving_account_is_stopped_for_48_hours_once(self, client, session):
        case = report(session)
        login(client, "station_a")
        response = fire(client, f"/cases/{case.id}/stop-payments")
        assert response.status_code == 200, response.text
        assert "待银行反馈" in response.text and XINING in response.text
        held = stops(session, case)
        assert set(held) == {LOCAL, XINING}
        for sp in held.values():
            assert sp.expires_at - sp.requested_at == timedelta(hours=48) and sp.terms == 1
        # The account in 西宁 went to that city's center as a 协查.
        assert held[XINING].branch_city == "西宁市" and held[XINING].assist.city == "西宁市"
        assert held[LOCAL].assist is None
        [entry] = audit_entries(session, "stop_payment.requested", target_id=str(case.id))
        assert "2 个账户" in entry.summary and "1 个异地账户" in entry.summary
        # A second click stops nothing twice, and says why nothing happened.
        again = fire(client, f"/cases/{case.id}/stop-payments")
        assert again.status_code == 409 and "没有可止付的账户：2 个收款账户均已止付" in again.text
        assert len(stops(session, case)) == 2

    def test_a_case_without_accounts_cannot_be_stopped(self, client, session):
        data = CaseIn(victim_name="周建华", story="")
        case = create_case(
            session, Principal.system(), data, unit_id=unit_of(session, "station_a").id
        )
        login(client, "station_a")
        response = fire(client, f"/cases/{case.id}/stop-payments")
        assert response.status_code == 409 and "尚未录入收款账户" in response.text

    def test_another_station_cannot_touch_the_case(self, client, session):
        case = report(session)
        login(client, "station_b")
        assert fire(client, f"/cases/{case.id}/stop-payments").status_code == 404
        assert stops(session, case) == {}

    def test_a_leader_reads_but_cannot_stop(self, client, session):
        case = report(session)
        login(client, "leader")
        assert client.get(f"/cases/{case.id}").status_code == 200
        assert fire(client, f"/cases/{case.id}/stop-payments").status_code == 403


def test_two_officers_clicking_together_give_one_stop_payment_per_account(own_engine):
    with Session(own_engine) as setup:
        case = report(setup)
        setup.commit()
        case_id = case.id
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def click() -> None:
        try:
            with Session(own_engine) as session:
                mine = session.get(Case, case_id)
                barrier.wait()
                stop_payments.stop_all(session, Principal.system(), mine)
                session.commit()
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with Session(own_engine) as check:
        count = check.scalar(
            select(func.count()).select_from(StopPayment).where(StopPayment.case_id == case_id)
        )
        assists = check.scalar(
            select(func.count())
            .select_from(AssistRequest)
            .join(StopPayment)
            .where(StopPayment.case_id == case_id)
        )
    # The later click finds both accounts stopped by the first and says so.
    assert [type(e) for e in errors] in ([], [AllAccountsStopped])
    assert count == 2 and assists == 1


class TestFeedbackAndRenewal:
    def test_feedback_holds_money_and_a_third_stop_payment_is_refused(self, client, session):
        case = report(session)
        login(client, "station_a")
        fire(client, f"/cases/{case.id}/stop-payments")
        sp = stops(session, case)[LOCAL]
        response = fire(
            client,
            f"/cases/{case.id}/stop-payments/{sp.id}/feedback",
            {"held_fen": "3.2万", "balance_fen": "32,000.00", "note": "银行柜面反馈"},
        )
        assert response.status_code == 200 and "32,000.00" in response.text
        sp = stops(session, case)[LOCAL]
        assert (sp.status, sp.held_fen, sp.balance_fen) == ("held", 3_200_000, 3_200_000)
        first_expiry = sp.expires_at
        renew = f"/cases/{case.id}/stop-payments/{sp.id}/renew"
        assert fire(client, renew, {"confirm": confirm.token("stop_renew", sp)}).status_code == 200
        sp = stops(session, case)[LOCAL]
        assert sp.terms == 2 and sp.expires_at == first_expiry + timedelta(hours=48)
        refused = fire(client, renew, {"confirm": confirm.token("stop_renew", sp)})
        assert refused.status_code == 409
        assert f"该账户已在 {case.case_no} 中止付 2 次" in refused.text
        assert "请转冻结" in refused.text
        assert stops(session, case)[LOCAL].terms == 2

    def test_nothing_held_and_a_bad_amount(self, client, session):
        case = report(session)
        login(client, "station_a")
        fire(client, f"/cases/{case.id}/stop-payments")
        sp = stops(session, case)[LOCAL]
        bad = fire(client, f"/cases/{case.id}/stop-payments/{sp.id}/feedback", {"held_fen": "五万"})
        assert bad.status_code == 422 and "无法识别的金额" in bad.text
        fire(client, f"/cases/{case.id}/stop-payments/{sp.id}/feedback", {"held_fen": "0"})
        assert stops(session, case)[LOCAL].status == "empty"
        sp = stops(session, case)[LOCAL]
        freeze = fire(
            client, f"/cases/{case.id}/stop-payments/{sp.id}/freeze", confirmed("stop_freeze", sp)
        )
        assert freeze.status_code == 409 and "无款可止" in freeze.text

    def test_the_other_city_answers_the_assistance_request(self, client, session):
        case = report(session)
        login(client, "station_a")
        fire(client, f"/cases/{case.id}/stop-payments")
        assist = stops(session, case)[XINING].assist
        response = fire(
            client, f"/cases/{case.id}/assists/{assist.id}/answer", {"held_fen": "15,900"}
        )
        assert response.status_code == 200 and "对方止付 15,900.00 元" in response.text
        again = fire(client, f"/cases/{case.id}/assists/{assist.id}/answer", {"held_fen": "1"})
        assert again.status_code == 409 and "协查当前为“已回复”" in again.text

    def test_the_officer_corrects_the_branch_city_and_a_协查_goes_out(self, client, session):
        case = report(session, accounts=[(LOCAL, "建设银行城西支行")])
        login(client, "station_a")
        fire(client, f"/cases/{case.id}/stop-payments")
        sp = stops(session, case)[LOCAL]
        assert sp.assist is None
        fire(client, f"/cases/{case.id}/stop-payments/{sp.id}/city", {"branch_city": "兰州市"})
        assert stops(session, case)[LOCAL].assist.city == "兰州市"


def held_stop(session: Session, case: Case, account: str = LOCAL, yuan: int = 40_000):
    stop_payments.stop_all(session, Principal.system(), case)
    sp = stops(session, case)[account]
    stop_payments.record_feedback(
        session, Principal.system(), sp, BankFeedbackIn(held_fen=yuan * 100)
    )
    return sp


class TestFreeze:
    def test_convert_within_48_hours_for_six_months(self, client, session):
        case = report(session)
        sp = held_stop(session, case)
        login(client, "station_a")
        path = f"/cases/{case.id}/stop-payments/{sp.id}/freeze"
        too_much = fire(client, path, confirmed("stop_freeze", sp, {"amount_fen": "40,000.01"}))
        assert too_much.status_code == 409 and "不能超过银行止付" in too_much.text
        response = fire(client, path, confirmed("stop_freeze", sp))
        assert response.status_code == 200 and "冻结中" in response.text
        [record] = freezes.freezes_of(session, case)
        assert record.amount_fen == 4_000_000 and not record.major
        start = record.starts_at.astimezone(clock.SHANGHAI)
        end = record.expires_at.astimezone(clock.SHANGHAI)
        assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == 6
        assert stops(session, case)[LOCAL].status == "frozen"

    def test_a_major_case_needs_the_city_s_approval_for_a_year(self, client, session):
        case = report(session)
        sp = held_stop(session, case)
        login(client, "station_a")
        path = f"/cases/{case.id}/stop-payments/{sp.id}/freeze"
        missing = fire(client, path, confirmed("stop_freeze", sp, {"major": "true"}))
        assert missing.status_code == 422 and "市局审批文号" in missing.text
        approved = {
            "major": "true",
            "approval_no": "示公刑审〔2026〕118号",
            "approved_by": "王局长",
        }
        fire(client, path, confirmed("stop_freeze", sp, approved))
        [record] = freezes.freezes_of(session, case)
        assert record.major and record.approval_no == "示公刑审〔2026〕118号"
        assert record.expires_at.astimezone(clock.SHANGHAI).year == clock.now().year + 1

    def test_a_lapsed_stop_payment_can_no_longer_be_frozen(self, client, session, monkeypatch):
        case = report(session)
        sp = held_stop(session, case)
        later = sp.expires_at + timedelta(minutes=1)
        monkeypatch.setattr(clock, "now", lambda: later)
        login(client, "station_a")
        response = fire(
            client, f"/cases/{case.id}/stop-payments/{sp.id}/freeze", confirmed("stop_freeze", sp)
        )
        assert response.status_code == 409 and "到期失效，不能转冻结" in response.text

    def test_unfreeze_within_three_days_with_a_reason(self, client, session):
        case = report(session)
        sp = held_stop(session, case)
        record = freezes.freeze(session, Principal.system(), sp, FreezeIn())
        login(client, "station_a")
        path = f"/cases/{case.id}/freezes/{record.id}/unfreeze"
        assert fire(client, path, confirmed("unfreeze", record, {"reason": ""})).status_code == 422
        fire(client, path, confirmed("unfreeze", record, {"reason": "经查为受害人本人工资"}))
        session.refresh(record)
        assert record.status == "unfreezing"
        assert record.unfreeze_due_at - clock.now() <= timedelta(days=3)
        fire(client, f"/cases/{case.id}/freezes/{record.id}/unfrozen")
        session.refresh(record)
        assert record.status == "unfrozen" and record.closed_at is not None


class TestTheSweep:
    def test_stop_payments_lapse_and_freezes_remind_then_lapse_into_a_red_alarm(
        self, client, session
    ):
        case = report(session)
        sp = held_stop(session, case)
        other = stops(session, case)[XINING]
        record = freezes.freeze(session, Principal.system(), sp, FreezeIn())
        sweep.sweep(session, other.expires_at + timedelta(seconds=1))
        assert stops(session, case)[XINING].status == "lapsed"

        def reminders() -> list[str]:
            return [
                e.summary
                for e in audit_entries(session, "freeze.reminded", target_id=str(record.id))
            ]

        # Reminders: once at 7 days, once at 1 day, never repeated.
        week_before = record.expires_at - timedelta(days=6)
        sweep.sweep(session, week_before)
        sweep.sweep(session, week_before + timedelta(hours=1))
        assert len(reminders()) == 1 and "7天" in reminders()[0]
        sweep.sweep(session, record.expires_at - timedelta(hours=20))
        sweep.sweep(session, record.expires_at - timedelta(hours=19))
        assert len(reminders()) == 2 and any("1天" in r for r in reminders())
        sweep.sweep(session, record.expires_at)
        session.refresh(record)
        assert record.status == "lapsed"
        login(client, "duty")
        board = client.get("/cases/deadlines").text  # the alarm's tab comes up by itself
        assert 'id="lapsed-freezes"' in board and case.case_no in board
        assert 'class="late-tag">' in client.get("/cases").text
        fire(
            client, f"/cases/{case.id}/freezes/{record.id}/alarm", {"reason": "已联系银行重新冻结"}
        )
        board = client.get("/cases/deadlines", params={"section": "lapsed"}).text
        assert "没有失效的冻结" in board and case.case_no not in board


def test_the_job_queue_lapses_what_ran_out(own_engine, own_database_url):
    """The money sweep runs as a procrastinate job on this database."""
    with Session(own_engine) as session:
        case = report(session)
        stop_payments.stop_all(session, Principal.system(), case)
        for sp in stop_payments.stop_payments_of(session, case):
            sp.expires_at = clock.now() - timedelta(minutes=1)
        session.commit()
        case_id = case.id
    run_clock_job(own_database_url, "cases:money_clocks")
    with Session(own_engine) as session:
        statuses = session.scalars(select(StopPayment.status).where(StopPayment.case_id == case_id))
        assert set(statuses) == {"lapsed"}


class TestReturns:
    def frozen(self, session: Session, case: Case, yuan: int = 40_000) -> Freeze:
        return freezes.freeze(
            session, Principal.system(), held_stop(session, case, yuan=yuan), FreezeIn()
        )

    def test_traceable_money_goes_back_within_three_working_days(self, client, session):
        case = report(session)
        record = self.frozen(session, case)
        login(client, "station_a")
        over = fire(
            client, f"/cases/{case.id}/freezes/{record.id}/return", {"amount_fen": "40,000.01"}
        )
        assert over.status_code == 409 and "尚未分配的 40,000.00 元" in over.text
        fire(client, f"/cases/{case.id}/freezes/{record.id}/return", {"amount_fen": "40,000"})
        [ret] = returns.returns_of(session, case)
        assert (ret.kind, ret.status) == ("traceable", "ready")
        fire(client, f"/cases/{case.id}/returns/{ret.id}/order")
        session.refresh(ret)
        assert ret.status == "ordered" and ret.bank_due_at > ret.ordered_at + timedelta(days=1)
        fire(client, f"/cases/{case.id}/returns/{ret.id}/done")
        session.refresh(ret)
        session.refresh(record)
        assert ret.status == "done" and record.status == "returned"
        page = client.get("/cases/returns").text
        assert case.case_no in page and "周*华" in page and "周建华" not in page

    def test_pooled_money_is_shared_by_loss_after_the_notice(self, client, session, monkeypatch):
        mule = "6230520012345678999"
        a = report(session, accounts=[(mule, "建设银行示例市分行")], loss_yuan=50_000)
        b = report(session, accounts=[(mule, "建设银行示例市分行")], loss_yuan=30_000)
        c = report(session, accounts=[(mule, "建设银行示例市分行")], loss_yuan=20_000)
        record = self.frozen_on(session, a, mule)
        login(client, "station_a")
        page = client.get(f"/cases/{a.id}/freezes/{record.id}/pool").text
        assert all(x.case_no in page for x in (a, b, c))
        response = fire(
            client,
            f"/cases/{a.id}/freezes/{record.id}/pool",
            {"amount_fen": "10,000.01", "case_nos": f"{a.case_no}\n{b.case_no}, {c.case_no}"},
        )
        assert response.status_code == 204, response.text
        shares = {
            r.case_id: r
            for r in returns.register(session, Principal.system(), returns.RegisterFilters())
            if r.pool_id
        }
        assert sum(r.amount_fen for r in shares.values()) == 1_000_001
        assert [shares[x.id].amount_fen for x in (a, b, c)] == [500_001, 300_000, 200_000]
        early = fire(client, f"/cases/{b.id}/returns/{shares[b.id].id}/order")
        assert early.status_code == 409 and "届满前不能下达返还" in early.text
        after = shares[b.id].pool.notice_ends_at + timedelta(minutes=1)
        assert returns.release_after_notice(session, after) == 3
        monkeypatch.setattr(clock, "now", lambda: after)
        login(client, "station_a")  # a month on: yesterday's sign-in has long expired
        assert fire(client, f"/cases/{b.id}/returns/{shares[b.id].id}/order").status_code == 200

    def frozen_on(self, session: Session, case: Case, account: str) -> Freeze:
        return freezes.freeze(
            session, Principal.system(), held_stop(session, case, account=account), FreezeIn()
        )

    def test_a_pool_names_only_registered_cases_in_scope(self, client, session):
        case = report(session)
        record = self.frozen(session, case)
        other = report(session, "station_b")
        login(client, "station_a")
        response = fire(
            client,
            f"/cases/{case.id}/freezes/{record.id}/pool",
            {"amount_fen": "100", "case_nos": f"{case.case_no} {other.case_no}"},
        )
        assert response.status_code == 422 and other.case_no in response.text

    def test_the_register_exports_masked_and_full_only_when_allowed_and_audited(
        self, client, session
    ):
        case = report(session)
        record = self.frozen(session, case)
        returns.return_traceable(
            session, Principal.system(), record, returns.TraceableReturnIn(amount_fen=100_00)
        )

        def names(content: bytes) -> list[str]:
            sheet = load_workbook(BytesIO(content)).active
            return [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]

        login(client, "leader")
        masked = names(client.get("/cases/returns.xlsx").content)
        assert "周*华" in masked and "周建华" not in masked
        reason = {"reason": "核对返还款项"}
        assert post_form(client, "/cases/returns.xlsx", reason).status_code == 403
        assert 'name="reason"' not in client.get("/cases/returns").text
        login(client, "duty")
        page = client.get("/cases/returns").text
        assert 'action="/cases/returns.xlsx"' in page and 'name="reason"' in page
        # A link with full=true gives the masked register: full data only by POST with a reason.
        assert "周建华" not in names(client.get("/cases/returns.xlsx?full=true").content)
        for blank in ({}, {"reason": "   "}, {"reason": "理" * 201}):
            refused = post_form(client, "/cases/returns.xlsx", blank)
            assert refused.status_code == 422 and "理由" in refused.text
        assert not audit_entries(session, "pii.exported", target_type="fund_returns")
        full = post_form(client, "/cases/returns.xlsx", {**reason, "status": "", "victim": ""})
        assert full.status_code == 200 and "周建华" in names(full.content)
        [entry] = audit_entries(session, "pii.exported", target_type="fund_returns")
        assert entry.detail["reason"] == "核对返还款项"


class TestLettersAndClocks:
    def test_the_stop_payment_letter_as_pdf_with_its_font_and_as_excel(self, client, session):
        case = report(session)
        login(client, "station_a")
        assert client.get(f"/cases/{case.id}/letters/stop-payment.xlsx").status_code == 422
        fire(client, f"/cases/{case.id}/stop-payments")
        pdf = client.get(f"/cases/{case.id}/letters/stop-payment.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert b"/FontFile" in pdf.content  # the CJK font travels inside the file
        assert (
            pdf.content.count(b"/Type /Page\n") + pdf.content.count(b"/Type /Page ") >= 2
        )  # a page per bank
        sheet = load_workbook(
            BytesIO(client.get(f"/cases/{case.id}/letters/stop-payment.xlsx").content)
        ).active
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        assert {r[2] for r in rows} == {LOCAL, XINING}
        # The amount is a number Excel can sum, shown in yuan with two decimals.
        assert all(isinstance(r[6], int | float) and r[6] > 0 for r in rows)
        assert sheet.cell(row=2, column=7).number_format == "#,##0.00"
        disposition = unquote(pdf.headers["content-disposition"])
        assert disposition.startswith("inline;") and f"{case.case_no}-紧急止付函.pdf" in disposition
        assert len(audit_entries(session, "case.letter_generated", target_id=str(case.id))) == 2

    def test_no_letter_link_once_no_stop_payment_is_in_its_term(self, client, session):
        # The letters answer 409 without a live stop-payment: the page must not offer them.
        case = report(session)
        login(client, "station_a")
        fire(client, f"/cases/{case.id}/stop-payments")
        assert f"/cases/{case.id}/letters/stop-payment.pdf" in client.get(f"/cases/{case.id}").text
        for sp in stops(session, case).values():
            fire(client, f"/cases/{case.id}/stop-payments/{sp.id}/release", {"reason": "误止付"})
        assert client.get(f"/cases/{case.id}/letters/stop-payment.xlsx").status_code == 409
        page = client.get(f"/cases/{case.id}").text
        assert "/letters/stop-payment" not in page

    def test_the_thirty_minute_clock_is_met_or_missed(self, client, session):
        login(client, "station_a")
        on_time = report(session)
        page = client.get(f"/cases/{on_time.id}").text
        assert "按时" in page
        late = create_case(
            session,
            Principal.system(),
            CaseIn(victim_name="钱多多", reported_at=clock.now() - timedelta(hours=2)),
            unit_id=unit_of(session, "station_a").id,
        )
        page = client.get(f"/cases/{late.id}").text
        assert 'class="countdown cd-overdue"' in page and "已超时 1小时30分" in page

    def test_the_type_is_suggested_from_the_story(self, client, session):
        login(client, "station_a")
        response = post_form(
            client, "/cases/suggest-type", {"story": "对方让我把钱转到安全账户配合资金清查"}
        )
        assert "冒充公检法" in response.text and "安全账户" in response.text
