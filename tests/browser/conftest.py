"""Debian's chromium driven by Playwright (never a download); the live server is in ../conftest."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from fanzha.demo.city import DemoCity
from tests.helpers import serving

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


# Everything a browser test does is committed by a real server, so each test gets a database
# of its own (a copy of the demo-city template) and a server on it; these override the
# module-wide `engine`, `city` and `live_server` of ../conftest.py.
@pytest.fixture
def engine(own_engine: Engine) -> Engine:
    return own_engine


@pytest.fixture
def city(city_template: DemoCity) -> DemoCity:
    return city_template


@pytest.fixture
def live_server(engine: Engine) -> Iterator[str]:
    with serving(engine) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()
