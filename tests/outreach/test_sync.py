"""The visit sync: idempotent by the phone's UUID, refusals per item in Chinese, both visits
kept when two teams knock on one door."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from fanzha.outreach import households, service, sync
from fanzha.outreach.models import HouseholdState, Visit
from tests.helpers import audit_entries
from tests.outreach.records import (
    add_households,
    grids_of,
    later,
    principal,
    running_campaign,
    visit,
)

pytestmark = pytest.mark.usefixtures("city")


@pytest.fixture
def station(session):
    return principal(session, "station_a")


@pytest.fixture
def homes(session, station):
    return add_households(session, grids_of(session, station)[0], 5)


def _visits(session, campaign) -> int:
    return session.scalar(select(func.count()).where(Visit.campaign_id == campaign.id))


def test_a_resent_visit_is_stored_once_and_answers_unchanged(session, station, homes):
    campaign = running_campaign(session, station)
    item = visit(homes[0])
    [first] = sync.sync_visits(session, station, campaign.id, [item])
    [again] = sync.sync_visits(session, station, campaign.id, [item])
    assert (first.status, again.status) == ("created", "unchanged")
    assert again.message == "已同步过，未重复记录"
    assert _visits(session, campaign) == 1
    assert len(audit_entries(session, "outreach.visits.synced", target_id=str(campaign.id))) == 1


def test_a_queue_resent_with_new_visits_added_stores_only_the_new_ones(session, station, homes):
    # The phone lost the answer, queued two more visits and sends all three: the stored one
    # answers unchanged, the new ones go in, and the household figures count each visit once.
    campaign = running_campaign(session, station)
    first = visit(homes[0])
    sync.sync_visits(session, station, campaign.id, [first])
    queue = [first, visit(homes[1]), visit(homes[0], visited_at=later(30))]
    answers = sync.sync_visits(session, station, campaign.id, queue)
    assert [a.status for a in answers] == ["unchanged", "created", "created"]
    assert _visits(session, campaign) == 3
    state = session.get(HouseholdState, (campaign.id, homes[0]))
    assert state.visits == 2


def test_the_same_uuid_with_other_content_is_refused_and_the_first_stands(session, station, homes):
    campaign = running_campaign(session, station)
    item = visit(homes[0])
    sync.sync_visits(session, station, campaign.id, [item])
    [answer] = sync.sync_visits(session, station, campaign.id, [{**item, "outcome": "refused"}])
    assert answer.status == "refused" and "不同内容" in answer.message
    assert session.scalar(select(Visit.outcome).where(Visit.campaign_id == campaign.id)) == (
        "entered"
    )


def test_a_uuid_twice_in_one_queue_is_stored_once(session, station, homes):
    # The phone's queue may hold a visit twice (a retry queued before the answer came back):
    # the second is the same visit; the same UUID with other content is refused.
    campaign = running_campaign(session, station)
    item = visit(homes[0])
    answers = sync.sync_visits(
        session, station, campaign.id, [item, item, {**item, "outcome": "refused"}]
    )
    assert [a.status for a in answers] == ["created", "unchanged", "refused"]
    assert "不同内容" in answers[2].message
    assert _visits(session, campaign) == 1


def test_a_stored_visit_resent_after_its_household_was_deleted_answers_unchanged(
    session, station, homes
):
    # The phone never got the first answer; the visit is stored, so the re-send is not refused.
    campaign = running_campaign(session, station)
    item = visit(homes[0])
    sync.sync_visits(session, station, campaign.id, [item])
    households.delete_household(session, station, homes[0])
    [again] = sync.sync_visits(session, station, campaign.id, [item])
    assert again.status == "unchanged"
    [other] = sync.sync_visits(session, station, campaign.id, [{**item, "residents_reached": 3}])
    assert other.status == "refused" and "不同内容" in other.message
    assert _visits(session, campaign) == 1


def test_a_deleted_household_is_refused_in_chinese_and_the_others_are_stored(
    session, station, homes
):
    campaign = running_campaign(session, station)
    households.delete_household(session, station, homes[1])
    answers = sync.sync_visits(
        session,
        station,
        campaign.id,
        [visit(homes[0]), visit(homes[1]), {"uuid": "x", "outcome": "飞了"}, visit(homes[2])],
    )
    assert [a.status for a in answers] == ["created", "refused", "refused", "created"]
    assert answers[1].message == "该住户已从底册删除，走访未记录"
    assert answers[2].message.startswith("走访数据不正确")
    assert _visits(session, campaign) == 2


def test_two_teams_visiting_one_household_keep_both_and_the_latest_is_its_status(
    session, station, homes
):
    campaign = running_campaign(session, station)
    late = visit(homes[0], outcome="nobody_home", visited_at=later(90), revisit_needed=True)
    early = visit(homes[0], outcome="entered", visited_at=later(0))
    # The later visit arrives first (the other phone was offline longer).
    sync.sync_visits(session, station, campaign.id, [late])
    sync.sync_visits(session, station, campaign.id, [early])
    assert _visits(session, campaign) == 2
    state = session.get(HouseholdState, (campaign.id, homes[0]))
    assert state.latest_outcome == "nobody_home" and state.revisit_pending
    assert state.entered_on is not None and state.visits == 2


def test_a_draft_campaign_takes_no_visits(session, station, homes):
    campaign = service.create_campaign(
        session,
        station,
        service.CampaignIn(
            name="草稿行动",
            starts_on=date(2026, 12, 1),
            ends_on=date(2026, 12, 31),
            unit_ids=[station.unit_id],
        ),
    )
    [answer] = sync.sync_visits(session, station, campaign.id, [visit(homes[0])])
    assert answer.status == "refused" and answer.message == "专项行动未在进行中，走访未记录"


def test_a_household_of_another_station_is_refused(session, station):
    other = principal(session, "station_b")
    theirs = add_households(session, grids_of(session, other)[0], 1)
    campaign = running_campaign(session, station)
    [answer] = sync.sync_visits(session, station, campaign.id, [visit(theirs[0])])
    assert answer.status == "refused"
    assert answer.message == "住户不存在或不在本专项行动范围内"


def test_answers_are_stored_under_their_version_and_a_bad_answer_refuses_its_visit(
    session, station, homes
):
    from fanzha.questionnaires import service as questionnaires
    from fanzha.questionnaires.models import QuestionnaireResponse

    form = questionnaires.create_questionnaire(
        session,
        station,
        title="入户问卷",
        purpose="door_knock",
        questions=[{"kind": "single", "title": "是否接到过诈骗电话", "options": ["是", "否"]}],
    )
    version = questionnaires.current_version(session, form.id)
    campaign = running_campaign(session, station, questionnaire_id=form.id)
    good = visit(homes[0], questionnaire_version_id=version.id, answers={"q1": "是"})
    bad = visit(homes[1], questionnaire_version_id=version.id, answers={"q1": "也许"})
    answers = sync.sync_visits(session, station, campaign.id, [good, bad])
    assert [a.status for a in answers] == ["created", "refused"]
    assert answers[1].message.startswith("问卷答案不正确：第1题")
    stored = session.scalar(select(Visit).where(Visit.uuid == good["uuid"]))
    response = session.get(QuestionnaireResponse, stored.questionnaire_response_id)
    assert response.version_id == version.id and response.answers == {"q1": "是"}
    assert response.source_ref == good["uuid"]


def test_answers_to_a_questionnaire_the_campaign_does_not_ask_are_refused(session, station, homes):
    # Any version id used to be taken: a visit could file answers under the training quiz.
    from fanzha.questionnaires import service as questionnaires
    from fanzha.questionnaires.models import QuestionnaireResponse

    def form(title: str) -> int:
        made = questionnaires.create_questionnaire(
            session,
            station,
            title=title,
            purpose="door_knock",
            questions=[{"kind": "single", "title": "是否接到过诈骗电话", "options": ["是", "否"]}],
        )
        return made.id

    asked, other = form("入户问卷"), form("别的问卷")
    foreign = questionnaires.current_version(session, other)
    for campaign in (
        running_campaign(session, station, questionnaire_id=asked),
        running_campaign(session, station),
    ):
        item = visit(homes[0], questionnaire_version_id=foreign.id, answers={"q1": "是"})
        [answer] = sync.sync_visits(session, station, campaign.id, [item])
        assert answer.status == "refused"
        assert answer.message == "问卷版本不存在、已停用或不属于本专项行动，走访未记录"
    filed = select(func.count()).where(QuestionnaireResponse.questionnaire_id == other)
    assert session.scalar(filed) == 0
