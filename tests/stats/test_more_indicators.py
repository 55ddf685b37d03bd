"""The indicators issue 22 named last: suspects arrested (entered on a case), blocks by kind of
value, household coverage as a rate; each counts what its 口径 says."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import select

from fanzha import clock
from fanzha.auth.service import user_principal
from fanzha.cases.models import Case, CaseArrest, CaseStatus
from fanzha.org.models import Grid
from fanzha.outreach.models import Campaign, CampaignStatus, Household, Visit, VisitOutcome
from fanzha.stats import figures as F
from fanzha.stats import periods as P
from tests.helpers import login, post_form, unit_of, user


def _figure(session, key, period, username="leader"):
    leader = user_principal(user(session, username))
    (figure,) = F.figures(session, leader, leader.unit_id, period, keys=[key])
    return figure


def _registered_case(session) -> Case:
    return session.scalars(
        select(Case).where(Case.status == CaseStatus.registered).order_by(Case.id)
    ).first()


def test_an_arrest_entered_on_the_case_page_counts_by_its_day(client, session, busy):
    case = _registered_case(session)
    today = P.local_today()
    period = P.period_of("day", today)
    before = _figure(session, "cases.arrested", period).value
    login(client, "duty")
    url = f"/cases/{case.id}/arrests"
    bad = post_form(client, url, {"arrested_on": "2020-01-01", "suspects": "0"})
    assert bad.status_code == 422
    assert "必须大于0" in bad.text
    early = post_form(client, url, {"arrested_on": "2020-01-01", "suspects": "2"})
    assert early.status_code == 422 and "抓获日期应在报案日" in early.text
    good = post_form(client, url, {"arrested_on": today.isoformat(), "suspects": "3"})
    assert good.status_code == 303
    page = client.get(f"/cases/{case.id}")
    assert "抓获嫌疑人" in page.text and "3 人" in page.text
    assert _figure(session, "cases.arrested", period).value == before + 3
    # The case's unit counts it too.
    unit_id = case.unit_id
    duty = user_principal(user(session, "duty"))
    (own,) = F.figures(session, duty, unit_id, period, keys=["cases.arrested"])
    assert own.value >= 3 and own.records >= 1


def test_a_leader_may_not_enter_arrests(client, session, busy):
    case = _registered_case(session)
    before = len(session.scalars(select(CaseArrest).where(CaseArrest.case_id == case.id)).all())
    login(client, "leader")
    answer = post_form(client, f"/cases/{case.id}/arrests", {"arrested_on": "2026-01-01"})
    assert answer.status_code == 403
    after = session.scalars(select(CaseArrest).where(CaseArrest.case_id == case.id)).all()
    assert len(after) == before


def test_a_draft_case_takes_no_arrest(client, session, busy):
    draft = session.scalars(
        select(Case).where(Case.status == CaseStatus.draft).order_by(Case.id)
    ).first()
    login(client, "duty")
    today = P.local_today().isoformat()
    answer = post_form(
        client, f"/cases/{draft.id}/arrests", {"arrested_on": today, "suspects": "1"}
    )
    assert answer.status_code == 409
    assert "案件待受理，不能登记抓获嫌疑人" in answer.text


def test_the_demo_cases_have_arrests(session, busy):
    assert session.scalars(select(CaseArrest)).first() is not None


def test_coverage_counts_households_standing_at_the_end_reached_inside(session, busy):
    today = P.local_today()
    period = P.custom(today - timedelta(days=30), today - timedelta(days=10))
    before = _figure(session, "outreach.coverage", period)
    station = unit_of(session, "station_a")
    grid = Grid(code=f"COV-{uuid.uuid4().hex[:6]}", name="覆盖测试网格", unit_id=station.id)
    campaign = Campaign(
        name="覆盖测试",
        unit_id=station.id,
        unit_ids=[station.id],
        starts_on=today - timedelta(days=60),
        ends_on=today,
        status=CampaignStatus.running,
    )
    session.add_all([grid, campaign])
    session.flush()

    def at(days_ago: int):
        return clock.day_start(today - timedelta(days=days_ago)) + timedelta(hours=10)

    def household(room: str, created: int, deleted: int | None = None) -> Household:
        h = Household(
            grid_id=grid.id,
            unit_id=station.id,
            compound="测试小区",
            room=room,
            created_at=at(created),
            deleted_at=at(deleted) if deleted is not None else None,
        )
        session.add(h)
        session.flush()
        return h

    def visit(h: Household, days_ago: int, outcome=VisitOutcome.entered) -> None:
        session.add(
            Visit(
                uuid=uuid.uuid4(),
                campaign_id=campaign.id,
                household_id=h.id,
                grid_id=grid.id,
                outcome=outcome,
                visited_at=at(days_ago),
            )
        )

    reached = household("101", 40)
    visit(reached, 20)
    gone_later = household("102", 40, deleted=5)  # still registered at the period's end
    visit(gone_later, 20)
    knocked = household("103", 40)
    visit(knocked, 20, VisitOutcome.nobody_home)
    visit(knocked, 3)  # entered, but after the period
    gone_before = household("104", 40, deleted=15)  # not registered at the end: not counted
    visit(gone_before, 20)
    household("105", 2)  # registered after the period
    session.flush()
    after = _figure(session, "outreach.coverage", period)
    assert after.denominator - before.denominator == 3
    assert after.numerator - before.numerator == 2
    assert after.value == round(10000 * after.numerator / after.denominator)


def test_block_kinds_add_up_to_at_most_all_blocks(session, busy):
    period = P.custom(date(2000, 1, 1), P.local_today())
    total = _figure(session, "analysis.blocked", period).value
    parts = [
        _figure(session, f"analysis.blocked.{kind}", period).value
        for kind in ("phone", "chat", "domain")
    ]
    assert sum(parts) <= total
