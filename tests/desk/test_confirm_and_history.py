"""结案 asks first and names what it leaves behind; with money still held it needs a reason.
Every record shows its history from the audit log."""

from __future__ import annotations

import re

import pytest

from tests.cases.test_money import fire, report
from tests.desk.records import receive
from tests.helpers import csrf_token, login

pytestmark = pytest.mark.usefixtures("city")


def close(client, case_id: int, **data):
    """结案 as the page does it: a confirmed post (confirmed="1") carries the `confirm` its
    confirmation page shows (fanzha.web.confirm) unless the test gives its own."""
    if data.get("confirmed") == "1" and "confirm" not in data:
        data["confirm"] = confirm_value(close(client, case_id, to=data.get("to", "closed")).text)
    return client.post(
        f"/cases/{case_id}/status",
        data={"to": "closed", "csrf_token": csrf_token(client), **data},
        follow_redirects=False,
    )


def confirm_value(page: str) -> str:
    """The `confirm` of a 结案 / 作废 confirmation page."""
    found = re.search(r'name="confirm" value="([0-9a-f]+)"', page)
    assert found, page
    return found.group(1)


def test_closing_a_case_with_open_stop_payments_names_them_and_needs_a_reason(client, session):
    case = report(session)
    login(client, "station_a")
    assert fire(client, f"/cases/{case.id}/stop-payments").status_code == 200
    asked = close(client, case.id)
    assert asked.status_code == 200
    assert "确认结案" in asked.text and "仍有 2 个止付待银行反馈" in asked.text
    session.refresh(case)
    assert case.status != "closed"  # asking is not doing
    refused = close(client, case.id, confirmed="1", note="  ")
    assert refused.status_code == 422
    assert "仍有 2 个止付待银行反馈，结案须填写说明" in refused.text
    session.refresh(case)
    assert case.status != "closed"
    done = close(client, case.id, confirmed="1", note="嫌疑人已抓获，款项另案处理")
    assert done.status_code == 303
    session.refresh(case)
    assert case.status == "closed"


def test_a_case_without_holds_closes_once_confirmed_without_a_reason(client, session):
    case = report(session)
    login(client, "station_a")
    assert "本案没有待反馈的止付" in close(client, case.id).text
    assert close(client, case.id, confirmed="1").status_code == 303
    page = client.get(f"/cases/{case.id}").text
    assert 'id="history"' in page and "案件状态变更" in page


def test_the_warning_page_shows_its_history(client, session):
    warning = receive(session, "station_a", person_name="欧阳春花")
    login(client, "station_a")
    client.post(
        f"/warnings/{warning.id}/sign",
        headers={"HX-Request": "true", "X-CSRF-Token": csrf_token(client)},
    )
    page = client.get(f"/warnings/{warning.id}").text
    history = page[page.index('id="history"') :]
    assert "签收预警" in history and "接收预警" in history


def test_a_viewer_who_may_not_see_people_gets_the_steps_without_their_summaries(session):
    from fanzha.audit import history
    from fanzha.auth.service import user_principal
    from tests.helpers import user

    warning = receive(session, "station_a", person_name="欧阳春花")
    targets = {"warnings": [warning.id]}
    officer = history.timeline(session, user_principal(user(session, "station_a")), targets)
    leader = history.timeline(session, user_principal(user(session, "branch_leader")), targets)
    assert [s.label for s in leader] == [s.label for s in officer] == ["接收预警"]
    assert officer[0].summary and leader[0].summary == ""
