"""Machine clients: API keys bound to a unit and scopes, shown once, revocable."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from fanzha import clock
from fanzha.auth import service as auth_service
from fanzha.auth.models import ApiKey
from fanzha.web import confirm
from tests.helpers import audit_entries, login, post_form, unit_of

pytestmark = pytest.mark.usefixtures("city")


def _create(client, session, unit_username: str = "station_a") -> str:
    login(client, "admin")
    response = post_form(
        client,
        "/admin/api-keys",
        {
            "name": "省级反诈平台",
            "unit_id": unit_of(session, unit_username).id,
            "scopes": ["org.read"],
        },
    )
    assert response.status_code == 200
    match = re.search(r'id="new-key">(fz_[^<]+)<', response.text)
    assert match
    client.cookies.clear()
    return match.group(1)


def test_the_key_is_shown_once_and_only_its_hash_is_stored(client, session):
    plain = _create(client, session)
    key = session.scalar(select(ApiKey).where(ApiKey.name == "省级反诈平台"))
    assert plain not in key.key_hash and key.prefix == plain[:10]
    login(client, "admin")
    assert plain not in client.get("/admin/api-keys").text
    assert audit_entries(session, "auth.api_key.created", target_id=str(key.id))


def test_a_key_sees_only_its_units_subtree(client, session):
    plain = _create(client, session)
    me = client.get("/api/v1/me", headers={"X-API-Key": plain}).json()
    assert me["kind"] == "api_key" and me["permissions"] == ["org.read"]
    units = client.get("/api/v1/org/units", headers={"Authorization": f"Bearer {plain}"}).json()
    station = unit_of(session, "station_a")
    assert units[0]["id"] == station.id
    assert all(u["id"] != unit_of(session, "station_b").id for u in units)


def test_a_key_cannot_do_what_its_scopes_do_not_say(client, session):
    plain = _create(client, session)
    headers = {"X-API-Key": plain}
    assert client.post("/api/v1/org/grids", json={}, headers=headers).status_code == 403
    assert client.get("/api/v1/audit", headers=headers).status_code == 403
    assert client.get("/admin/users", headers=headers).status_code == 403


def test_a_revoked_or_unknown_key_is_refused(client, session):
    plain = _create(client, session)
    key = session.scalar(select(ApiKey).where(ApiKey.name == "省级反诈平台"))
    assert client.get("/api/v1/me", headers={"X-API-Key": plain}).status_code == 200
    login(client, "admin")
    revoke = {"confirm": confirm.token("key_revoke", key)}
    assert post_form(client, f"/admin/api-keys/{key.id}/revoke", revoke).status_code == 303
    client.cookies.clear()
    # Refused at once by the process that revoked it, though it verified the key moments ago.
    response = client.get("/api/v1/me", headers={"X-API-Key": plain})
    assert response.status_code == 401
    assert response.json() == {"code": "invalid_api_key", "message": "接口密钥无效、已吊销或已过期"}
    assert client.get("/api/v1/me", headers={"X-API-Key": "fz_made_up"}).status_code == 401


def test_a_key_revoked_by_another_process_is_refused_once_this_one_rechecks(
    client, session, monkeypatch
):
    plain = _create(client, session)
    assert client.get("/api/v1/me", headers={"X-API-Key": plain}).status_code == 200
    session.execute(
        update(ApiKey).where(ApiKey.name == "省级反诈平台").values(revoked_at=func.now())
    )
    session.commit()
    monkeypatch.setattr(auth_service, "API_KEY_RECHECK_SECONDS", 0.0)  # the seconds have passed
    assert client.get("/api/v1/me", headers={"X-API-Key": plain}).status_code == 401


def test_only_known_scopes_can_be_granted(client, session):
    login(client, "admin")
    response = post_form(
        client,
        "/admin/api-keys",
        {"name": "银行", "unit_id": unit_of(session, "station_a").id, "scopes": ["audit.read"]},
    )
    assert response.status_code == 422
    assert "不支持的权限范围：audit.read" in response.text


def _create_expiring(client, session, expires_at: str) -> str:
    login(client, "admin")
    response = post_form(
        client,
        "/admin/api-keys",
        {
            "name": "银行接口",
            "unit_id": unit_of(session, "station_a").id,
            "scopes": ["org.read"],
            "expires_at": expires_at,
        },
    )
    assert response.status_code == 200, response.text
    match = re.search(r'id="new-key">(fz_[^<]+)<', response.text)
    assert match
    return match.group(1)


def test_a_key_with_an_expiry_shows_it_and_is_refused_once_it_passes(client, session, monkeypatch):
    plain = _create_expiring(client, session, "2099-06-30T23:59")
    page = client.get("/admin/api-keys").text
    assert "有效期至 2099-06-30 23:59" in page and "长期有效" not in page
    client.cookies.clear()
    assert client.get("/api/v1/me", headers={"X-API-Key": plain}).status_code == 200
    # Moments later (inside the 5 s this process trusts a verified key) the expiry has passed:
    # refused from the remembered key, then by the database, exactly like a revoked key.
    later = datetime(2099, 7, 1, tzinfo=UTC)
    monkeypatch.setattr(clock, "now", lambda: later)
    response = client.get("/api/v1/me", headers={"X-API-Key": plain})
    assert response.status_code == 401
    assert response.json() == {
        "code": "invalid_api_key",
        "message": "接口密钥无效、已吊销或已过期",
    }
    login(client, "admin")
    assert "已过期" in client.get("/admin/api-keys").text


def test_a_key_without_expiry_is_long_lived_and_a_past_expiry_is_refused(client, session):
    _create(client, session)
    login(client, "admin")
    assert "长期有效" in client.get("/admin/api-keys").text
    response = post_form(
        client,
        "/admin/api-keys",
        {
            "name": "过期",
            "unit_id": unit_of(session, "station_a").id,
            "scopes": ["org.read"],
            "expires_at": "2020-01-01T00:00",
        },
    )
    assert response.status_code == 422 and "有效期应晚于当前时间" in response.text


def test_the_key_list_filters_by_state_and_exports_prefixes_never_secrets(client, session):
    plain = _create(client, session)
    login(client, "admin")
    revoked = session.scalar(select(ApiKey).where(ApiKey.name == "省级反诈平台"))
    revoked.revoked_at = clock.now()
    session.flush()
    active = client.get("/admin/api-keys?state=active&q=省级反诈").text
    assert "暂无密钥" in active
    listed = client.get("/admin/api-keys?state=revoked&q=省级反诈").text
    assert "省级反诈平台" in listed and "共 <strong>1</strong> 条" in listed
    export = client.get("/admin/api-keys?state=revoked&q=省级反诈&export=xlsx")
    assert export.status_code == 200 and plain.encode() not in export.content
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "省级反诈平台" and rows[1][1] == f"{plain[:10]}…"
    assert rows[1][6] == "已吊销"
