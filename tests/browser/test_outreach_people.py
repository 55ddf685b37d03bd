"""In a real browser: the prevention pages of events, volunteer teams and training at a desk
(1366×900) and on a phone (390×844), and a trainee checking in on a phone from the session's
QR code, once. Screenshots go to $FANZHA_SHOTS (or the test's tmp dir)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.outreach import training
from fanzha.outreach.people_models import TrainingSession
from fanzha.outreach.people_schemas import TrainingIn
from fanzha.questionnaires import service as questionnaires
from tests.browser.test_foundation import sign_in
from tests.browser.test_lists import PAGE_OVERFLOW, WRAPPED_HEADERS, _shots_dir
from tests.helpers import unit_of

pytestmark = pytest.mark.browser

PAGES = [
    "/outreach/events",
    "/outreach/events/calendar",
    "/outreach/events/totals",
    "/outreach/events/new",
    "/outreach/volunteers",
    "/outreach/training",
    "/outreach/training/untrained",
]
QUIZ = [
    {
        "kind": "single",
        "title": "“安全账户”是真的吗",
        "options": ["是", "不是"],
        "correct": ["不是"],
    },
    {
        "kind": "multiple",
        "title": "可以拨打哪些电话求助",
        "options": ["96110", "110", "12315"],
        "correct": ["96110", "110"],
    },
]


@pytest.fixture
def course(engine, city) -> int:
    """A session under way now, inviting station_a."""
    with Session(engine) as session:
        start = clock.now() - timedelta(minutes=10)
        held = training.create_session(
            session,
            Principal.system(),
            TrainingIn(
                topic="上门劝阻要点",
                trainer="反诈中心 王警官",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                unit_id=unit_of(session, "admin").id,
                place="市局三楼报告厅",
                invited_unit_ids=[unit_of(session, "station_a").id],
            ),
        )
        session.commit()
        return held.id


@pytest.mark.parametrize(
    ("name", "viewport"),
    [("desk", {"width": 1366, "height": 900}), ("phone", {"width": 390, "height": 844})],
)
def test_prevention_pages_fit_the_screen(browser, live_server, course, tmp_path, name, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport, is_mobile=name == "phone")
    page = context.new_page()
    try:
        sign_in(page, live_server, "admin")
        shots = _shots_dir(tmp_path)
        for path in [*PAGES, f"/outreach/training/{course}", f"/outreach/training/{course}/qr"]:
            response = page.goto(live_server + path)
            assert response is not None and response.status == 200, path
            page.screenshot(path=str(shots / f"{name}{path.replace('/', '_')}.png"))
            assert page.evaluate(PAGE_OVERFLOW) <= 0, f"{path} scrolls sideways on {name}"
            assert page.evaluate(WRAPPED_HEADERS) == [], f"{path} wraps headers on {name}"
        teams = page.goto(live_server + "/outreach/volunteers")
        assert teams is not None
        page.locator("#volunteer-teams a").first.click()
        # A screenshot taken while the click's navigation is still under way fails.
        page.wait_for_url(re.compile(r"/outreach/volunteers/\d+$"))
        page.screenshot(path=str(shots / f"{name}_outreach_volunteer_team.png"))
        assert page.evaluate(PAGE_OVERFLOW) <= 0
    finally:
        context.close()


def test_a_trainee_checks_in_on_a_phone_once(
    browser, phone: Page, live_server, engine, course, tmp_path
):
    desk = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    try:
        projector = desk.new_page()
        sign_in(projector, live_server, "admin")
        projector.goto(f"{live_server}/outreach/training/{course}/qr")
        expect(projector.locator("#qr-code svg")).to_be_visible()
    finally:
        desk.close()
    with Session(engine) as session:  # what the QR on the projector encodes
        held = session.scalars(select(TrainingSession).where(TrainingSession.id == course)).one()
        code = training.checkin_code(held)
    sign_in(phone, live_server, "station_a")
    phone.goto(f"{live_server}/outreach/training/checkin?c={code}")
    expect(phone.locator("h1")).to_have_text("培训签到")
    phone.locator("#checkin-button").click()
    expect(phone.locator("#checkin-result")).to_have_text("签到成功")
    phone.screenshot(path=str(_shots_dir(tmp_path) / "phone_checkin_done.png"))
    assert phone.evaluate(PAGE_OVERFLOW) <= 0
    phone.goto(f"{live_server}/outreach/training/checkin?c={code}")
    phone.locator("#checkin-button").click()
    expect(phone.locator("#checkin-result")).to_have_text("您已签到，无需重复签到")


def test_a_trainee_takes_the_quiz_on_a_phone_and_the_organiser_sees_the_pass_rate(
    browser, phone: Page, live_server, engine, city, tmp_path
):
    with Session(engine) as session:
        quiz = questionnaires.create_questionnaire(
            session,
            Principal.system(),
            title="上门劝阻测验",
            purpose="training",
            questions=QUIZ,
            unit_id=unit_of(session, "admin").id,
        )
        start = clock.now() - timedelta(hours=2)
        held = training.create_session(
            session,
            Principal.system(),
            TrainingIn(
                topic="上门劝阻要点（测验）",
                trainer="反诈中心 王警官",
                starts_at=start,
                ends_at=start + timedelta(hours=1),
                unit_id=unit_of(session, "admin").id,
                place="市局三楼报告厅",
                invited_unit_ids=[unit_of(session, "station_a").id],
                pass_score=60,
                quiz_id=quiz.id,
            ),
        )
        code, course = training.checkin_code(held), held.id
        session.commit()
    shots = _shots_dir(tmp_path)
    sign_in(phone, live_server, "station_a")
    phone.goto(f"{live_server}/outreach/training/checkin?c={code}")
    phone.locator("#checkin-button").click()
    expect(phone.locator("#checkin-result")).to_have_text("签到成功")
    phone.locator("#quiz-link").click()
    expect(phone.locator("h1")).to_have_text("培训测验")
    phone.get_by_label("不是", exact=True).check()
    phone.get_by_label("96110").check()
    phone.get_by_label("110", exact=True).check()
    phone.screenshot(path=str(shots / "phone_training_quiz.png"), full_page=True)
    assert phone.evaluate(PAGE_OVERFLOW) <= 0
    phone.locator("#quiz-submit").click()
    expect(phone.locator("#quiz-score")).to_have_text("100 分")
    expect(phone.locator("#quiz-verdict")).to_have_text("通过")
    phone.screenshot(path=str(shots / "phone_training_quiz_result.png"), full_page=True)
    assert phone.evaluate(PAGE_OVERFLOW) <= 0

    desk = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    try:
        organiser = desk.new_page()
        sign_in(organiser, live_server, "admin")
        organiser.goto(f"{live_server}/outreach/training/{course}")
        expect(organiser.locator("#took-quiz")).to_have_text("1 人")
        expect(organiser.locator("#pass-rate")).to_have_text("100%")
        expect(organiser.locator("#attendance")).to_contain_text("通过")
        organiser.screenshot(path=str(shots / "desk_training_quiz_detail.png"), full_page=True)
        assert organiser.evaluate(PAGE_OVERFLOW) <= 0
    finally:
        desk.close()
