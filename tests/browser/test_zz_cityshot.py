import pytest
from sqlalchemy.orm import Session
from fanzha.demo import city as demo_city
from tests.helpers import serving
from tests.browser.test_foundation import sign_in
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

def test_shot(blank_engine, browser):
    with Session(blank_engine) as session:
        demo_city.build(session, seed=1, scale="city", recent_days=3)
        session.commit()
    with serving(blank_engine) as url:
        for who, name in (("leader", "city"), ("branch_leader", "branch")):
            ctx = browser.new_context(locale="zh-CN", viewport={"width": 1920, "height": 1080})
            page = ctx.new_page()
            sign_in(page, url, who)
            page.goto(f"{url}/screen")
            expect(page.locator("#screen-live.on")).to_be_visible()
            expect(page.locator("#screen-map")).to_have_attribute("data-ready", "1", timeout=20000)
            page.wait_for_timeout(2500)
            page.screenshot(path=f"/tmp/screen-shot/{name}.png")
            ctx.close()
