"""The running balance as evidence: a row that does not move the balance is no movement, and
rows missing from a statement show as a gap on the import and on the account."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from fanzha.access import Principal
from fanzha.cases.schemas import CaseIn, TransferIn
from fanzha.cases.service import create_case
from fanzha.demo import statement_files as files
from fanzha.demo.statement_files import Line
from fanzha.fundflow.case_trace import trace_case
from fanzha.fundflow.models import StatementRow
from tests.fundflow.test_statements import imported, upload
from tests.helpers import login, unit_of

pytestmark = pytest.mark.usefixtures("city")

T0 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)  # 3 月 3 日 10:00 in 示例市
PAYER, MULE, NEXT, LAST = (
    "6222020200112233445",
    "6217001111222233334",
    "6228482222333344445",
    "6212263333444455556",
)
GAP = "流水不连续：3 月 3 日 10:05 至 10:40 之间缺少约 2,000.00 元的交易"


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


LINES = [
    Line(MULE, at(0), 50_000_00, True, PAYER, "周某", balance_fen=50_000_00, serial="S1"),
    # printed, never taken: the balance did not move
    Line(MULE, at(2), 2_00, False, "", "", "手续费", balance_fen=50_000_00, serial="S2"),
    Line(MULE, at(5), 10_000_00, False, NEXT, "赵某", balance_fen=40_000_00, serial="S3"),
    # 10:20 a 2,000.00 payment the bank left out: 40,000.00 → 38,000.00
    Line(MULE, at(40), 5_000_00, False, LAST, "钱某", balance_fen=33_000_00, serial="S5"),
]


def case_paying_the_mule(session):
    transfer = TransferIn(at=T0, amount_fen=50_000_00, payer_account=PAYER, receiving_account=MULE)
    data = CaseIn(victim_name="周某", story="冒充客服退款", transfers=[transfer])
    case = create_case(session, Principal.system(), data, unit_id=unit_of(session, "duty").id)
    session.flush()
    return case


@pytest.mark.parametrize("newest_first", [False, True])
def test_the_balance_decides_what_moved_and_where_rows_are_missing(client, session, newest_first):
    login(client, "duty")
    case = case_paying_the_mule(session)
    lines = LINES[::-1] if newest_first else LINES
    record = imported(
        session, upload(client, case, "流水.xlsx", files.bank_debit_credit_xlsx(lines))
    )
    assert (record.rows_imported, record.rows_duplicate) == (3, 0)
    page = client.get(f"/statements/{record.id}").text
    assert GAP in page
    amounts = session.scalars(
        select(StatementRow.amount_fen)
        .where(StatementRow.account == MULE)
        .order_by(StatementRow.at)
    ).all()
    assert amounts == [50_000_00, 10_000_00, 5_000_00]  # no 2.00 fee
    held = trace_case(session, case).trace.accounts[MULE].total("held")
    assert held == 35_000_00  # not 34,998.00
    card = client.get(f"/cases/{case.id}/fundflow/accounts/{MULE}").text
    assert GAP in card


def test_a_continuous_statement_shows_no_gap(client, session):
    login(client, "duty")
    case = case_paying_the_mule(session)
    whole = [
        *LINES[:3],
        Line(MULE, at(20), 2_000_00, False, "", "", "ATM取现", balance_fen=38_000_00, serial="S4"),
        LINES[3],
    ]
    record = imported(
        session, upload(client, case, "流水.xlsx", files.bank_debit_credit_xlsx(whole))
    )
    assert record.gaps == []
    assert "流水不连续" not in client.get(f"/statements/{record.id}").text
