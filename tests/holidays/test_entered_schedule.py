"""The center enters a year's schedule (page, template, command); running return deadlines
are recomputed and each moved one says so on its case."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from fanzha import cli, clock, db, deadlines
from fanzha.access import Principal
from fanzha.cases import freezes, returns
from fanzha.cases.models import FundReturn
from fanzha.cases.schemas import FreezeIn, TraceableReturnIn
from fanzha.clock import SHANGHAI
from fanzha.holidays import service
from fanzha.holidays.errors import (
    HolidayDayBothKinds,
    HolidayDayOutsideYear,
    HolidayOverrideNeedsReason,
    HolidayYearEmpty,
)
from fanzha.holidays.models import DayKind, HolidayDay
from tests.cases.test_money import held_stop, report
from tests.helpers import audit_entries, csrf_token, login
from tests.holidays.schedule_2027 import HOLIDAYS, MAKE_UP, csv_bytes

pytestmark = pytest.mark.usefixtures("city")
ADMIN = Principal.system("测试管理员")
SPRING_EVE = datetime(2027, 2, 4, 10, 0, tzinfo=SHANGHAI)  # Thursday before 除夕
MOVED = "因节假日安排更新，到期时间由 2027-02-10 00:00 改为 2027-02-18 00:00"


def ordered_return(session: Session, at: datetime) -> FundReturn:
    """A traceable return ordered at `at` from an account of its own (one account's hold is
    shared by every case): the bank's 3 working days are running."""
    account = f"62170099{at:%m%d%H%M}01"
    with clock.pinned(at - timedelta(hours=2)):
        case = report(session, accounts=[(account, "建设银行示例市分行")])
        stopped = held_stop(session, case, account=account, yuan=20_000)
        record = freezes.freeze(session, ADMIN, stopped, FreezeIn())
        ret = returns.return_traceable(
            session, ADMIN, record, TraceableReturnIn(amount_fen=2_000_000)
        )
        session.flush()
    with clock.pinned(at):
        returns.order(session, ADMIN, ret)
    session.flush()
    return ret


def enter_2027(session: Session, *, complete: bool = True) -> None:
    for day in HOLIDAYS:
        service.enter(session, ADMIN, 2027, day, DayKind.holiday, "测试数据")
    for day in MAKE_UP:
        service.enter(session, ADMIN, 2027, day, DayKind.workday, "测试数据")
    if complete:
        service.complete_year(session, ADMIN, 2027)


class TestValidation:
    def test_a_day_is_a_holiday_or_a_working_day_never_both(self, session):
        service.add_day(session, ADMIN, 2027, date(2027, 2, 5), DayKind.holiday)
        with pytest.raises(HolidayDayBothKinds) as refused:
            service.add_day(session, ADMIN, 2027, date(2027, 2, 5), DayKind.workday)
        assert "2027-02-05 已登记为“休”" in refused.value.message

    def test_the_date_must_lie_in_the_year(self, session):
        with pytest.raises(HolidayDayOutsideYear):
            service.add_day(session, ADMIN, 2027, date(2026, 12, 31), DayKind.holiday)

    def test_a_covered_year_changes_only_with_a_reason(self, session):
        with pytest.raises(HolidayOverrideNeedsReason):
            service.add_day(session, ADMIN, 2026, date(2026, 12, 24), DayKind.holiday)
        service.add_day(session, ADMIN, 2026, date(2026, 12, 24), DayKind.holiday, "全市停工")
        assert service.schedule(session).days == {date(2026, 12, 24): False}
        [entry] = audit_entries(session, "holiday.day_entered", target_id="2026-12-24")
        assert "全市停工" in entry.summary

    def test_a_later_calendar_release_takes_over_from_the_entered_year(self, session, monkeypatch):
        enter_2027(session)
        assert service.schedule(session).days[date(2027, 2, 5)] is False
        # chinese-calendar upgraded to cover 2027: it is preferred, the entries were no
        # officer's override of it.
        monkeypatch.setattr(deadlines, "library_covers", lambda year: year <= 2027)
        assert service.schedule(session).days == {}

    def test_an_empty_year_cannot_be_completed(self, session):
        service.add_day(session, ADMIN, 2027, date(2027, 1, 31), DayKind.workday)
        with pytest.raises(HolidayYearEmpty):
            service.complete_year(session, ADMIN, 2027)


class TestRecompute:
    def test_entering_a_year_does_nothing_until_it_is_complete(self, session):
        ret = ordered_return(session, SPRING_EVE)
        assert ret.bank_due_at == datetime(2027, 2, 10, tzinfo=SHANGHAI) and ret.due_caveat
        enter_2027(session, complete=False)
        session.refresh(ret)
        assert ret.bank_due_at == datetime(2027, 2, 10, tzinfo=SHANGHAI)
        assert ret.due_change_note == "" and ret.due_caveat

    def test_completing_the_year_moves_running_deadlines_and_says_so(self, session):
        ret = ordered_return(session, SPRING_EVE)
        national = ordered_return(session, datetime(2027, 9, 30, 15, 0, tzinfo=SHANGHAI))
        enter_2027(session)
        session.refresh(ret)
        session.refresh(national)
        assert ret.bank_due_at == datetime(2027, 2, 18, tzinfo=SHANGHAI)
        assert ret.due_caveat == "" and ret.due_change_note == MOVED
        assert national.bank_due_at == datetime(2027, 10, 12, tzinfo=SHANGHAI)
        [entry] = audit_entries(session, "deadline.recomputed", target_id=str(ret.id))
        assert entry.summary == MOVED and entry.detail["case_id"] == ret.case_id
        # Ordered after the schedule is in force: counted with it from the start.
        later = ordered_return(session, datetime(2027, 2, 19, 16, 0, tzinfo=SHANGHAI))
        assert later.bank_due_at == datetime(2027, 2, 24, tzinfo=SHANGHAI)
        assert later.due_change_note == ""

    def test_a_return_already_done_is_left_alone(self, session):
        ret = ordered_return(session, SPRING_EVE)
        with clock.pinned(SPRING_EVE + timedelta(hours=3)):
            returns.confirm_done(session, ADMIN, ret)
        enter_2027(session)
        session.refresh(ret)
        assert ret.bank_due_at == datetime(2027, 2, 10, tzinfo=SHANGHAI)
        assert ret.due_change_note == ""


class TestAdminPage:
    def test_the_admin_uploads_the_template_and_the_case_shows_the_move(self, client, session):
        ret = ordered_return(session, SPRING_EVE)
        login(client, "admin")
        template = client.get("/admin/holidays/template")
        assert template.status_code == 200 and template.content[:2] == b"PK"
        bad = csv_bytes() + "2027-02-05,班,冲突\n2026-12-31,休,上一年\n".encode()
        response = client.post(
            "/admin/holidays/import",
            data={"csrf_token": csrf_token(client), "year": "2027", "complete": "true"},
            files={"file": ("2027.csv", bad, "text/csv")},
        )
        assert response.status_code == 200, response.text
        # The good rows were taken; each bad one is listed with its row and reason.
        assert "与第 3 行重复" in response.text
        assert "日期 2026-12-31 不在 2027 年内" in response.text
        assert "已完整，用于计算期限" in response.text
        page = client.get(f"/cases/{ret.case_id}").text
        assert MOVED in page

    def test_typed_entry_and_the_refusal_of_both_kinds(self, client, session):
        login(client, "admin")
        token = csrf_token(client)
        form = {"csrf_token": token, "year": "2027", "day": "2027-02-05", "kind": "holiday"}
        assert client.post("/admin/holidays/days", data=form).status_code == 303
        clash = client.post("/admin/holidays/days", data={**form, "kind": "workday"})
        assert clash.status_code == 409 and "不能既是节假日又是调休上班日" in clash.text
        page = client.get("/admin/holidays").text
        assert 'data-day="2027-02-05"' in page and "未完整，尚未用于计算期限" in page

    def test_only_the_admin_enters_the_schedule(self, client):
        login(client, "duty")
        assert client.get("/admin/holidays").status_code == 403


def test_the_command_imports_a_year_and_completes_it(own_engine, monkeypatch, tmp_path):
    """`fanzha holidays import FILE --year 2027 --complete`, then `list`: committed for real."""
    url = own_engine.url.render_as_string(hide_password=False)
    monkeypatch.setattr(db, "resolve_database_url", lambda: url)
    monkeypatch.setattr(db, "get_sessionmaker", lambda: sessionmaker(bind=own_engine))
    # The CLI's transactions use the bulk sessionmaker, cached per process: another test
    # may have built it for its own database first.
    monkeypatch.setattr(db, "get_bulk_sessionmaker", lambda: sessionmaker(bind=own_engine))
    path = tmp_path / "2027.csv"
    path.write_bytes(csv_bytes())
    runner = CliRunner()
    done = runner.invoke(
        cli.app, ["holidays", "import", str(path), "--year", "2027", "--complete", "--by", "张三"]
    )
    assert done.exit_code == 0, done.output
    assert "2027 年节假日安排：新录入或更新 21 天" in done.output
    clash = runner.invoke(cli.app, ["holidays", "add", "2027-02-05", "班"])
    assert clash.exit_code == 1 and "不能既是节假日又是调休上班日" in clash.output
    listed = runner.invoke(cli.app, ["holidays", "list", "2027"])
    assert "2027 年：已完整，21 天" in listed.output and "2027-02-05 休" in listed.output
    with Session(own_engine) as check:
        assert service.schedule(check).complete_years == frozenset({2027})
        who = check.scalars(select(HolidayDay.entered_by).where(HolidayDay.year == 2027))
        assert set(who) == {"命令行·张三"}
