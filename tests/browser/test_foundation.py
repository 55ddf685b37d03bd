"""In a real browser: each role signs in and sees its navigation; scope holds by URL."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.audit.models import AuditEntry
from fanzha.demo.city import DEMO_PASSWORD
from tests.helpers import staff_in, unit_of

pytestmark = pytest.mark.browser

ORG = ["单位", "网格", "人员", "队伍"]
ADMIN_ONLY = ["账号", "接口密钥", "审计日志", "当事人数据", "节假日安排", "外地反诈中心"]
HOME = ["工作台"]  # 我的待办: every role's start page but the dissuader's (外勤任务)
BOARD, FIELD, CASES = ["预警看板"], ["外勤任务"], ["案件", "止付冻结时限", "返还台账"]
TRANSFERS = ["跨区域移交"]
ANALYSIS = ["研判串并", "涉诈要素", "排除名单与审核", "两卡", "封停"]
# issue 23: the province's findings; cross-city gangs for case readers, mules for analysts.
# issue 23 (later): recurring accounts/holders and the KPI roll-ups, for analysts too.
PROVINCE_GANGS, PROVINCE_MULES = ["全省跨市团伙"], ["全省快进快出", "全省两卡复用", "全省指标"]
AT_RISK = ["高危潜在受害人"]
DATA = ["预后被骗率"]
# issue 22 under 数据: dashboards and 口径, then 预后被骗率, reports, the big screen.
STATS, REPORTS, SCREEN = ["数据看板", "指标口径"], ["月报季报"], ["指挥大屏"]
# 宣防 (issue 19): coverage and campaigns for outreach.read, the register for outreach.plan,
# door-knocking for outreach.visit, the citizens' quiz bank and risk check for citizens.manage.
COVERAGE = ["走访覆盖", "覆盖地图", "专项行动"]
REGISTER, DOOR_KNOCK = ["住户底册"], ["入户走访"]
SURVEYS, CITIZENS = ["问卷", "知晓率调查"], ["答题题库", "群众风险查询"]
PEOPLE = ["宣传活动", "活动日历", "志愿者队伍", "培训", "未参训人员"]
# 线索奖励 (issues 20, 21): leads, the tips inbox, rewards and the vault's custodians.
LEADS, TIPS, REWARDS = ["线索"], ["举报线索"], ["奖励申报", "奖励台账"]
CUSTODY = ["身份查看审批"]


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    # Each role lands on its own start page: 我的待办 (工作台), the dissuader on 外勤任务.
    expect(page.locator("h1")).to_have_text(re.compile(r"^(工作台|外勤任务)$"))


@pytest.mark.parametrize(
    ("username", "role_label", "work", "admin"),
    [
        (
            "admin",
            "系统管理员",
            HOME
            + BOARD
            + FIELD
            + TRANSFERS
            + CASES
            + ANALYSIS
            + PROVINCE_GANGS
            + PROVINCE_MULES
            + AT_RISK
            + COVERAGE
            + REGISTER
            + DOOR_KNOCK
            + SURVEYS
            + CITIZENS
            + PEOPLE
            + LEADS
            + TIPS
            + REWARDS
            + CUSTODY
            + STATS
            + DATA
            + REPORTS
            + SCREEN,
            ADMIN_ONLY,
        ),
        (
            "duty",
            "值班民警",
            HOME
            + BOARD
            + FIELD
            + TRANSFERS
            + CASES
            + ANALYSIS
            + PROVINCE_GANGS
            + PROVINCE_MULES
            + AT_RISK
            + COVERAGE
            + REGISTER
            + SURVEYS
            + CITIZENS
            + PEOPLE
            + LEADS
            + TIPS
            + REWARDS
            + STATS
            + DATA
            + REPORTS
            + SCREEN,
            [],
        ),
        (
            "analyst",
            "研判员",
            HOME
            + BOARD
            + TRANSFERS
            + CASES
            + ANALYSIS
            + PROVINCE_GANGS
            + PROVINCE_MULES
            + AT_RISK
            + COVERAGE
            + SURVEYS
            + CITIZENS
            + PEOPLE
            + LEADS
            + TIPS
            + STATS
            + DATA
            + REPORTS
            + SCREEN,
            [],
        ),
        (
            "station_a",
            "派出所民警",
            HOME
            + BOARD
            + FIELD
            + TRANSFERS
            + CASES
            + PROVINCE_GANGS
            + COVERAGE
            + REGISTER
            + DOOR_KNOCK
            + SURVEYS
            + PEOPLE
            + LEADS
            + REWARDS
            + STATS
            + DATA
            + REPORTS,
            [],
        ),
        ("dissuader_a", "劝阻员", BOARD + FIELD + TRANSFERS + DOOR_KNOCK + DATA, []),
        ("reviewer", "奖励审核员", HOME + TIPS + REWARDS, []),
        (
            "leader",
            "领导",
            HOME
            + BOARD
            + TRANSFERS
            + CASES
            + ANALYSIS
            + PROVINCE_GANGS
            + PROVINCE_MULES
            + AT_RISK
            + COVERAGE
            + SURVEYS
            + PEOPLE
            + REWARDS
            + CUSTODY
            + STATS
            + DATA
            + REPORTS
            + SCREEN,
            [],
        ),
    ],
)
def test_each_role_sees_its_navigation(
    page: Page, live_server: str, username, role_label, work, admin
):
    sign_in(page, live_server, username)
    expect(page.locator(".who .badge")).to_have_text(role_label)
    labels = page.locator("nav.mainnav a").all_inner_texts()
    assert labels == [*work, *ORG, *admin]
    if not admin:
        page.goto(f"{live_server}/admin/users")
        expect(page.locator(".error-message")).to_have_text("您的角色无权进行此操作")


def test_a_sibling_stations_record_by_url_is_not_found_and_audited(
    page: Page, live_server: str, engine
):
    with Session(engine) as session:
        sibling = staff_in(session, unit_of(session, "station_b"))
        sibling_id, sibling_name = sibling.id, sibling.name
    sign_in(page, live_server, "station_a")
    response = page.goto(f"{live_server}/org/staff/{sibling_id}")
    assert response is not None and response.status == 404
    expect(page.locator(".error-message")).to_have_text("记录不存在或您无权查看")
    expect(page.locator("nav.mainnav")).to_be_visible()  # the officer is not lost
    assert sibling_name not in page.content()
    with Session(engine) as session:
        denied = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "access.denied", AuditEntry.target_id == str(sibling_id)
            )
        ).all()
    assert len(denied) == 1


def test_reveal_is_a_click_and_is_audited(page: Page, live_server: str, engine):
    with Session(engine) as session:
        person = staff_in(session, unit_of(session, "station_a"))
        person_id, phone = person.id, person.phone
    sign_in(page, live_server, "station_a")
    page.goto(f"{live_server}/org/staff/{person_id}")
    masked = page.locator('[data-field="phone"]')
    expect(masked).to_have_text(re.compile(r"^\d{3}\*{4}\d{4}$"))
    page.click("#reveal")
    expect(page.locator('[data-field="phone"]')).to_have_text(phone)
    expect(page.locator("#pii")).to_contain_text("已记入审计日志")
    with Session(engine) as session:
        entries = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "pii.viewed", AuditEntry.target_id == str(person_id)
            )
        ).all()
    assert len(entries) == 1


def test_lockout_message_after_five_wrong_passwords(page: Page, live_server: str):
    for attempt in range(5):
        page.goto(f"{live_server}/login")
        page.fill("#username", "branch_leader")
        page.fill("#password", f"wrong-{attempt}")
        page.click("button[type=submit]")
    expect(page.locator("#login-error")).to_contain_text("账号已锁定")


def test_the_staff_list_fits_a_phone_screen(phone: Page, live_server: str):
    sign_in(phone, live_server, "dissuader_a")
    phone.goto(f"{live_server}/org/staff")
    expect(phone.locator("h1")).to_have_text("人员")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    font = phone.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Noto Sans SC" in font


def test_a_form_refused_before_its_page_can_show_why_gives_back_what_was_typed(page, live_server):
    """A control character pasted into a form is refused app-wide, before the form's own page
    could show it beside its field; 返回修改 goes back to the form as it was filled in."""
    sign_in(page, live_server, "station_a")
    page.goto(f"{live_server}/outreach/campaigns")
    page.fill("#f-name", "冬季敲门\x0b行动")  # Word's line break, pasted in
    page.fill("#f-starts_on", "2026-12-01")
    page.fill("#f-ends_on", "2026-12-31")
    page.locator("input[name=unit_ids]").first.check()
    page.get_by_role("button", name="保存为草稿").click()
    expect(page.locator("h1")).to_have_text("无法完成操作")
    page.get_by_role("link", name="返回修改").click()
    expect(page.locator("#f-name")).to_have_value("冬季敲门\x0b行动")
    expect(page.locator("#f-ends_on")).to_have_value("2026-12-31")
    expect(page.locator("input[name=unit_ids]").first).to_be_checked()
