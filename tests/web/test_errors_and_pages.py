"""Errors speak Chinese and never leak a 500; pages load nothing from the internet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fanzha.web.templating import PACKAGE
from tests.helpers import api_post, login, post_form

pytestmark = pytest.mark.usefixtures("city")


def test_an_unknown_page_is_a_chinese_404(client):
    login(client, "duty")
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "页面不存在" in response.text and "<html" in response.text


def test_an_unknown_api_path_answers_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "页面不存在"}


def test_wrong_types_in_a_query_are_a_422_in_chinese(client):
    login(client, "duty")
    response = client.get("/api/v1/org/staff", params={"limit": "lots"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["errors"] == [{"field": "limit", "message": "请输入整数"}]


def test_malformed_json_is_a_422_not_a_500(client):
    login(client, "admin")
    response = client.post(
        "/api/v1/org/grids",
        content=b"{not json",
        headers={
            "content-type": "application/json",
            "X-CSRF-Token": client.cookies.get("fanzha_csrf"),
        },
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.sampled_from(
            ["name", "kind", "phone", "unit_id", "id_number", "badge_no", "grid_id", "is_dissuader"]
        ),
        st.one_of(st.text(max_size=25), st.integers(-(10**12), 10**12), st.none(), st.booleans()),
    )
)
def test_any_staff_payload_gets_a_clear_answer(client, session, payload):
    login(client, "admin")
    response = api_post(client, "/api/v1/org/staff", payload)
    assert response.status_code in (201, 409, 422), response.text
    assert response.json()["message" if response.status_code != 201 else "id"]
    session.rollback()


def test_the_htmx_error_is_a_toast(client, session):
    login(client, "leader")
    response = client.post(
        "/org/staff/1/reveal",
        headers={"HX-Request": "true", "X-CSRF-Token": client.cookies.get("fanzha_csrf")},
    )
    assert response.status_code == 403
    assert response.headers["HX-Retarget"] == "#toast"
    assert 'class="toast toast-error"' in response.text


def test_security_headers_forbid_outside_sources(client):
    response = client.get("/login")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", ["/", "/org/units", "/org/staff", "/admin/users", "/admin/audit"])
def test_pages_reference_only_local_assets(client, path):
    login(client, "admin")
    html = client.get(path).text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    for asset in re.findall(r"""(?:src|href)="(/static/[^"]+)\"""", html):
        assert client.get(asset).status_code == 200, asset


def test_vendored_assets_carry_their_licences():
    vendor = PACKAGE / "web" / "static" / "vendor"
    for name in ("htmx", "echarts", "noto-sans-sc"):
        assert (vendor / name / "LICENSE").stat().st_size > 100
    assert (vendor / "echarts" / "echarts.min.js").stat().st_size > 500_000
    css = (vendor / "noto-sans-sc" / "400.css").read_text()
    for font in re.findall(r"url\(\./([^)]+)\)", css):
        assert (vendor / "noto-sans-sc" / Path(font)).exists(), font


@pytest.mark.parametrize(
    ("referer", "revise"),
    [
        ("http://testserver/outreach/campaigns?status=draft", "/outreach/campaigns?status=draft"),
        ("http://testserver//evil.example/form", None),
        ("http://testserver/\\evil.example/form", None),
        ("http://evil.example/outreach/campaigns", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_a_refused_form_offers_the_way_back_to_itself_on_this_site_only(client, referer, revise):
    """返回修改 goes back to the form that was posted (app.js: in history, so what was typed
    is still there); a Referer naming another site, however disguised, gives no link."""
    login(client, "station_a")
    form = {"name": "冬季\x0b敲门", "starts_on": "2026-12-01", "ends_on": "2026-12-31"}
    refused = post_form(client, "/outreach/campaigns", form, headers={"Referer": referer})
    assert refused.status_code == 422
    links = re.findall(r'<a href="([^"]*)" data-history-back>返回修改</a>', refused.text)
    assert links == ([revise.replace("&", "&amp;")] if revise else [])


def test_a_conflict_offers_no_way_back_to_the_page_it_came_from(client, session):
    """A button refused because the record changed meanwhile (409): going back in history would
    show the record as it was, so the page offers the record itself, not 返回修改."""
    from tests.outreach.records import principal, running_campaign

    campaign = running_campaign(session, principal(session, "station_a"))
    session.commit()
    login(client, "station_a")
    referer = f"http://testserver/outreach/campaigns/{campaign.id}"
    refused = post_form(
        client, f"/outreach/campaigns/{campaign.id}/start", headers={"Referer": referer}
    )
    assert refused.status_code == 409
    assert "返回修改" not in refused.text


def test_a_refused_get_offers_no_way_back_to_a_form(client):
    login(client, "station_a")
    refused = client.get(
        "/outreach/campaigns", params={"q": "\x0b"}, headers={"Referer": "http://testserver/"}
    )
    assert refused.status_code == 422
    assert "返回修改" not in refused.text
