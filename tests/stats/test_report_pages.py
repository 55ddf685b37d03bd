"""The report pages: the center makes a unit's monthly report, writes its notable cases, 报送;
a leader lists and downloads it; a 更正 shows its differences from the submitted version."""

from __future__ import annotations

import re
from io import BytesIO

from openpyxl import load_workbook

from fanzha.stats import periods
from tests.helpers import login, post_form, unit_of


def _id(response) -> int:
    assert response.status_code == 303, response.text[:300]
    return int(re.fullmatch(r"/reports/(\d+)", response.headers["location"]).group(1))


def test_the_center_submits_and_restates_and_a_leader_downloads(client, session, city):
    station = unit_of(session, "station_a")
    login(client, "analyst")
    form = {"unit_id": station.id, "kind": "month", "day": periods.local_today().isoformat()}
    report_id = _id(post_form(client, "/reports/generate", form))
    assert _id(post_form(client, "/reports/generate", form)) == report_id  # the same report
    page = client.get(f"/reports/{report_id}")
    assert page.status_code == 200 and "草稿" in page.text and "主要指标" in page.text
    post_form(client, f"/reports/{report_id}/notable", {"notable": "冒充客服退款诈骗一起"})
    assert _id(post_form(client, f"/reports/{report_id}/submit")) == report_id
    refused = post_form(client, f"/reports/{report_id}/notable", {"notable": "改写"})
    assert refused.status_code == 409 and "报表已报送" in refused.text

    restated = _id(post_form(client, f"/reports/{report_id}/restate", {"reason": "补录数据"}))
    page = client.get(f"/reports/{restated}")
    assert "第2版" in page.text and "与第1版的差异" in page.text and "补录数据" in page.text

    client.cookies.clear()
    login(client, "branch_leader")
    listing = client.get("/reports")
    assert listing.status_code == 200 and f'href="/reports/{report_id}"' in listing.text
    assert "生成报表" not in listing.text  # leaders read; the center makes reports
    xlsx = client.get(f"/reports/{report_id}/xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(BytesIO(xlsx.content))["典型案例"]
    assert sheet["A2"].value == "冒充客服退款诈骗一起"
    pdf = client.get(f"/reports/{report_id}/pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"

    client.cookies.clear()
    login(client, "station_b")  # a sibling station: not there
    assert client.get(f"/reports/{report_id}").status_code == 404
