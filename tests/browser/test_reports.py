"""A leader downloads the monthly report as a PDF: the file names the report, holds its Chinese
text, and renders to a page that is not blank."""

from __future__ import annotations

import pypdfium2 as pdfium
from playwright.sync_api import Page
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from fanzha.auth.service import user_principal
from fanzha.stats import periods, reports
from tests.browser.test_foundation import sign_in
from tests.helpers import audit_entries, unit_of, user


def test_a_leader_downloads_the_monthly_pdf(
    page: Page, live_server: str, engine: Engine, tmp_path
) -> None:
    with Session(engine) as session:
        analyst = user_principal(user(session, "analyst"))
        city = unit_of(session, "leader")
        report, _ = reports.generate(session, analyst, city.id, "month", periods.local_today())
        reports.set_notable(session, analyst, report, "民警上门劝阻，避免损失二十万元。")
        reports.submit(session, analyst, report)
        title, report_id = reports.report_title(session, report), report.id
        session.commit()

    sign_in(page, live_server, "leader")
    page.goto(f"{live_server}/reports")
    page.get_by_role("link", name=title).click()
    with page.expect_download() as download:
        page.locator("#download-pdf").click()
    assert download.value.suggested_filename == f"{title}-第1版.pdf"
    saved = tmp_path / "report.pdf"
    download.value.save_as(saved)

    document = pdfium.PdfDocument(saved)
    text = document[0].get_textpage().get_text_bounded()
    for words in (title, "已报送", "主要指标", "发案数"):
        assert words in text
    image = document[0].render(scale=1.5).to_pil().convert("L")
    image.save(tmp_path / "page1.png")  # kept in the test's tmp dir to look at
    dark = sum(image.histogram()[:128])
    assert dark > 2_000  # text and tables were drawn, not an empty page
    with Session(engine) as session:
        assert audit_entries(session, "report.exported", target_id=str(report_id))
