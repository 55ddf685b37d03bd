"""A stop-payment's 协查 runs on the same clock as a warning transfer: the answer is owed
`assist_answer_hours` after the request went out, and the case page flags it when late."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from alembic import command
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from fanzha import clock, migrate
from fanzha.access import Principal
from fanzha.cases import assists, stop_payments
from fanzha.cases.models import Case
from fanzha.cases.schemas import AssistAnswerIn
from fanzha.config import get_settings
from tests.cases.test_money import LOCAL, XINING, fire, report, stops
from tests.helpers import login

pytestmark = pytest.mark.usefixtures("city")

HOURS = get_settings().assist_answer_hours
OTHER = "6228480012345678902"  # another account in 西宁


def assist_row(page: str, account: str = XINING) -> str:
    """The stop-payments row of an account in 西宁, where its 协查 is shown."""
    marker = f'<tr data-account="{account}"'
    assert marker in page, page
    return page.split(marker, 1)[1].split("</tr>", 1)[0]


def sent_at(session, hours_ago: float, account: str = XINING):
    """A case whose stop-payment on an account in 西宁 (with its 协查) went out `hours_ago`
    hours ago. Each case its own account: a second stop on one account joins the first."""
    with clock.pinned(clock.now() - timedelta(hours=hours_ago)):
        case = report(session, accounts=[(account, "中国工商银行西宁分行城西支行")])
        stop_payments.stop_all(session, Principal.system(), case)
        session.flush()
    return case


def test_a_sent_assist_owes_its_answer_by_its_due_time(client, session):
    case = report(session, accounts=[(LOCAL, "建设银行城西支行"), (XINING, "工商银行西宁分行")])
    login(client, "station_a")
    page = fire(client, f"/cases/{case.id}/stop-payments").text
    assist = stops(session, case)[XINING].assist
    assert assist.due_at == assist.sent_at + timedelta(hours=HOURS)
    due = clock.local(assist.due_at, "%m-%d %H:%M")
    assert f"反馈期限 {due}" in assist_row(page) and "逾期" not in assist_row(page)
    # A 协查 sent after the officer corrects the branch city is on the same clock.
    sp = stops(session, case)[LOCAL]
    fire(client, f"/cases/{case.id}/stop-payments/{sp.id}/city", {"branch_city": "兰州市"})
    corrected = stops(session, case)[LOCAL].assist
    assert corrected.due_at == corrected.sent_at + timedelta(hours=HOURS)


def test_an_unanswered_assist_past_its_due_is_flagged_on_the_case_page(client, session):
    overdue, fresh = sent_at(session, HOURS + 1), sent_at(session, HOURS - 1, OTHER)
    login(client, "station_a")
    cell = assist_row(client.get(f"/cases/{overdue.id}").text)
    assert "逾期未反馈" in cell and "已发送" in cell
    assert "逾期" not in assist_row(client.get(f"/cases/{fresh.id}").text, OTHER)


def test_an_answer_after_the_due_is_flagged_late(client, session):
    case = sent_at(session, HOURS + 2)
    login(client, "station_a")
    assist = stops(session, case)[XINING].assist
    response = fire(client, f"/cases/{case.id}/assists/{assist.id}/answer", {"held_fen": "900"})
    assert response.status_code == 200, response.text
    cell = assist_row(response.text)
    assert "反馈逾期" in cell and "逾期未反馈" not in cell and "对方止付 900.00 元" in cell
    # One answered within its time is not.
    in_time = sent_at(session, HOURS - 2, OTHER)
    other = stops(session, in_time)[OTHER].assist
    assists.answer_assist(session, Principal.system(), other, AssistAnswerIn(held_fen=100))
    session.flush()
    assert not assists.late(other)
    assert "逾期" not in assist_row(client.get(f"/cases/{in_time.id}").text, OTHER)


def test_the_migration_gives_requests_already_sent_their_due_time(
    own_engine: Engine, own_database_url
):
    with Session(own_engine) as session:
        case = sent_at(session, 30)
        sent = stops(session, case)[XINING].assist.sent_at
        session.commit()
        case_id = case.id
    own_engine.dispose()
    command.downgrade(migrate.alembic_config(own_database_url), "0022")
    migrate.upgrade(own_database_url)
    with Session(own_engine) as session:
        [assist] = [sp.assist for sp in stops(session, session.get(Case, case_id)).values()]
        assert assist.due_at == sent + timedelta(hours=HOURS) and assists.late(assist)


def board_row(page: str, case_no: str) -> str:
    """The row of the money board's 协查 tab for one case."""
    assert case_no in page, page
    return page.split(case_no, 1)[1].split("</tr>", 1)[0]


def test_the_money_boards_assist_tab_flags_late_answers_first(client, session):
    overdue, fresh = sent_at(session, HOURS + 1), sent_at(session, HOURS - 1, OTHER)
    login(client, "station_a")
    page = client.get("/cases/deadlines?section=assists&size=200").text
    late, on_time = board_row(page, overdue.case_no), board_row(page, fresh.case_no)
    assert "逾期未反馈" in late and "已超时" in late
    assert "逾期" not in on_time and "剩余" in on_time
    # Nearest due first: the late one above the one still in time; the tab counts it.
    assert page.index(overdue.case_no) < page.index(fresh.case_no)
    assert 'id="tab-assists"' in page and "逾期 " in page.split('id="tab-assists"', 1)[1][:300]
    # The export of the tab says the same.
    export = client.get(f"/cases/deadlines?section=assists&q={overdue.case_no}&export=xlsx")
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == overdue.case_no and "逾期未反馈" in rows[1][4]
