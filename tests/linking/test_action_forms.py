"""Forms beside or below tables, never in their cells: a blocking request (封停申请) is
answered on its own page (facts, form, history from the audit log), and a gang's 误串并 is
asked in a panel below its reasons."""

from __future__ import annotations

import re

import pytest
from sqlalchemy.orm import Session

from fanzha.linking import blocking
from fanzha.linking.models import BlockStatus, BlockTarget
from tests.helpers import csrf_token, login
from tests.linking.test_linking import SYSTEM, account, gang_of, indicator, members, new_case

pytestmark = pytest.mark.usefixtures("city")


def test_a_block_request_is_answered_on_its_own_page_with_its_history(client, session: Session):
    case = new_case(session, account(530), phones=("13800005555",))
    phone = indicator(session, "phone", "+8613800005555")
    block = blocking.request_block(session, SYSTEM, phone, reason="诈骗电话", unit_id=case.unit_id)
    blocking.submit_batch(session, SYSTEM, BlockTarget.china_mobile)
    session.flush()
    login(client, "analyst")
    listing = client.get(f"/analysis/blocking?q={block.batch_no}").text
    row = listing.split(f'data-block="{block.id}"', 1)[1].split("</tr>", 1)[0]
    assert "<form" not in row and f'href="/analysis/blocking/{block.id}"' in row
    page = client.get(f"/analysis/blocking/{block.id}").text
    assert f"<title>封停申请 #{block.id}" in page and 'id="block-transition"' in page
    moved = client.post(
        f"/analysis/blocking/{block.id}/transition",
        data={"csrf_token": csrf_token(client), "to": "accepted", "note": "已受理"},
    )
    assert moved.status_code == 303
    assert moved.headers["location"] == f"/analysis/blocking/{block.id}"
    session.expire_all()
    assert block.status == BlockStatus.accepted
    after = client.get(f"/analysis/blocking/{block.id}").text
    history = after.split('id="history"', 1)[1]
    assert "申请封停" in history and "封停状态变更" in history
    assert "已受理" in after.split('id="history"', 1)[0]  # the answer among its facts
    # A refused move says why on the same page, nothing changes.
    refused = client.post(
        f"/analysis/blocking/{block.id}/transition",
        data={"csrf_token": csrf_token(client), "to": "lifted"},
        headers={"HX-Request": "true"},
    )
    assert refused.status_code == 409 and 'id="block"' in refused.text


def test_a_reader_without_blocking_work_sees_no_form(client, session: Session):
    case = new_case(session, account(531), phones=("13800006666",))
    phone = indicator(session, "phone", "+8613800006666")
    block = blocking.request_block(session, SYSTEM, phone, reason="诈骗电话", unit_id=case.unit_id)
    blocking.submit_batch(session, SYSTEM, BlockTarget.china_mobile)
    session.flush()
    login(client, "leader")
    page = client.get(f"/analysis/blocking/{block.id}")
    assert page.status_code == 200 and 'id="block-transition"' not in page.text


def test_a_gang_split_is_asked_below_the_reasons_not_in_a_table_cell(client, session: Session):
    shared, other = account(550), account(551)
    a = new_case(session, shared, other)
    b = new_case(session, shared)
    c = new_case(session, other)
    session.flush()
    gang = gang_of(session, a)
    assert gang is not None and members(session, gang) == {a.id, b.id, c.id}
    value = indicator(session, "account", shared)
    login(client, "analyst")
    page = client.get(f"/analysis/gangs/{gang.id}").text
    row = page.split(f'data-value="{shared}"', 1)[1].split("</tr>", 1)[0]
    assert "<form" not in row and f"?split={value.id}#split-panel" in row
    assert 'id="split-panel"' not in page
    panel = client.get(f"/analysis/gangs/{gang.id}?split={value.id}").text
    panel = panel.split('id="split-panel"', 1)[1].split("</form>", 1)[0]
    assert shared in panel and "串联了本团伙的 2 起案件" in panel and "确认排除" in panel
    token = re.search(r'name="confirm" value="([0-9a-f]+)"', panel)
    assert token, panel  # the panel's step carries its confirmation (fanzha.web.confirm)
    split = client.post(
        f"/analysis/gangs/{gang.id}/split",
        data={
            "csrf_token": csrf_token(client),
            "indicator_id": value.id,
            "reason": "公共账户",
            "confirm": token.group(1),
        },
    )
    assert split.status_code == 303
    session.expire_all()
    assert gang_of(session, b) is None or gang_of(session, b).id != gang_of(session, c).id
