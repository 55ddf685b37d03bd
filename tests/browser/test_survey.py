"""On a 390×844 phone: a single-use survey link answered once; the second time it is refused."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.questionnaires.models import SurveyCode

pytestmark = pytest.mark.browser


def _answer(page: Page) -> None:
    page.get_by_role("radio", name="不会").check()
    page.locator("fieldset").nth(1).get_by_role("radio", name="是", exact=True).check()
    page.get_by_role("checkbox", name="96110").check()
    page.get_by_role("checkbox", name="110", exact=True).check()
    page.get_by_role("button", name="提交").click()


def test_a_survey_link_answers_once(phone: Page, live_server: str, engine):
    with Session(engine) as session:  # the demo survey keeps a few codes of each batch unused
        code = session.scalars(
            select(SurveyCode.code).where(SurveyCode.used_at.is_(None)).order_by(SurveyCode.id)
        ).first()
    assert code
    link = f"{live_server}/public/survey/{code}"
    phone.goto(link)
    second = phone.context.new_page()  # the same link opened twice (a shared QR slip)
    second.goto(link)
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    _answer(phone)
    expect(phone.locator("#survey-thanks")).to_be_visible()

    _answer(second)
    expect(second.locator("#survey-refused")).to_contain_text("调查码无效或已使用")
    phone.goto(link)
    expect(phone.locator("#survey-refused")).to_contain_text("调查码无效或已使用")
