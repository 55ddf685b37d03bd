"""全省两卡复用 and 全省指标: the recurring job's accounts and holders and the KPI roll-ups, loaded
as Spark writes them and shown masked, with links only to the local cases a viewer may open."""

from __future__ import annotations

import json
import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import func, select

from fanzha.access import Principal
from fanzha.cases import service
from fanzha.cases.schemas import CaseIn
from fanzha.config import get_settings
from fanzha.i18n.province import KPI_LABELS
from fanzha.org.models import Unit, UnitKind
from fanzha.province import load
from fanzha.province.models import ProvinceRecurringHolder
from fanzha.rules import KPIS
from tests.helpers import login, unit_of
from tests.province.test_findings import _case_in, _write

pytestmark = pytest.mark.usefixtures("city")
HERE = get_settings().center_code
ACCOUNT = "6222021234567890123"
HOLDER_ID = "320102199001011234"
OTHER = "6214020000000000099"  # the holder's other account, named by other units' cases only


def _far_case(session):
    """A case of a station outside branch_leader's 分局."""
    branch = unit_of(session, "branch_leader").path
    unit = session.scalars(
        select(Unit).where(Unit.kind == UnitKind.station, ~Unit.path.startswith(branch))
    ).first()
    return service.create_case(
        session,
        Principal.system(),
        CaseIn(victim_name="李四", victim_phone="13900139000", fraud_type="investment"),
        unit_id=unit.id,
    )


def _results(tmp_path, session):
    mine, theirs, far = (
        _case_in(session, "station_a"),
        _case_in(session, "station_b"),
        _far_case(session),
    )
    session.flush()
    results = tmp_path / "results"
    cases = [f"{HERE}:{c.case_no}" for c in (mine, theirs, far)] + ["320500:SZ-0077"]
    _write(
        results,
        "recurring_accounts",
        [
            {
                "account": ACCOUNT,
                "case_count": 4,
                "city_count": 2,
                "cities": [HERE, "320500"],
                "cases": cases,
                "holder_name": "张三丰",
                "holder_id_number": HOLDER_ID,
            },
            {
                "account": "6214020000000000042",
                "case_count": 2,
                "city_count": 1,
                "cities": ["320200"],
                "cases": ["320200:WX-0001", "320200:WX-0002"],
                "holder_name": None,  # nobody named the holder
                "holder_id_number": None,
            },
        ],
        parts=1,
    )
    _write(
        results,
        "recurring_holders",
        [
            {
                "holder_name": "张三丰",
                "holder_id_number": HOLDER_ID,
                "account_count": 2,
                "case_count": 4,
                "city_count": 2,
                "accounts": [ACCOUNT, OTHER],
                "cities": [HERE, "320500"],
                "cases": cases,
                # ACCOUNT is named in every case; OTHER only in the far station's and the
                # other city's (a 分局 of this city sees ACCOUNT, OTHER only counted).
                "account_cases": sorted(
                    [f"{ACCOUNT}|{key}" for key in cases]
                    + [f"{OTHER}|{key}" for key in (cases[2], cases[3])]
                ),
            }
        ],
        parts=1,
    )
    return results, mine, theirs, far


def _table(page: str, table_id: str) -> str:
    return re.search(rf'<table id="{table_id}"[^>]*>.*?</table>', page, re.S).group(0)


def test_recurring_accounts_are_masked_and_link_only_openable_cases(client, session, tmp_path):
    results, mine, theirs, far = _results(tmp_path, session)
    assert load.load(session, results) == {"recurring_accounts": 2, "recurring_holders": 1}
    login(client, "analyst")
    page = client.get("/analysis/province/recurring")
    assert page.status_code == 200
    table = _table(page.text, "province-recurring")
    assert ACCOUNT not in page.text and HOLDER_ID not in page.text and "张三丰" not in page.text
    assert "6222 **** **** **** 0123" in table and "3201**********1234" in table
    assert "张*丰" in table
    assert f'<a href="/cases/{mine.id}">{mine.case_no}</a>' in table
    assert "SZ-0077" in table and "WX-0002" in table
    # The center sees every local case: all linked, the other cities' as text only.
    assert sorted(re.findall(r'href="/cases/(\d+)"', table)) == sorted(
        str(c.id) for c in (mine, theirs, far)
    )

    login(client, "branch_leader")  # a 分局 opens only its own stations' cases
    scoped = _table(client.get("/analysis/province/recurring").text, "province-recurring")
    assert set(re.findall(r'href="/cases/(\d+)"', scoped)) == {str(mine.id), str(theirs.id)}
    assert far.case_no not in scoped and "另有 1 起其他单位案件" in scoped  # counted, not named


def test_recurring_holders_show_masked_with_their_accounts(client, session, tmp_path):
    results, mine, _, _ = _results(tmp_path, session)
    load.load(session, results)
    login(client, "analyst")
    page = client.get("/analysis/province/recurring?who=holders").text
    table = _table(page, "province-recurring")
    assert "张*丰" in table and "3201**********1234" in table and HOLDER_ID not in page
    assert "6222 **** **** **** 0123" in table and "6214 **** **** **** 0099" in table
    assert f'href="/cases/{mine.id}"' in table
    # The city filter keeps the holders touching that city.
    assert "暂无" in _table(
        client.get("/analysis/province/recurring?who=holders&q=320200").text, "province-recurring"
    )


def test_loading_again_keeps_one_copy_of_the_holders(session, tmp_path):
    results, _, _, _ = _results(tmp_path, session)
    load.load(session, results)
    load.load(session, results)
    assert session.scalar(select(func.count()).select_from(ProvinceRecurringHolder)) == 1


def _kpi(city: str, day: date, unit: int, kpi: str, value: int) -> dict:
    return {"city": city, "day": day, "unit_id": unit, "unit_name": "", "kpi": kpi, "value": value}


def test_kpis_by_city_and_month_count_each_case_once(client, session, tmp_path):
    results = tmp_path / "results"
    rows = []
    # City 320500: bureau 1 above station 2; each case counts for both, the city once.
    for day, cases, loss in ((date(2026, 9, 3), 2, 150_000), (date(2026, 9, 20), 1, 50_000)):
        for unit, share in ((1, 1), (2, 1)):
            rows += [
                _kpi("320500", day, unit, "cases", cases * share),
                _kpi("320500", day, unit, "loss_fen", loss * share),
            ]
    rows += [_kpi("320500", date(2026, 10, 1), 1, "cases", 4)]
    rows += [_kpi(HERE, date(2026, 9, 5), 9, "cases", 7)]
    _write(results, "kpis", rows)
    load.load(session, results)
    login(client, "leader")
    page = client.get("/analysis/province/kpis?kpi=loss_fen")
    assert page.status_code == 200
    table = _table(page.text, "province-kpis")
    got = {
        (m, c): [
            unescape(re.sub(r"<.*?>", "", td)) for td in re.findall(r"<td[^>]*>(.*?)</td>", row)
        ]
        for m, c, row in re.findall(
            r'<tr data-month="([\d-]+)" data-city="(\d+)">(.*?)</tr>', table, re.S
        )
    }
    assert list(got) == [("2026-10", "320500"), ("2026-09", HERE), ("2026-09", "320500")]
    assert got[("2026-09", "320500")][2:4] == ["3", "2,000.00"]  # 2 + 1 cases, 1,500 + 500 元
    assert got[("2026-10", "320500")][2:4] == ["4", "0.00"]
    assert got[("2026-09", HERE)][1] == f"{HERE}（本市）"
    assert all(KPI_LABELS[k] in table for k in KPIS)
    chart = json.loads(
        unescape(re.search(r"data-chart='(.*?)'", page.text).group(1))
    )  # the chosen KPI, yuan, one line per city
    assert chart["labels"] == ["2026-09", "2026-10"]
    assert {s["name"]: s["values"] for s in chart["series"]} == {
        HERE: [0, 0],
        "320500": [2000.0, 0],
    }
    assert "/static/vendor/echarts/echarts.min.js" in page.text


def test_pages_say_in_chinese_when_nothing_is_loaded(client):
    login(client, "analyst")
    for url in ("/analysis/province/recurring", "/analysis/province/kpis"):
        page = client.get(url).text
        assert "尚未载入全省研判结果" in page and "暂无" in page
        assert "province-kpi-chart" not in page
