"""Monthly and quarterly reports: figures frozen at generation and kept after 报送 whatever
late data arrives, a restatement listing its differences, the schedule making one report per
unit once, and the files (numeric Excel cells, Chinese text in the PDF)."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.auth.service import user_principal
from fanzha.kernel.states import IllegalMove
from fanzha.org.models import Unit
from fanzha.stats import periods, report_files, reports
from fanzha.stats.report_errors import (
    ReportAlreadyRestated,
    ReportFrozen,
    ReportNotSubmitted,
    ReportReasonMissing,
)
from fanzha.stats.report_models import ReportStatus, UnitReport
from tests.cases.test_money import report as case_report
from tests.helpers import audit_entries, unit_of, user

pytestmark = pytest.mark.usefixtures("city")


def who(session: Session, username: str):
    return user_principal(user(session, username))


def this_month() -> periods.Period:
    """The demo city's records are of the last days: the running month holds them."""
    return periods.period_of("month", periods.local_today())


def figure(report: UnitReport, key: str) -> dict:
    return next(f for f in report.content["figures"] if f["key"] == key)


def made(session: Session, username: str = "station_a") -> UnitReport:
    unit = unit_of(session, username)
    report, new = reports.generate(
        session, who(session, "analyst"), unit.id, "month", this_month().start
    )
    assert new
    return report


def late_case(session: Session, username: str, day: date):
    """A case reported on `day` but entered only now (late data)."""
    case = case_report(session, username, loss_yuan=30_000)
    case.reported_at = clock.day_start(day) + timedelta(hours=10)
    session.flush()
    return case


def test_a_submitted_report_keeps_its_figures_and_a_restatement_lists_the_differences(
    session: Session,
) -> None:
    report = made(session)
    reports.set_notable(session, who(session, "analyst"), report, "某小区居民被冒充公检法诈骗")
    reports.submit(session, who(session, "analyst"), report)
    frozen = dict(figure(report, "cases.reported"))
    assert report.status == ReportStatus.submitted and report.submitted_by

    late = late_case(session, "station_a", periods.local_today())
    session.expire_all()
    again = session.get(UnitReport, report.id)
    assert figure(again, "cases.reported") == frozen  # late data: the report did not move

    with pytest.raises(ReportFrozen):
        reports.set_notable(session, who(session, "analyst"), again, "改写")
    with pytest.raises(ReportReasonMissing):
        reports.restate(session, who(session, "analyst"), again, " ")

    new = reports.restate(session, who(session, "analyst"), again, "补录一起警情")
    assert (new.version, new.status, new.restates_id) == (2, ReportStatus.draft, again.id)
    assert new.notable == "某小区居民被冒充公检法诈骗"
    diffs = {d["key"]: d for d in new.differences}
    assert diffs["cases.reported"]["old"] == frozen["value"]
    assert diffs["cases.reported"]["new"] == frozen["value"] + 1
    assert diffs["cases.loss"]["new"] - (diffs["cases.loss"]["old"] or 0) == late.loss_fen
    assert figure(again, "cases.reported") == frozen  # the submitted version still as it was

    with pytest.raises(ReportAlreadyRestated):
        reports.restate(session, who(session, "analyst"), again, "再次更正")
    reports.submit(session, who(session, "analyst"), new)
    assert again.status == ReportStatus.superseded
    assert [v.version for v in reports.versions(session, new)] == [1, 2]
    assert audit_entries(session, "report.transition", target_id=str(again.id))


def test_a_draft_cannot_be_restated_and_a_report_is_submitted_once(session: Session) -> None:
    report = made(session)
    with pytest.raises(ReportNotSubmitted):
        reports.restate(session, who(session, "analyst"), report, "更正")
    reports.submit(session, who(session, "analyst"), report)
    with pytest.raises(IllegalMove):
        reports.submit(session, who(session, "analyst"), report)


def test_generating_twice_makes_one_report(session: Session) -> None:
    first = made(session)
    again, new = reports.generate(
        session, who(session, "analyst"), first.unit_id, "month", this_month().last_day
    )
    assert (again.id, new) == (first.id, False)


def test_the_schedule_makes_each_units_reports_once_from_the_first_working_day(
    session: Session,
) -> None:
    branch = unit_of(session, "branch_leader")
    units = list(session.scalars(select(Unit.id).where(Unit.path.like(branch.path + "%")).limit(4)))
    # 1 November 2026 is a Sunday: nothing is due before Monday the 2nd.
    assert all(not reports.schedule_unit(session, u, date(2026, 11, 1)).made for u in units)
    runs = [[reports.schedule_unit(session, u, date(2026, 11, 2)) for u in units] for _ in "ab"]
    assert [len(r.made) for r in runs[0]] == [1] * len(units)  # October's monthly report
    assert [(len(r.made), r.kept) for r in runs[1]] == [(0, 1)] * len(units)
    stored = session.scalar(
        select(func.count())
        .select_from(UnitReport)
        .where(UnitReport.unit_id.in_(units), UnitReport.period_start == date(2026, 10, 1))
    )
    assert stored == len(units)
    first = session.get(UnitReport, runs[0][0].made[0])
    assert first.generated_by == "报表定时生成" and first.generated_by_id is None
    # The first month of a quarter also makes last quarter's report.
    quarter = reports.schedule_unit(session, units[0], date(2026, 10, 9))
    kinds = {session.get(UnitReport, i).kind for i in quarter.made}
    assert kinds == {"month", "quarter"}


def test_a_report_counts_in_the_units_own_scope(session: Session) -> None:
    """Made by the center for a station, the figures are the station's, not the city's."""
    station = made(session, "station_a")
    city, _ = reports.generate(
        session, who(session, "analyst"), unit_of(session, "admin").id, "month", this_month().start
    )
    assert figure(station, "cases.reported")["value"] <= figure(city, "cases.reported")["value"]
    assert [r["unit"] for r in city.content["ranking"]["rows"]]  # the city ranks its 分局
    assert station.content["unit"] != city.content["unit"]


def _document(session: Session, report: UnitReport) -> report_files.Document:
    return report_files.Document(
        title=reports.report_title(session, report),
        version_label=reports.version_label(report),
        status_label="草稿",
        content=report.content,
        notable="11月5日，民警上门劝阻，避免损失20万元。",
        generated_line="生成：2026-12-01 09:00",
    )


def test_the_workbook_keeps_numbers_as_numbers(session: Session) -> None:
    report = made(session, "admin")
    content = dict(report.content)
    # The demo month has no warning fed back yet: give the rate a value and a comparison.
    rate = {**figure(report, "warnings.dissuasion_rate"), "value": 0.8734, "mom_pct": -0.05}
    content["figures"] = [rate if f["key"] == rate["key"] else f for f in content["figures"]]
    document = _document(session, report)
    document = report_files.Document(**{**document.__dict__, "content": content})
    sheet = load_workbook(BytesIO(report_files.workbook(document)))["主要指标"]
    rows = {sheet.cell(r, 1).value: r for r in range(5, sheet.max_row + 1)}
    name = figure(report, "cases.reported")["name"]
    cases = sheet.cell(rows[name], 2)
    assert isinstance(cases.value, int) and cases.number_format == "#,##0"
    assert cases.value == figure(report, "cases.reported")["value"]
    loss = sheet.cell(rows[figure(report, "cases.loss")["name"]], 2)
    assert loss.number_format == "#,##0.00"
    assert float(loss.value) == figure(report, "cases.loss")["value"] / 100
    cell = sheet.cell(rows[rate["name"]], 2)
    assert (cell.value, cell.number_format) == (0.8734, "0.0%")
    cell = sheet.cell(rows[rate["name"]], 4)  # 环比 as a fraction with a % format
    assert (cell.value, cell.number_format) == (-0.05, "0.0%")
    assert sheet.cell(rows[rate["name"]], 5).value == "—"  # no year-earlier figure: not 0


def test_the_pdf_holds_the_chinese_text(session: Session) -> None:
    report = made(session, "admin")
    content = report_files.pdf(_document(session, report))
    text = "".join(page.get_textpage().get_text_bounded() for page in pdfium.PdfDocument(content))
    assert reports.report_title(session, report) in text
    name = figure(report, "cases.reported")["name"]
    for words in ("主要指标", name, f"按「{name}」排名", "典型案例", "民警上门劝阻"):
        assert words in text


def test_downloads_are_audited_as_exports(session: Session) -> None:
    report = made(session)
    reports.audit_export(session, who(session, "leader"), report, "pdf")
    assert audit_entries(session, "report.exported", target_id=str(report.id))


def test_a_month_whose_year_earlier_lacks_the_spring_festival_carries_the_note(
    session: Session,
) -> None:
    """February 2026 holds 春节 (17 February); February 2025 did not (29 January): the month's
    同比 is distorted and the report, its workbook and its PDF say so. March does not."""
    analyst, unit = who(session, "analyst"), unit_of(session, "admin")
    february, _ = reports.generate(session, analyst, unit.id, "month", date(2026, 2, 1))
    march, _ = reports.generate(session, analyst, unit.id, "month", date(2026, 3, 1))
    note = next(n for n in february.content["notes"] if "春节" in n)
    assert "2026年2月17日" in note
    assert not any("春节" in n for n in march.content["notes"])
    document = _document(session, february)
    sheet = load_workbook(BytesIO(report_files.workbook(document)))["主要指标"]
    cells = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert note in cells
    content = report_files.pdf(document)
    text = "".join(page.get_textpage().get_text_bounded() for page in pdfium.PdfDocument(content))
    assert "春节错月" in text.replace("\r", "").replace("\n", "")
