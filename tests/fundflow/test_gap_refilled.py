"""A gap found in a statement is closed once the bank's complete statement is imported: the
account page kept saying rows were missing after they had arrived."""

from __future__ import annotations

import pytest

from fanzha.demo import statement_files as files
from fanzha.demo.statement_files import Line
from tests.fundflow.test_continuity import GAP, LINES, MULE, at, case_paying_the_mule
from tests.fundflow.test_statements import imported, upload
from tests.helpers import login

pytestmark = pytest.mark.usefixtures("city")


def test_the_complete_statement_closes_the_gap_on_the_account(client, session):
    login(client, "duty")
    case = case_paying_the_mule(session)
    imported(session, upload(client, case, "1.xlsx", files.bank_debit_credit_xlsx(LINES)))
    card = f"/cases/{case.id}/fundflow/accounts/{MULE}"
    assert GAP in client.get(card).text
    whole = [
        *LINES[:3],
        Line(MULE, at(20), 2_000_00, False, "", "", "ATM取现", balance_fen=38_000_00, serial="S4"),
        LINES[3],
    ]
    again = imported(session, upload(client, case, "2.xlsx", files.bank_debit_credit_xlsx(whole)))
    assert (again.rows_imported, again.rows_duplicate, again.gaps) == (1, 3, [])
    assert "流水不连续" not in client.get(card).text


def test_a_refill_that_explains_only_part_keeps_the_gap(client, session):
    login(client, "duty")
    case = case_paying_the_mule(session)
    imported(session, upload(client, case, "1.xlsx", files.bank_debit_credit_xlsx(LINES)))
    part = [
        Line(MULE, at(20), 500_00, False, "", "", "ATM取现", balance_fen=39_500_00, serial="S4a"),
    ]
    imported(session, upload(client, case, "2.xlsx", files.bank_debit_credit_xlsx(part)))
    assert GAP in client.get(f"/cases/{case.id}/fundflow/accounts/{MULE}").text
