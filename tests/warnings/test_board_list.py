"""The board as one server-side list: what needs action first, pages, filters in the URL,
and the export of exactly the filtered rows."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from fanzha import clock
from fanzha.access import Principal
from fanzha.warnings import ladder
from tests.helpers import audit_entries, login
from tests.warnings.test_ladder import receive

pytestmark = pytest.mark.usefixtures("city")


def ids_on(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr class="[^"]*" data-id="(\d+)"', page)]


def test_unsigned_come_first_then_the_nearest_deadline(client, session):
    now = clock.now()
    signed_urgent = receive(session, person_name="排序甲", money_moving=True)
    ladder.sign(session, Principal.system(), signed_urgent)
    later = receive(session, person_name="排序乙")
    sooner = receive(session, person_name="排序丙")
    later.sign_due_at = now + timedelta(hours=2)
    sooner.sign_due_at = now + timedelta(minutes=5)
    session.flush()
    login(client, "duty")
    page = client.get("/warnings", params={"q": "排序"}).text
    assert ids_on(page) == [sooner.id, later.id, signed_urgent.id]


def test_page_two_and_the_filters_stay_in_the_url(client, session):
    made = [receive(session, person_name=f"翻页{n:02d}") for n in range(25)]
    login(client, "duty")
    first = client.get("/warnings", params={"q": "翻页", "size": "20"}).text
    second = client.get("/warnings", params={"q": "翻页", "size": "20", "page": "2"}).text
    assert len(ids_on(first)) == 20 and len(ids_on(second)) == 5
    assert set(ids_on(first) + ids_on(second)) == {w.id for w in made}
    assert "共 <strong>25</strong> 条" in second
    # The next-page link keeps the text filter and the size: a view can be bookmarked.
    assert 'href="/warnings?q=%E7%BF%BB%E9%A1%B5&amp;size=20&amp;page=2"' in first


def test_sorted_by_a_column_and_an_unknown_column_is_ignored(client, session):
    small = receive(session, person_name="金额甲", amount_fen=100_00)
    big = receive(session, person_name="金额乙", amount_fen=900_000_00)
    login(client, "duty")
    desc = client.get("/warnings", params={"q": "金额", "sort": "amount", "dir": "desc"}).text
    assert ids_on(desc) == [big.id, small.id]
    odd = client.get("/warnings", params={"q": "金额", "sort": "person_id_number"})
    assert odd.status_code == 200 and set(ids_on(odd.text)) == {big.id, small.id}


def test_the_export_is_the_filtered_rows_masked_and_audited(client, session):
    kept = receive(session, person_name="王导出", money_moving=True)
    receive(session, person_name="王另一", money_moving=False)
    login(client, "duty")
    response = client.get("/warnings", params={"q": "王导出", "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "预警编号" and len(rows) == 2
    assert rows[1][0] == kept.external_id
    assert rows[1][2] == "王*出" and kept.person_phone not in str(rows[1])
    [entry] = audit_entries(session, "list.page_exported")
    assert entry.detail["rows"] == 1 and entry.detail["filters"] == {"q": "王导出"}
