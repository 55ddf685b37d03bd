"""The indicators and the exclusion list are paged lists: every indicator is listed (not
only after a search), filtered in the URL, and the export is the filtered rows."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from fanzha.linking import exclusions
from fanzha.linking.models import Indicator, LinkExclusion
from tests.helpers import login
from tests.linking.test_linking import SYSTEM, account, new_case

pytestmark = pytest.mark.usefixtures("city")


def rows_of(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_every_indicator_is_listed_most_cases_first_and_filtered_by_kind(client, session):
    new_case(session, account(540), phones=("13800007777",))
    new_case(session, account(540))
    session.flush()
    login(client, "analyst")
    total = session.scalar(select(func.count()).select_from(Indicator))
    page = client.get("/analysis/indicators?size=20").text
    assert f"共 <strong>{total}</strong> 条" in page
    phones = client.get("/analysis/indicators?kind=phone&q=13800007777&export=xlsx")
    assert [r[:3] for r in rows_of(phones.content)[1:]] == [("电话号码", "+8613800007777", 1)]
    shared = client.get(f"/analysis/indicators?q={account(540)}&sort=cases&dir=desc").text
    row = shared.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert account(540) in row and '<td class="num-cell">2</td>' in row


def test_the_exclusion_list_is_searchable_and_exported(client, session):
    exclusions.add_exclusion(session, SYSTEM, kind="phone", pattern="95566", reason="银行客服电话")
    session.flush()
    login(client, "analyst")
    total = session.scalar(select(func.count()).select_from(LinkExclusion))
    assert f"共 <strong>{total}</strong> 条" in client.get("/analysis/exclusions").text
    found = rows_of(client.get("/analysis/exclusions?q=银行客服电话&export=xlsx").content)
    assert found[0][:3] == ("类型", "值或规则", "理由")
    assert [r[2] for r in found[1:]] == ["银行客服电话"]
