"""Admins manage accounts: create with a role and unit, edit, disable, reset a password."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from fanzha.auth.models import Role, User
from tests.helpers import audit_entries, login, post_form, unit_of, user

pytestmark = pytest.mark.usefixtures("city")


def test_create_a_station_officer_who_can_then_sign_in(client, session):
    login(client, "admin")
    station = unit_of(session, "station_b")
    response = post_form(
        client,
        "/admin/users/new",
        {
            "username": "wang.li",
            "display_name": "王立",
            "role": "station_officer",
            "unit_id": station.id,
            "password": "Start-2026-pass",
        },
    )
    assert response.status_code == 303
    created = user(session, "wang.li")
    assert created.role == Role.station_officer and created.password_hash.startswith("$argon2")
    assert audit_entries(session, "auth.user.created", target_id=str(created.id))
    client.cookies.clear()
    assert login(client, "wang.li", "Start-2026-pass").status_code == 303


def test_short_passwords_and_taken_usernames(client, session):
    login(client, "admin")
    unit_id = unit_of(session, "station_b").id
    short = post_form(
        client,
        "/admin/users/new",
        {
            "username": "zhao",
            "display_name": "赵",
            "role": "dissuader",
            "unit_id": unit_id,
            "password": "short",
        },
    )
    assert short.status_code == 422
    assert "至少10个字符" in short.text
    taken = post_form(
        client,
        "/admin/users/new",
        {
            "username": "duty",
            "display_name": "赵",
            "role": "dissuader",
            "unit_id": unit_id,
            "password": "Long-enough-1",
        },
    )
    assert taken.status_code == 409 and "用户名已被使用" in taken.text
    assert session.scalar(select(User).where(User.username == "zhao")) is None


def test_reset_password_unlocks_and_ends_sessions(client, session):
    target = user(session, "station_b")
    for attempt in range(5):
        login(client, "station_b", f"wrong-{attempt}")
    assert user(session, "station_b").locked_until is not None
    login(client, "admin")
    response = post_form(
        client, f"/admin/users/{target.id}/password", {"password": "Brand-new-pass-1"}
    )
    assert response.status_code == 303
    assert user(session, "station_b").locked_until is None
    client.cookies.clear()
    assert login(client, "station_b", "Brand-new-pass-1").status_code == 303


def test_an_admin_cannot_disable_themselves(client, session):
    login(client, "admin")
    me = user(session, "admin")
    response = post_form(
        client,
        f"/admin/users/{me.id}",
        {"display_name": me.display_name, "role": "admin", "unit_id": me.unit_id},
    )
    assert response.status_code == 422
    assert "不能停用自己的账号" in response.text
