"""流水明细: a case's statement rows as one list, filtered by account and direction, sorted,
exported with the names masked."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from fanzha.demo import statement_files as files
from tests.fundflow.test_statements import (
    FIRST,
    FIRST_LINES,
    SECOND,
    SECOND_LINES,
    imported,
    report,
    upload,
)
from tests.helpers import login

pytestmark = pytest.mark.usefixtures("city")


def amounts(page: str) -> list[str]:
    return re.findall(r'<td class="num-cell">([\d,.]+)</td>', page)


def test_the_case_rows_filter_sort_and_export(client, session):
    login(client, "duty")
    case = report(session)
    imported(
        session, upload(client, case, "一级卡.xlsx", files.bank_debit_credit_xlsx(FIRST_LINES))
    )
    imported(session, upload(client, case, "二级卡.xls", files.bank_signed_xls(SECOND_LINES)))
    url = f"/cases/{case.id}/statement-rows"
    everything = client.get(url).text
    assert "共 <strong>5</strong> 条" in everything
    # An account number finds the rows of that account and those naming it as counterpart.
    second = client.get(url, params={"q": SECOND}).text
    assert "共 <strong>3</strong> 条" in second
    out = client.get(url, params={"q": FIRST, "direction": "out", "sort": "amount"}).text
    assert amounts(out)[:2] == ["5,000.00", "30,000.00"]
    sheet = client.get(url, params={"q": SECOND, "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert len(rows) == 4 and rows[0][0] == "交易时间"
    assert "李某" not in str(rows) and "李*" in str(rows)
