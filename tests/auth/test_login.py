"""Signing in and out: sessions, lockout, CSRF, audit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from fanzha.web.deps import SESSION_COOKIE
from tests.helpers import audit_entries, csrf_token, login, make_api_key, user

pytestmark = pytest.mark.usefixtures("city")


class TestLogin:
    def test_the_right_password_opens_a_session_in_an_http_only_cookie(self, client, session):
        response = login(client, "duty")
        assert response.status_code == 303
        assert response.headers["location"] == "/"
        cookie = next(
            h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE)
        )
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie
        page = client.get("/")
        assert page.status_code == 200
        assert "值班民警" in page.text
        assert audit_entries(
            session, "auth.login.succeeded", target_id=str(user(session, "duty").id)
        )

    def test_a_wrong_password_says_so_in_chinese_and_is_audited(self, client, session):
        response = login(client, "duty", "wrong-password")
        assert response.status_code == 401
        assert "用户名或密码错误" in response.text
        assert SESSION_COOKIE not in client.cookies
        assert audit_entries(session, "auth.login.failed", target_id=str(user(session, "duty").id))

    def test_an_unknown_user_gets_the_same_answer(self, client):
        response = login(client, "nobody-here")
        assert response.status_code == 401
        assert "用户名或密码错误" in response.text

    def test_pages_send_anonymous_callers_to_the_login_page(self, client):
        response = client.get("/org/staff")
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=/org/staff"

    def test_api_answers_anonymous_callers_with_401_json(self, client):
        response = client.get("/api/v1/org/staff")
        assert response.status_code == 401
        assert response.json() == {"code": "not_authenticated", "message": "请先登录"}

    def test_a_dissuader_lands_on_the_field_page_and_others_on_my_work(self, client):
        response = login(client, "dissuader_a")
        assert response.headers["location"] == "/field"
        # The desktop workspace sends them to their phone page too.
        assert client.get("/").headers["location"] == "/field"
        field = client.get("/field").text
        assert "我的任务" in field
        # Their navigation offers no desktop workspace that would only send them back.
        bottom = field.split('class="bottombar"', 1)[1].split("</nav>", 1)[0]
        assert 'href="/"' not in bottom and 'href="/field"' in bottom
        client.cookies.clear()
        assert login(client, "station_a").headers["location"] == "/"
        assert "我的待办" in client.get("/").text

    def test_next_only_leads_to_local_pages(self, client):
        response = client.post(
            "/login",
            data={
                "username": "duty",
                "password": "Fanzha@2026!",
                "csrf_token": csrf_token(client),
                "next": "//evil.example.com/",
            },
        )
        assert response.headers["location"] == "/"


class TestLockout:
    def test_five_failures_in_ten_minutes_lock_the_account_for_fifteen(self, client, session):
        for attempt in range(4):
            assert login(client, "analyst", f"wrong-{attempt}").status_code == 401
        fifth = login(client, "analyst", "wrong-5")
        assert fifth.status_code == 429
        assert "账号已锁定" in fifth.text
        # Even the right password is refused while locked.
        locked = login(client, "analyst")
        assert locked.status_code == 429
        assert "账号已锁定" in locked.text
        account = user(session, "analyst")
        remaining = account.locked_until - datetime.now(UTC)
        assert timedelta(minutes=14) < remaining <= timedelta(minutes=15)
        assert audit_entries(session, "auth.login.locked", target_id=str(account.id))

    def test_the_lock_lifts_after_its_time(self, client, session: Session):
        account = user(session, "analyst")
        account.locked_until = datetime.now(UTC) - timedelta(seconds=1)
        session.flush()
        assert login(client, "analyst").status_code == 303

    def test_failures_spread_over_more_than_ten_minutes_do_not_lock(self, client, session):
        account = user(session, "leader")
        for attempt in range(4):
            login(client, "leader", f"wrong-{attempt}")
        # The first failure now lies outside the window: the count starts again.
        account.first_failed_at = datetime.now(UTC) - timedelta(minutes=11)
        session.flush()
        assert login(client, "leader", "wrong-again").status_code == 401
        assert login(client, "leader").status_code == 303

    def test_a_success_resets_the_count(self, client, session):
        for attempt in range(4):
            login(client, "reviewer", f"wrong-{attempt}")
        assert login(client, "reviewer").status_code == 303
        assert user(session, "reviewer").failed_logins == 0


class TestCsrf:
    def test_a_form_without_the_token_is_refused(self, client):
        client.get("/login")
        response = client.post("/login", data={"username": "duty", "password": "Fanzha@2026!"})
        assert response.status_code == 403
        assert "页面已过期" in response.text

    def test_a_token_from_another_browser_is_refused(self, client):
        client.get("/login")
        response = client.post(
            "/login",
            data={"username": "duty", "password": "Fanzha@2026!", "csrf_token": "forged-token"},
        )
        assert response.status_code == 403

    def test_json_calls_need_the_header(self, client):
        login(client, "admin")
        response = client.post("/api/v1/org/grids", json={})
        assert response.status_code == 403
        assert response.json()["code"] == "csrf_failed"

    @pytest.mark.parametrize(
        "headers",
        [
            {"Authorization": "Bearer junk"},
            {"Authorization": "Bearer "},
            {"X-API-Key": "fz_made_up"},
        ],
    )
    def test_a_session_request_with_a_key_header_still_needs_the_token(self, client, headers):
        login(client, "admin")
        response = client.post("/api/v1/org/grids", json={}, headers=headers)
        assert response.status_code == 403
        assert response.json()["code"] == "csrf_failed"

    def test_a_real_key_beside_the_cookie_needs_the_token_and_the_key_decides_who_asks(
        self, client, session
    ):
        plain = make_api_key(session, scopes=("org.read",))
        login(client, "admin")
        without = client.post("/api/v1/org/grids", json={}, headers={"X-API-Key": plain})
        assert without.status_code == 403 and without.json()["code"] == "csrf_failed"
        # With the token the key, not the admin's session, is the caller: it may not manage.
        both = client.post(
            "/api/v1/org/grids",
            json={},
            headers={"X-API-Key": plain, "X-CSRF-Token": csrf_token(client)},
        )
        assert both.status_code == 403 and both.json()["code"] == "permission_denied"

    def test_a_machine_client_without_the_cookie_needs_no_token(self, client, session):
        plain = make_api_key(session, scopes=("org.read",))
        response = client.post("/api/v1/org/grids", json={}, headers={"X-API-Key": plain})
        assert response.json()["code"] == "permission_denied"


class TestLogout:
    def test_logout_ends_the_session(self, client, session):
        login(client, "duty")
        old_cookie = client.cookies.get(SESSION_COOKIE)
        response = client.post("/logout", data={"csrf_token": csrf_token(client)})
        assert response.status_code == 303
        client.cookies.set(SESSION_COOKIE, old_cookie)
        assert client.get("/").status_code == 303  # the old cookie no longer works
        assert audit_entries(session, "auth.logout")

    def test_a_disabled_account_cannot_sign_in(self, client, session):
        user(session, "leader").is_active = False
        session.flush()
        response = login(client, "leader")
        assert response.status_code == 403
        assert "账号已停用" in response.text
