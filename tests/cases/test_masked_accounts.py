"""Account numbers are masked by default where a desk officer lists them: the 止付冻结时限
board and its export, the 返还台账 page and its masked export, a case's 转账记录. Roles that
may unmask see them in full on purpose (the board's 显示完整账号, the case's 显示完整信息, the
register's export with a reason), each time written to the audit log."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from fanzha.access import Principal
from fanzha.cases import freezes, returns
from fanzha.cases.schemas import FreezeIn
from fanzha.masking import mask_bank_account
from tests.cases.test_money import LOCAL, PAYER, XINING, held_stop, report, stops
from tests.helpers import audit_entries, csrf_token, login, post_form

pytestmark = pytest.mark.usefixtures("city")
SYSTEM = Principal.system()


def cells(content: bytes) -> str:
    sheet = load_workbook(BytesIO(content)).active
    return " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)


def test_the_deadlines_board_masks_accounts_unless_an_unmasker_asks(client, session):
    case = report(session)
    held_stop(session, case)
    session.flush()
    login(client, "leader")  # reads cases, may not unmask
    board = client.get("/cases/deadlines?section=assists&size=200").text
    assert case.case_no in board and mask_bank_account(XINING) in board
    assert XINING not in board and 'id="show-accounts"' not in board
    # The URL's accounts=full does nothing for a role that may not unmask.
    assert XINING not in client.get("/cases/deadlines?section=assists&accounts=full").text
    assert not audit_entries(session, "pii.viewed", target_type="deadlines")
    export = client.get(f"/cases/deadlines?section=assists&q={case.case_no}&export=xlsx")
    assert XINING not in cells(export.content) and mask_bank_account(XINING) in cells(
        export.content
    )

    login(client, "duty")
    board = client.get("/cases/deadlines?section=assists&size=200").text
    assert XINING not in board and 'id="show-accounts"' in board
    full = client.get(f"/cases/deadlines?section=assists&accounts=full&q={case.case_no}").text
    assert XINING in full and 'id="mask-accounts"' in full
    [entry] = audit_entries(session, "pii.viewed", target_type="deadlines")
    assert entry.detail["section"] == "assists" and entry.detail["rows"] == 1
    # Paging keeps the choice; the export stays masked.
    assert "accounts=full" in full.split('id="tab-freezes_due"', 1)[0].rsplit("href=", 1)[1]
    export = client.get(
        f"/cases/deadlines?section=assists&accounts=full&q={case.case_no}&export=xlsx"
    )
    assert XINING not in cells(export.content)


def test_the_return_register_masks_the_source_account(client, session):
    case = report(session)
    sp = held_stop(session, case)
    record = freezes.freeze(session, SYSTEM, stops(session, case)[LOCAL], FreezeIn())
    returns.return_traceable(session, SYSTEM, record, returns.TraceableReturnIn(amount_fen=10_000))
    session.flush()
    assert sp.account == LOCAL
    login(client, "duty")
    page = client.get(f"/cases/returns?q={case.case_no}").text
    assert case.case_no in page and LOCAL not in page and mask_bank_account(LOCAL) in page
    masked = cells(client.get("/cases/returns.xlsx").content)
    assert LOCAL not in masked and mask_bank_account(LOCAL) in masked
    listed = cells(client.get("/cases/returns?export=xlsx").content)
    assert LOCAL not in listed and mask_bank_account(LOCAL) in listed
    full = post_form(client, "/cases/returns.xlsx", {"reason": "核对返还账户"})
    assert full.status_code == 200 and LOCAL in cells(full.content)
    assert audit_entries(session, "pii.exported", target_type="fund_returns")


def test_a_case_shows_its_transfers_masked_until_revealed(client, session):
    case = report(session)
    login(client, "station_a")
    page = client.get(f"/cases/{case.id}").text
    table = page.split('id="transfers"', 1)[1].split("</table>", 1)[0]
    assert PAYER not in table and LOCAL not in table and XINING not in table
    assert mask_bank_account(LOCAL) in table and mask_bank_account(PAYER) in table
    shown = client.post(f"/cases/{case.id}/reveal", headers={"X-CSRF-Token": csrf_token(client)})
    assert shown.status_code == 200
    table = shown.text.split('id="transfers-box"', 1)[1]
    assert 'hx-swap-oob="true"' in table[:40] and LOCAL in table and PAYER in table
    assert audit_entries(session, "pii.viewed", target_type="cases", target_id=str(case.id))
    login(client, "leader")  # may read the case, not unmask it
    page = client.get(f"/cases/{case.id}").text
    assert LOCAL not in page.split('id="transfers"', 1)[1].split("</table>", 1)[0]
