"""The case list as one server-side list: pages past 100, sort, filters in the URL, export."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from fanzha.access import Principal
from fanzha.cases import service
from fanzha.cases.schemas import CaseIn
from tests.helpers import audit_entries, login, unit_of

pytestmark = pytest.mark.usefixtures("city")


def make(session, name: str, loss_fen: int = 0, fraud_type: str = "investment"):
    case = service.create_case(
        session,
        Principal.system(),
        CaseIn(victim_name=name, victim_phone="13800138000", fraud_type=fraud_type),
        unit_id=unit_of(session, "station_a").id,
    )
    case.loss_fen = loss_fen
    session.flush()
    return case


def numbers_on(page: str) -> list[str]:
    return re.findall(r'<a href="/cases/\d+">(AJ[^<]+)</a>', page)


def test_the_list_pages_past_the_first_hundred(client, session):
    made = [make(session, f"分页{n:03d}") for n in range(105)]
    login(client, "station_a")
    first = client.get("/cases", params={"q": "分页", "size": "100"}).text
    second = client.get("/cases", params={"q": "分页", "size": "100", "page": "2"}).text
    assert len(numbers_on(first)) == 100 and len(numbers_on(second)) == 5
    assert set(numbers_on(first) + numbers_on(second)) == {c.case_no for c in made}


def test_sorted_by_loss_with_a_type_filter_kept_in_the_links(client, session):
    small = make(session, "排序甲", 100_00)
    big = make(session, "排序乙", 50_000_00)
    make(session, "排序丙", 90_000_00, fraud_type="shopping")
    login(client, "station_a")
    page = client.get(
        "/cases", params={"q": "排序", "fraud_type": "investment", "sort": "loss", "dir": "desc"}
    ).text
    assert numbers_on(page) == [big.case_no, small.case_no]
    # Asking for the same column again turns the order round, filters kept.
    assert "/cases?fraud_type=investment&amp;q=%E6%8E%92%E5%BA%8F&amp;sort=loss" in page


def test_the_export_is_the_filtered_cases_masked(client, session):
    kept = make(session, "周导出", 12_345_00)
    make(session, "吴另案")
    login(client, "station_a")
    response = client.get("/cases", params={"q": "周导出", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows] == ["案件编号", kept.case_no]
    assert rows[1][2] == "周*出" and "13800138000" not in str(rows[1])
    assert rows[1][5] == "12,345.00"
    assert audit_entries(session, "list.page_exported", target_type="cases")
