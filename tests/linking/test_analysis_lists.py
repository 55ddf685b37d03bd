"""The indicators and the exclusion list are paged lists: every indicator is listed (not
only after a search), filtered in the URL, and the export is the filtered rows."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, insert, select

from fanzha.cases import service
from fanzha.cases.schemas import CaseIn
from fanzha.linking import exclusions, indicators
from fanzha.linking.models import CaseIndicator, Indicator, IndicatorKind, LinkExclusion
from tests.helpers import login, unit_of
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


def test_an_indicator_in_more_than_200_cases_pages_them_all(client, session):
    """The value's page once stopped at 200 cases; now every case is on some page."""
    phone = "13800005555"
    cases = [
        service.create_case(
            session,
            SYSTEM,
            CaseIn(victim_name="陈晓梅", story="刷单返利"),
            unit_id=unit_of(session, "duty").id,
        )
        for _ in range(205)
    ]
    session.flush()
    indicators.add_case_indicators(session, SYSTEM, cases[0], kind=IndicatorKind.phone, raw=phone)
    shown = session.scalars(select(Indicator).where(Indicator.value == "+86" + phone)).one()
    session.execute(
        insert(CaseIndicator),
        [
            {
                "case_id": c.id,
                "indicator_id": shown.id,
                "source": "manual",
                "seen_at": c.reported_at,
            }
            for c in cases[1:]
        ],
    )
    session.flush()
    login(client, "analyst")
    path = f"/analysis/indicators/{shown.id}"
    first = client.get(path, params={"size": "200"}).text
    second = client.get(path, params={"size": "200", "page": "2"}).text
    assert "共 205 起" in first and "共 <strong>205</strong> 条" in first
    listed = [re.findall(r'<a href="/cases/(\d+)">', p) for p in (first, second)]
    assert [len(ids) for ids in listed] == [200, 5]
    assert {int(i) for ids in listed for i in ids} == {c.id for c in cases}
