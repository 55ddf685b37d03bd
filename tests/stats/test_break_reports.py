"""A new user's report actions out of order and odd input: two 更正 or a 报送 and an edit at
the same moment, a report of year 1 or of next year, a 典型案例 pasted from Word (control
characters) or written as a formula, and the list's buttons that must do what they say."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from fanzha.auth.service import user_principal
from fanzha.stats import periods, reports
from fanzha.stats.report_models import ReportStatus, UnitReport
from tests.helpers import login, post_form, unit_of, user

pytestmark = pytest.mark.usefixtures("city")


def _at_once(engine: Engine, report_id: int, works) -> list[Exception | None]:
    """Each `work(session, actor, report)` in its own thread and transaction as the analyst,
    released together; returns what each raised (None when it committed)."""
    start = threading.Barrier(len(works))
    outcome: list[Exception | None] = [None] * len(works)

    def run(index: int, work) -> None:
        with Session(engine) as session:
            actor = user_principal(user(session, "analyst"))
            report = session.get(UnitReport, report_id)
            start.wait(timeout=30)
            try:
                work(session, actor, report)
                session.commit()
            except Exception as error:  # the outcome is what we assert on
                session.rollback()
                outcome[index] = error

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(works)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcome


def _submitted_report(engine: Engine, username: str, day: date) -> int:
    with Session(engine) as session:
        actor = user_principal(user(session, "analyst"))
        unit = unit_of(session, username)
        report, _ = reports.generate(session, actor, unit.id, "month", day)
        reports.submit(session, actor, report)
        session.commit()
        return report.id


def test_two_restatements_at_once_make_one_new_version(engine: Engine):
    day = periods.local_today() - timedelta(days=70)
    report_id = _submitted_report(engine, "station_a", day)

    def restate(session, actor, report):
        reports.restate(session, actor, report, "补录数据")

    outcome = _at_once(engine, report_id, [restate, restate])
    assert sorted(type(e).__name__ for e in outcome if e) == ["ReportAlreadyRestated"]
    with Session(engine) as session:
        report = session.get(UnitReport, report_id)
        versions = session.scalar(
            select(func.count()).where(
                UnitReport.unit_id == report.unit_id, UnitReport.period_start == report.period_start
            )
        )
    assert versions == 2


def test_an_edit_racing_the_submission_never_changes_a_submitted_report(engine: Engine):
    day = periods.local_today() - timedelta(days=100)
    with Session(engine) as session:
        actor = user_principal(user(session, "analyst"))
        report, _ = reports.generate(session, actor, unit_of(session, "station_b").id, "month", day)
        session.commit()
        report_id = report.id

    def submit(session, actor, report):
        reports.submit(session, actor, report)

    def edit(session, actor, report):
        reports.set_notable(session, actor, report, "迟到的典型案例")

    outcome = _at_once(engine, report_id, [submit, submit, edit])
    with Session(engine) as session:
        report = session.get(UnitReport, report_id)
        assert report.status == ReportStatus.submitted
        edited = outcome[2] is None
        assert (report.notable == "迟到的典型案例") == edited
        if not edited:  # the edit came second: refused, the report unchanged
            assert type(outcome[2]).__name__ == "ReportFrozen"
    assert sorted(type(e).__name__ for e in outcome[:2] if e) == ["IllegalMove"]


@pytest.mark.parametrize("day", ["0001-01-15", "9999-12-15", "1899-12-31"])
def test_a_report_of_an_impossible_period_is_refused(client, session, day):
    login(client, "analyst")
    form = {"unit_id": unit_of(session, "station_a").id, "kind": "month", "day": day}
    refused = post_form(client, "/reports/generate", form)
    assert refused.status_code == 422 and "报表期间无法识别" in refused.text


def test_a_report_of_a_period_not_begun_is_refused(client, session):
    login(client, "analyst")
    next_year = date(periods.local_today().year + 1, 3, 1)
    form = {"unit_id": unit_of(session, "station_a").id, "kind": "quarter", "day": next_year}
    refused = post_form(client, "/reports/generate", form)
    assert refused.status_code == 422 and "该期间尚未开始" in refused.text


def test_notable_cases_with_control_characters_are_refused_and_formulas_stay_text(client, session):
    login(client, "analyst")
    form = {"unit_id": unit_of(session, "station_a").id, "kind": "month", "day": "2026-01-10"}
    created = post_form(client, "/reports/generate", form)
    report = created.headers["location"]
    pasted = "第一行\x0b第二行\x07"  # Word's manual line break and a bell: refused at the edge
    refused = post_form(client, f"{report}/notable", {"notable": pasted})
    assert refused.status_code == 422
    text = '=HYPERLINK("http://evil.example","点我")\n+1-2\n@SUM(A1)'
    assert post_form(client, f"{report}/notable", {"notable": text}).status_code == 303
    xlsx = client.get(f"{report}/xlsx")
    assert xlsx.status_code == 200
    cell = load_workbook(BytesIO(xlsx.content))["典型案例"]["A2"]
    assert cell.data_type == "s" and cell.quotePrefix and cell.value == text
    assert client.get(f"{report}/pdf").status_code == 200


def test_the_list_offers_only_what_works(client):
    login(client, "leader")
    page = client.get("/reports").text
    assert "export=xlsx" not in page  # the list has no export; each report has its files
    assert "生成报表" not in page and "下方手动生成" not in page
    client.cookies.clear()
    login(client, "analyst")
    page = client.get("/reports").text
    last_month = periods.previous(periods.period_of("month", periods.local_today()))
    assert f'name="day" type="date" value="{last_month.start}"' in page


def test_the_trend_heading_stays_on_the_page_of_its_charts(session):
    # The city's monthly report filled page one down to the 趋势 heading and put the charts
    # alone on page two (seen on the rendered PDF).
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from fanzha.stats import report_files

    analyst = user_principal(user(session, "analyst"))
    city = unit_of(session, "admin")
    report, _ = reports.generate(session, analyst, city.id, "month", periods.local_today())
    document = report_files.Document(
        title="示例市公安局 月报",
        version_label="第1版",
        status_label="草稿",
        content=report.content,
        notable="",
        generated_line="生成：2026-12-01 09:00",
        submitted_line="已报送：2026-12-01 10:00",
    )
    pdf = pdfium.PdfDocument(report_files.pdf(document))
    for page in pdf:
        text = page.get_textpage().get_text_bounded()
        if "趋势" in text.replace(" ", ""):
            images = list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)))
            assert images, "the 趋势 heading is on a page without its charts"
            break
    else:
        raise AssertionError("no 趋势 heading")


def test_a_restatement_reason_is_held_to_the_forms_limit(client, session):
    # The form says maxlength 500; a hand-made request stored 6,000 characters.
    login(client, "analyst")
    form = {"unit_id": unit_of(session, "station_b").id, "kind": "month", "day": "2026-02-10"}
    report = post_form(client, "/reports/generate", form).headers["location"]
    assert post_form(client, f"{report}/submit").status_code == 303
    refused = post_form(client, f"{report}/restate", {"reason": "原" * 501})
    assert refused.status_code == 422 and "更正原因不能超过500字" in refused.text
    assert post_form(client, f"{report}/restate", {"reason": "原" * 500}).status_code == 303


def test_a_server_without_a_chinese_font_says_so_instead_of_failing(client, session, monkeypatch):
    from fanzha.liaison.letters import FontMissing
    from fanzha.stats import report_files

    def no_font(configured=None):
        raise FontMissing("no font")

    monkeypatch.setattr(report_files, "find_font", no_font)
    login(client, "analyst")
    form = {"unit_id": unit_of(session, "station_a").id, "kind": "month", "day": "2026-01-10"}
    report = post_form(client, "/reports/generate", form).headers["location"]
    refused = client.get(f"{report}/pdf")
    assert refused.status_code == 422 and "服务器未安装中文字体" in refused.text
    assert client.get(f"{report}/xlsx").status_code == 200  # the Excel file still comes
