"""The dissuader's phone page: three tabs, cards that say what and how much, the way back."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.warnings.models import DoorVisitTask
from tests.helpers import csrf_token, login
from tests.warnings.test_ladder import htmx, receive

pytestmark = pytest.mark.usefixtures("city")


def _door_visit(client, session: Session, **overrides) -> tuple:
    warning = receive(session, amount_fen=4_700_000, fraud_type="investment", **overrides)
    login(client, "station_a")
    client.post(f"/warnings/{warning.id}/door-visit", headers=htmx(client))
    client.cookies.clear()
    task = session.scalar(select(DoorVisitTask).where(DoorVisitTask.warning_id == warning.id))
    return warning, task


def _card(page: str, task_id: int) -> str:
    return re.search(rf'<article[^>]*data-task="{task_id}".*?</article>', page, re.S).group(0)


def test_a_visit_moves_from_claimable_to_mine_to_done_and_stays_visible(client, session):
    warning, task = _door_visit(client, session)
    login(client, "dissuader_a")
    open_tab = client.get("/field?tab=open").text
    card = _card(open_tab, task.id)
    # What the dissuader decides by: the fraud type, the money at risk, how long ago.
    assert "投资理财" in card and "47,000.00 元" in card and "已过" in card
    assert warning.person_phone not in card and "3栋2单元501" not in card  # masked until claimed
    assert f'data-task="{task.id}"' not in client.get("/field").text  # not mine yet

    claimed = client.post(
        f"/warnings/tasks/{task.id}/claim", data={"csrf_token": csrf_token(client)}
    )
    # After the claim: on to the visit, with the way back to 我的任务.
    assert claimed.status_code == 303
    assert claimed.headers["location"] == f"/warnings/{warning.id}?from=field"
    visit = client.get(claimed.headers["location"]).text
    assert 'id="back-to-field" href="/field"' in visit and "返回我的任务" in visit
    # Face to face is the contact of a door visit, not a 96110 call.
    assert re.search(r'value="door_visit"\s+checked', visit)
    assert not re.search(r'value="call_96110"\s+checked', visit)
    assert "📞" not in visit and "<svg" in visit  # an icon Debian's fonts can draw
    mine = client.get("/field").text
    assert f'data-task="{task.id}"' in mine and 'aria-current="page">我的任务' in mine

    saved = client.post(
        f"/warnings/{warning.id}/attempts",
        headers=htmx(client),
        data={"kind": "door_visit", "result": "reached", "note": "本人在家，已讲清骗局"},
    )
    assert "已保存" in saved.text and "本人在家，已讲清骗局" in saved.text
    closed = client.post(
        f"/warnings/{warning.id}/outcome",
        headers=htmx(client),
        data={"outcome": "dissuaded", "protected_yuan": "4.7万", "note": "已劝阻停止转账"},
    )
    assert "已反馈" in closed.text and "已劝阻停止转账" in closed.text

    assert f'data-task="{task.id}"' not in client.get("/field").text
    done = _card(client.get("/field?tab=done").text, task.id)
    assert "已劝阻" in done and "挽回 47,000.00 元" in done
    assert f'href="/warnings/{warning.id}?from=field"' in done


def test_from_the_desk_the_default_contact_stays_a_96110_call(client, session):
    warning = receive(session)
    login(client, "station_a")
    page = client.get(f"/warnings/{warning.id}").text
    assert re.search(r'value="call_96110"\s+checked', page)
    assert "返回我的任务" not in page  # not reached from the phone page


def test_an_unknown_tab_shows_my_tasks(client, session):
    login(client, "dissuader_a")
    page = client.get("/field?tab=nonsense").text
    assert 'aria-current="page">我的任务' in page
