"""The analysis rule (docs/access-scope.md) on the province findings: the center sees the
city's findings; a 分局 or station only the gangs, recurring accounts and holders, and 快进快出
accounts that touch a case (or, for accounts, a statement) of its own, with its own cases
listed and every other case (another unit's or another city's) counted, never named."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from fanzha import clock
from fanzha.config import get_settings
from fanzha.fundflow.models import ImportStatus, StatementImport, StatementRow
from fanzha.i18n.province import PAGE
from fanzha.linking import links
from fanzha.linking.models import IndicatorKind, IndicatorSource
from fanzha.province import load
from fanzha.province.models import ProvinceRecurringHolder
from tests.helpers import login
from tests.province import test_findings as gangs_world
from tests.province import test_recurring_pages as recurring_world

pytestmark = pytest.mark.usefixtures("city")
HERE = get_settings().center_code
OTHERS = "另有 {n} 起其他单位案件"
LONE = "6214020000000000042"  # the recurring account of city 320200 alone


def _row(page: str, table: str, pattern: str) -> list[str]:
    body = re.search(rf'<table id="{table}"[^>]*>.*?</table>', page, re.S).group(0)
    return re.findall(pattern, body, re.S)


def _statement(session, case, account: str) -> None:
    record = StatementImport(
        case_id=case.id, filename="流水.csv", content=b"", sha256="0" * 64, size=0,
        status=ImportStatus.done,
    )  # fmt: skip
    session.add(record)
    session.flush()  # the row needs the import's id
    session.add(
        StatementRow(
            import_id=record.id, source_row=2, account=account, at=clock.now(),
            amount_fen=100_00, direction="in", kind="transfer", fingerprint=b"\x01" * 16,
        )
    )  # fmt: skip
    session.flush()


def test_a_station_sees_its_own_case_of_a_gang_and_the_others_counted(client, session, tmp_path):
    results, mine, theirs = gangs_world._results(tmp_path, session)
    load.load(session, results)
    login(client, "station_a")
    page = client.get("/analysis/province").text
    [gang] = _row(page, "province-gangs", r'<tr data-gang="1">(.*?)</tr>')
    assert f'<a href="/cases/{mine.id}">{mine.case_no}</a>' in gang
    # station_b's case and the other city's are counted per city, not named.
    assert theirs.case_no not in gang.replace(mine.case_no, "") and "SZ-0077" not in gang
    assert f"{HERE}（本市）</strong>（1 起）" in gang
    assert gang.count(OTHERS.format(n=1)) == 2 and OTHERS.format(n=2) in gang  # 2 in total
    assert re.findall(r'href="/cases/(\d+)"', page) == [str(mine.id)]


def test_the_center_still_names_every_case(client, session, tmp_path):
    results, _, theirs = gangs_world._results(tmp_path, session)
    load.load(session, results)
    login(client, "analyst")
    [gang] = _row(
        client.get("/analysis/province").text, "province-gangs", r'<tr data-gang="1">(.*?)</tr>'
    )
    assert theirs.case_no in gang and "SZ-0077" in gang and "其他单位" not in gang


def test_a_branch_sees_recurring_accounts_of_its_cases_the_rest_counted(client, session, tmp_path):
    results, mine, theirs, far = recurring_world._results(tmp_path, session)
    load.load(session, results)
    login(client, "branch_leader")
    page = client.get("/analysis/province/recurring").text
    rows = _row(page, "province-recurring", r'<tr class="recurring">(.*?)</tr>')
    assert len(rows) == 1  # the 320200-only account touches nothing of this 分局
    [row] = rows
    assert set(re.findall(r'href="/cases/(\d+)"', row)) == {str(mine.id), str(theirs.id)}
    assert far.case_no not in row and "SZ-0077" not in row
    assert row.count(OTHERS.format(n=1)) == 2  # the far station's case, the other city's
    holders = client.get("/analysis/province/recurring?who=holders").text
    [holder] = _row(holders, "province-recurring", r'<tr class="recurring">(.*?)</tr>')
    assert far.case_no not in holder and "SZ-0077" not in holder
    assert holder.count(OTHERS.format(n=1)) == 2


def test_a_branch_sees_only_the_holders_accounts_its_cases_name(client, session, tmp_path):
    results, _, _, _ = recurring_world._results(tmp_path, session)
    load.load(session, results)
    login(client, "branch_leader")
    page = client.get("/analysis/province/recurring?who=holders").text
    [holder] = _row(page, "province-recurring", r'<tr class="recurring">(.*?)</tr>')
    # The account its own case names is listed; the one only the far station's case and the
    # other city's name is counted, not shown.
    assert "6222 **** **** **** 0123" in holder
    assert "0099" not in holder
    assert PAGE["other_accounts"].format(n=1) in holder
    login(client, "analyst")  # the center sees every account
    page = client.get("/analysis/province/recurring?who=holders").text
    [holder] = _row(page, "province-recurring", r'<tr class="recurring">(.*?)</tr>')
    assert "6222 **** **** **** 0123" in holder and "6214 **** **** **** 0099" in holder
    assert "其他单位案件涉及的账户" not in holder


def test_an_account_its_own_statements_show_is_listed_under_the_holder(client, session, tmp_path):
    results, mine, _, _ = recurring_world._results(tmp_path, session)
    load.load(session, results)
    _statement(session, mine, recurring_world.OTHER)
    login(client, "branch_leader")
    page = client.get("/analysis/province/recurring?who=holders").text
    [holder] = _row(page, "province-recurring", r'<tr class="recurring">(.*?)</tr>')
    assert "6214 **** **** **** 0099" in holder and "其他单位案件涉及的账户" not in holder


def test_holders_loaded_before_account_cases_show_a_branch_only_what_it_has(
    client, session, tmp_path
):
    """A run loaded before migration 0043 has no account_cases: a 分局 is shown only the
    holder's accounts its own cases or statements show here, the rest counted."""
    results, mine, _, _ = recurring_world._results(tmp_path, session)
    load.load(session, results)
    session.execute(update(ProvinceRecurringHolder).values(account_cases=[]))
    session.flush()
    login(client, "branch_leader")
    page = client.get("/analysis/province/recurring?who=holders").text
    [holder] = _row(page, "province-recurring", r'<tr class="recurring">(.*?)</tr>')
    assert "0123" not in holder and "0099" not in holder
    assert PAGE["other_accounts"].format(n=2) in holder
    _statement(session, mine, recurring_world.ACCOUNT)
    page = client.get("/analysis/province/recurring?who=holders").text
    [holder] = _row(page, "province-recurring", r'<tr class="recurring">(.*?)</tr>')
    assert "6222 **** **** **** 0123" in holder and "0099" not in holder
    assert PAGE["other_accounts"].format(n=1) in holder


def test_a_branch_sees_an_account_its_own_statements_show(client, session, tmp_path):
    results, mine, _, _ = recurring_world._results(tmp_path, session)
    load.load(session, results)
    _statement(session, mine, LONE)
    login(client, "branch_leader")
    page = client.get("/analysis/province/recurring").text
    rows = _row(page, "province-recurring", r'<tr class="recurring">(.*?)</tr>')
    assert len(rows) == 2
    lone = next(r for r in rows if "6214 **** **** **** 0042" in r)
    assert "WX-0001" not in lone and OTHERS.format(n=2) in lone


def test_a_branch_sees_the_province_mules_its_own_cases_name(client, session, tmp_path):
    results, mine, _ = gangs_world._results(tmp_path, session)
    load.load(session, results)
    login(client, "branch_leader")
    empty = client.get("/analysis/province/mules").text
    assert "暂无" in _row(empty, "province-mules", r"<tbody>(.*?)</tbody>")[0]
    links.attach(
        session,
        mine.id,
        [(IndicatorKind.account, gangs_world.ACCOUNT)],
        source=IndicatorSource.manual,
        seen_at=clock.now(),
    )
    session.flush()
    page = client.get("/analysis/province/mules").text
    assert "6222 **** **** **** 0123" in _row(page, "province-mules", r"<tbody>(.*?)</tbody>")[0]
    login(client, "analyst")  # the center sees it whoever names it
    assert "6222 **** **** **** 0123" in client.get("/analysis/province/mules").text
