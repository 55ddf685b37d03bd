"""Reasons of invisible characters are refused as empty on the pages that take them: 解除止付,
解冻, 撤销返还, 结案 without holds, a full export's reason, 合并团伙's 依据."""

from __future__ import annotations

import pytest

from fanzha.access import Principal
from fanzha.cases import freezes, returns
from fanzha.cases.schemas import FreezeIn
from fanzha.web import confirm
from tests.cases.test_money import LOCAL, fire, held_stop, report, stops
from tests.desk.test_confirm_and_history import close
from tests.helpers import audit_entries, csrf_token, login, post_form
from tests.linking.test_linking import account, gang_of, members, new_case

pytestmark = pytest.mark.usefixtures("city")
SYSTEM = Principal.system()
BLANK = "\u200b\u3000\u00a0\ufeff\u200b"


def test_money_reasons_of_invisible_characters_change_nothing(client, session):
    case = report(session)
    sp = held_stop(session, case)
    login(client, "station_a")
    release = fire(client, f"/cases/{case.id}/stop-payments/{sp.id}/release", {"reason": BLANK})
    assert release.status_code == 422 and "理由" in release.text
    assert stops(session, case)[LOCAL].status == "held"
    record = freezes.freeze(session, SYSTEM, stops(session, case)[LOCAL], FreezeIn())
    ret = returns.return_traceable(
        session, SYSTEM, record, returns.TraceableReturnIn(amount_fen=100_00)
    )
    session.flush()
    unfreeze = fire(
        client,
        f"/cases/{case.id}/freezes/{record.id}/unfreeze",
        {"reason": BLANK, "confirm": confirm.token("unfreeze", record)},
    )
    assert unfreeze.status_code == 422
    cancel = fire(client, f"/cases/{case.id}/returns/{ret.id}/cancel", {"reason": BLANK})
    assert cancel.status_code == 422
    session.expire_all()
    assert (record.status, ret.status) == ("active", ret.status)
    assert ret.note != BLANK


def test_a_closed_case_keeps_no_invisible_note(client, session):
    case = report(session)  # nothing held: 结案 needs no reason, and keeps no invisible one
    login(client, "station_a")
    assert close(client, case.id, confirmed="1", note=BLANK).status_code == 303
    session.refresh(case)
    assert case.status == "closed" and case.status_note != BLANK


def test_a_full_export_needs_a_visible_reason(client, session):
    login(client, "duty")
    refused = post_form(client, "/cases/returns.xlsx", {"reason": BLANK})
    assert refused.status_code == 422 and "理由" in refused.text
    assert not audit_entries(session, "pii.exported", target_type="fund_returns")


def test_a_gang_merge_needs_a_visible_reason(client, session):
    a, _b = new_case(session, account(710)), new_case(session, account(710))
    c, d = new_case(session, account(711)), new_case(session, account(711))
    session.flush()
    first, second = gang_of(session, a), gang_of(session, c)
    login(client, "analyst")
    page = client.get(f"/analysis/gangs/{first.id}").text
    token = page.split('name="confirm" value="', 1)[1].split('"', 1)[0]
    refused = client.post(
        f"/analysis/gangs/{first.id}/merge",
        data={
            "csrf_token": csrf_token(client),
            "other_id": second.id,
            "reason": BLANK,
            "confirm": token,
        },
    )
    assert refused.status_code == 422 and "合并依据" in refused.text
    assert members(session, gang_of(session, d)) == {c.id, d.id}
