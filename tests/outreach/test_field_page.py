"""The door-knock field page: the campaign picker, the page shell carrying what the phone
needs offline (roster, labels, where to sync), its service worker, and the one household a
visitor opens, revealed only to the team that holds its grid (audited)."""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers import audit_entries, csrf_token, login
from tests.outreach.field_world import build

pytestmark = pytest.mark.usefixtures("city")


@pytest.fixture
def world(session):
    return build(session)


def _kit(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="visit-kit">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))


def test_the_visitor_picks_the_running_campaign_and_gets_its_page(client, world):
    login(client, "dissuader_a")
    picker = client.get("/outreach/field")
    assert picker.status_code == 200
    assert f'href="/outreach/field/{world.campaign_id}"' in picker.text
    assert "百日敲门行动" in picker.text

    page = client.get(f"/outreach/field/{world.campaign_id}")
    assert page.status_code == 200
    kit = _kit(page.text)
    assert kit["sync"] == f"/outreach/campaigns/{world.campaign_id}/visits/sync"
    assert kit["walk_list"] == (
        f"/outreach/campaigns/{world.campaign_id}/walk-list.json?team={world.team_id}"
    )
    me = kit["roster"][0]
    assert me["me"] is True and me["staff_id"] == world.staff_id
    assert len(kit["roster"]) > 1  # the team's other members, to choose who was present
    assert [o["label"] for o in kit["outcomes"]] == ["已入户", "无人在家", "拒绝", "空置", "已搬离"]
    assert [f["label"] for f in kit["five_ones"]] == [
        "海报张贴",
        "问卷调查",
        "资料发放",
        "预警宣防",
        "意见建议",
    ]
    # Volunteers see the team's names masked (only their own in full).
    assert all("*" in m["name"] for m in kit["roster"][1:])


def test_a_visitor_with_no_team_in_the_campaign_gets_no_reveal(client, session, world):
    # The page offered 查看完整信息 and the route always answered 无权查看.
    from sqlalchemy import delete

    from fanzha.org.models import TeamMember

    session.execute(delete(TeamMember).where(TeamMember.staff_id == world.staff_id))
    session.commit()
    login(client, "dissuader_a")
    kit = _kit(client.get(f"/outreach/field/{world.campaign_id}").text)
    assert kit["reveal"] is None
    assert kit["walk_list"] == f"/outreach/campaigns/{world.campaign_id}/walk-list.json"
    login(client, "station_a")
    kit = _kit(client.get(f"/outreach/field/{world.campaign_id}").text)
    assert kit["reveal"].startswith(f"/outreach/field/{world.campaign_id}/households/")


def test_the_service_worker_covers_the_field_pages_and_loads_nothing_from_the_internet(
    client, world
):
    login(client, "dissuader_a")
    worker = client.get("/outreach/field/sw.js")
    assert worker.status_code == 200
    assert worker.headers["service-worker-allowed"] == "/outreach/field"
    assert worker.headers["content-type"].startswith("text/javascript")
    assert 'modulePathPrefix: "/static/vendor/workbox/"' in worker.text
    assert "self.__PRECACHE__" not in worker.text
    assert '"url": "/static/js/visit.js", "revision": "' in worker.text
    for url in re.findall(r'"url": "([^"]+)"', worker.text):
        assert client.get(url).status_code == 200, url


def test_the_team_reveals_the_household_it_opens_and_the_reveal_is_audited(client, session, world):
    login(client, "dissuader_a")
    household = world.household_ids["202"]
    url = f"/outreach/field/{world.campaign_id}/households/{household}/reveal"
    answer = client.post(url, headers={"X-CSRF-Token": csrf_token(client)})
    assert answer.status_code == 200
    assert answer.json() == {"name": "王秀兰", "phone": "+8613900001111"}
    [entry] = audit_entries(session, "pii.viewed", target_type="households")
    assert entry.target_id == str(household)


def test_a_household_of_a_grid_the_team_does_not_hold_is_not_revealed(client, session, world):
    login(client, "dissuader_a")
    url = f"/outreach/field/{world.campaign_id}/households/{world.elsewhere_id}/reveal"
    answer = client.post(url, headers={"X-CSRF-Token": csrf_token(client)})
    assert answer.status_code == 404
    assert audit_entries(session, "pii.viewed", target_type="households") == []


def test_the_page_carries_the_campaigns_questionnaire_without_its_answer_key(
    client, session, world
):
    from fanzha.outreach.models import Campaign
    from fanzha.questionnaires import service as questionnaires
    from tests.outreach.records import principal

    made = questionnaires.create_questionnaire(
        session,
        principal(session, "station_a"),
        title="入户走访问卷",
        purpose="door_knock",
        questions=[
            {
                "kind": "single",
                "title": "是否下载国家反诈中心APP",
                "required": True,
                "options": ["是", "否"],
                "correct": ["是"],
            },
            {"kind": "number", "title": "家中几人用手机支付", "min": 0, "max": 20},
        ],
    )
    session.get(Campaign, world.campaign_id).questionnaire_id = made.id
    session.flush()
    login(client, "dissuader_a")
    kit = _kit(client.get(f"/outreach/field/{world.campaign_id}").text)
    asked = kit["questionnaire"]
    assert asked["version_id"] == questionnaires.current_version(session, made.id).id
    assert [q["title"] for q in asked["questions"]] == [
        "是否下载国家反诈中心APP",
        "家中几人用手机支付",
    ]
    assert asked["questions"][0]["options"] == ["是", "否"]
    assert asked["questions"][1]["max"] == 20
    assert all("correct" not in q for q in asked["questions"])
