"""高危潜在受害人: the person's own bank account is personal data, masked on the page and in
the default export like their name and phone (found by a new user's break test)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from fanzha.linking import at_risk
from fanzha.masking import mask_bank_account
from tests.helpers import login
from tests.linking.test_linking import SYSTEM, T0, new_case
from tests.linking.test_workflows import MULE, Line, statement

pytestmark = pytest.mark.usefixtures("city")

PAYER = "6222600000000004321"


def test_the_at_risk_persons_account_is_masked_on_the_page_and_in_the_export(
    client, session: Session
):
    case = new_case(session, MULE)
    statement(
        session,
        case,
        [Line(MULE, T0 + timedelta(hours=1), 3_000_00, True, PAYER, "刘某某", "转账")],
    )
    assert at_risk.find_payers(session, SYSTEM) == 1
    session.flush()
    login(client, "analyst")
    page = client.get("/analysis/at-risk").text
    assert PAYER not in page
    assert mask_bank_account(PAYER) in page
    sheet = load_workbook(io.BytesIO(client.get("/analysis/at-risk?export=xlsx").content)).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row]
    assert PAYER not in cells
    assert mask_bank_account(PAYER) in cells
