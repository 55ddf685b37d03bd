"""The entered holiday dates are one paged list: by year and kind in the URL, and the export
is the filtered dates in the import template's own columns."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from fanzha.access import Principal
from fanzha.holidays import service
from fanzha.holidays.models import DayKind
from tests.helpers import login

pytestmark = pytest.mark.usefixtures("city")
ADMIN = Principal.system("测试管理员")


def test_dates_are_listed_by_year_and_kind_and_exported_as_filtered(client, session):
    for day in range(1, 26):
        service.add_day(session, ADMIN, 2031, date(2031, 1, day), DayKind.holiday, reason="春节")
    service.add_day(session, ADMIN, 2031, date(2031, 2, 8), DayKind.workday, reason="调休")
    service.add_day(session, ADMIN, 2032, date(2032, 1, 1), DayKind.holiday, reason="元旦")
    session.flush()
    login(client, "admin")
    page = client.get("/admin/holidays?year=2031&size=20").text
    assert "共 <strong>26</strong> 条" in page and 'data-day="2031-01-20"' in page
    assert 'data-day="2031-01-21"' not in page  # on the second page
    assert 'data-day="2032-01-01"' not in page
    export = client.get("/admin/holidays?year=2031&kind=workday&export=xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows == [("日期", "类型", "说明"), ("2031-02-08", "班", "调休")]
