"""The citizens' site's layout: anonymous, phone-first, the center's name and 96110 on every
page, nothing from the internet, its own error page."""

from __future__ import annotations

import re

from fanzha.config import get_settings


def test_home_is_anonymous_and_names_the_center_and_96110(client):
    response = client.get("/public/")
    assert response.status_code == 200
    html = response.text
    assert f"{get_settings().city_name}公安局反电信网络诈骗中心" in html
    assert 'href="tel:96110"' in html
    assert "反诈答题" in html and "风险查询" in html
    # Light: one local stylesheet, no script, nothing from another host.
    assert re.findall(r'(?:src|href)="(https?:)?//', html) == []
    assert "<script" not in html
    assert "echarts" not in html


def test_the_center_name_comes_from_settings(client, monkeypatch):
    monkeypatch.setattr(get_settings(), "public_center_name", "滨江市反诈中心")
    assert "滨江市反诈中心" in client.get("/public/").text


def test_an_unknown_public_page_is_answered_on_the_public_layout(client):
    response = client.get("/public/no-such-page")
    assert response.status_code == 404
    assert "返回首页" in response.text
    assert "返回工作台" not in response.text
