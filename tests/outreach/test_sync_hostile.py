"""Hostile sync items: text the database cannot hold, ids past bigint. Each one is refused as
an item (in Chinese) and never turns the whole request into a server error."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from fanzha.outreach import sync
from tests.helpers import csrf_token, login
from tests.outreach.records import add_households, grids_of, principal, running_campaign, visit

pytestmark = pytest.mark.usefixtures("city")

BEYOND_BIGINT = 2**63


@pytest.fixture
def station(session):
    return principal(session, "station_a")


@pytest.fixture
def homes(session, station):
    return add_households(session, grids_of(session, station)[0], 2)


@pytest.mark.parametrize(
    "bad",
    [
        {"suggestion_text": "意见\x00建议"},
        {"revisit_reason": "\x00"},
        {"household_id": BEYOND_BIGINT},
        {"photo_id": BEYOND_BIGINT},
        {"member_staff_ids": [BEYOND_BIGINT]},
        {"questionnaire_version_id": BEYOND_BIGINT},
        {"answers": {"q1": "\x00"}},
        {"visited_at": "9999-12-31T23:00:00+00:00"},
    ],
    ids=["nul-suggestion", "nul-reason", "huge-household", "huge-photo", "huge-member",
         "huge-version", "nul-answer", "year-9999"],
)  # fmt: skip
def test_a_hostile_item_is_refused_and_the_good_one_stored(session, station, homes, bad):
    campaign = running_campaign(session, station)
    answers = sync.sync_visits(
        session, station, campaign.id, [{**visit(homes[0]), **bad}, visit(homes[1])]
    )
    assert [a.status for a in answers] == ["refused", "created"]
    assert answers[0].message.startswith("走访数据不正确")


def test_an_item_that_is_not_an_object_is_refused_without_an_empty_field_name(session, station):
    campaign = running_campaign(session, station)
    [answer] = sync.sync_visits(session, station, campaign.id, [1])
    assert answer.status == "refused"
    assert answer.message.startswith("走访数据不正确：") and "：：" not in answer.message


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"visits": [', "请求体不是有效的JSON"),
        ('{"visits": 5}', "同步数据格式不正确"),
        ("[]", "同步数据格式不正确"),
    ],
    ids=["cut-off", "not-a-list", "not-an-object"],
)
def test_a_malformed_body_gets_a_json_error_in_chinese(client, session, station, body, message):
    campaign = running_campaign(session, station)
    login(client, "station_a")
    response = client.post(
        f"/outreach/campaigns/{campaign.id}/visits/sync",
        content=body,
        headers={"Content-Type": "application/json", "X-CSRF-Token": csrf_token(client)},
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/json")
    assert message in response.json()["message"]


# A value with a control character for each field, of the shape the field takes.
_CONTROL = "\x01"
_TAINTED = {
    "uuid": f"{_CONTROL}0000000-0000-4000-8000-000000000000",
    "household_id": f"1{_CONTROL}",
    "outcome": f"entered{_CONTROL}",
    "visited_at": f"2026-11-30T10:00:00+08:00{_CONTROL}",
    "member_staff_ids": [f"1{_CONTROL}"],
    "residents_reached": f"2{_CONTROL}",
    "five_ones": [f"poster{_CONTROL}"],
    "suggestion_text": f"意见{_CONTROL}",
    "questionnaire_version_id": f"1{_CONTROL}",
    "answers": {"q1": f"是{_CONTROL}"},
    "revisit_needed": f"true{_CONTROL}",
    "revisit_reason": f"不在{_CONTROL}",
    "photo_id": f"1{_CONTROL}",
}


def test_every_field_of_a_visit_refuses_a_control_character():
    """VisitIn checks only its free-text fields for control characters (the check of every
    field was a fifth of a sync's validation): every other field's own type must refuse one."""
    assert _TAINTED.keys() == sync.VisitIn.model_fields.keys()
    good = visit(1)
    sync.VisitIn.model_validate(good)
    for name, value in _TAINTED.items():
        checked = sync._validate({**good, name: value})
        assert isinstance(checked, str) and checked.startswith("走访数据不正确"), name


def test_a_uuid_in_capitals_is_the_same_visit_and_other_forms_are_refused(session, station, homes):
    campaign = running_campaign(session, station)
    item = visit(homes[0])
    first = sync.sync_visits(
        session, station, campaign.id, [{**item, "uuid": item["uuid"].upper()}]
    )
    again = sync.sync_visits(session, station, campaign.id, [item])
    assert [first[0].status, again[0].status] == ["created", "unchanged"]
    assert first[0].uuid == item["uuid"].upper()  # as sent: the phone finds its result
    for other in (
        item["uuid"].replace("-", ""),
        "{" + item["uuid"] + "}",
        "urn:uuid:" + item["uuid"],
    ):
        [answer] = sync.sync_visits(session, station, campaign.id, [{**item, "uuid": other}])
        assert answer.status == "refused" and answer.message.startswith("走访数据不正确")


def test_half_an_emoji_refuses_its_visit_alone(client, session, station, homes):
    """A lone surrogate ("\\ud83d", half of an emoji a phone keyboard cut) in an answer, an
    answer's key or the UUID: that visit is refused in Chinese, the good one is stored, and
    the answer (which echoes the UUID) is still JSON. It was a 500 for the whole queue."""
    campaign = running_campaign(session, station)
    session.commit()
    good = visit(homes[0])
    bad_answer = visit(homes[1])
    body = json.dumps({"visits": [good, bad_answer, bad_answer, visit(homes[1])]})
    # Each bad item written as JSON text: json.dumps cannot hold a lone surrogate itself.
    pieces = body.split(json.dumps(bad_answer))
    items = [
        json.dumps({**bad_answer, "answers": {"q1": "HALF"}}).replace("HALF", "ab\\ud83d"),
        json.dumps({**bad_answer, "uuid": "HALF", "answers": {"HALF": "是"}}).replace(
            "HALF", "\\ud83d"
        ),
    ]
    raw = pieces[0] + items[0] + pieces[1] + items[1] + pieces[2]
    login(client, "station_a")
    answer = client.post(
        f"/outreach/campaigns/{campaign.id}/visits/sync",
        content=raw.encode(),
        headers={"Content-Type": "application/json", "X-CSRF-Token": csrf_token(client)},
    )
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert [r["status"] for r in results] == ["created", "refused", "refused", "created"]
    assert "含有无效字符" in results[1]["message"] and results[2]["uuid"] == "?"


@pytest.mark.parametrize(
    "when",
    [
        "2026-10-31T12:00:00+08:00",  # the day before the campaign began
        (datetime.now(UTC) + timedelta(days=3)).isoformat(),  # a phone's clock ahead
        1733000000,  # a number, read as a Unix time: 2024-11-30
    ],
    ids=["before-start", "future", "unix-number"],
)
def test_a_visit_dated_by_a_wrong_clock_is_refused(session, station, homes, when):
    campaign = running_campaign(session, station)  # began 2026-11-01
    wrong, right = sync.sync_visits(
        session,
        station,
        campaign.id,
        [visit(homes[0], visited_at=when), visit(homes[1], visited_at="2026-11-01T00:30:00+08:00")],
    )
    assert (wrong.status, right.status) == ("refused", "created")
    assert "请检查手机时间" in wrong.message and "2026-11-01" in wrong.message


def test_a_refusal_names_the_field_and_the_choices_in_chinese():
    good = visit(1)
    assert sync._validate({**good, "outcome": "飞了"}) == (
        "走访数据不正确：走访结果：不在可选范围内，可选：已入户、无人在家、拒绝、空置、已搬离"
    )
    assert sync._validate({**good, "uuid": "x"}) == "走访数据不正确：走访编号：格式不正确"
