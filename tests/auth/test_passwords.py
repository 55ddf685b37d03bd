"""The password policy: at least 10 characters and a zxcvbn score of 3 or more."""

from __future__ import annotations

import pytest

from fanzha.auth.passwords import password_problem
from fanzha.demo.city import DEMO_PASSWORD
from tests.helpers import login, post_form, unit_of, user

WEAK = [
    ("aaaaaaaaaa", "主要是重复的字符"),
    ("1234567890", "这是常见密码"),
    ("password12", "这是常见密码"),
    ("qwertyuiop", "这是常见密码"),
    ("zxcvbnm,./", "键盘上相邻的按键"),
    ("abcdefghijk", "连续的字母或数字"),
    ("1990-05-17", "日期或年份"),
    ("woaini1314", "这是常见密码"),
    ("Password123", "密码太容易被猜到"),
    ("short1!", "密码至少 10 位"),
    ("A" * 201, "密码最多 200 位"),
]
STRONG = [
    DEMO_PASSWORD,
    "Start-2026-pass",
    "Long-enough-1",
    "Brand-new-pass-1",
    "correct horse battery staple",
    "浦江-夜雨-47-灯塔",
    "k8#Vq2!mZr",
]


@pytest.mark.parametrize(("password", "reason"), WEAK)
def test_weak_passwords_are_refused_with_a_chinese_reason(password, reason):
    problem = password_problem(password)
    assert problem is not None and reason in problem


@pytest.mark.parametrize("password", STRONG)
def test_strong_passwords_pass(password):
    assert password_problem(password) is None


def test_only_the_first_72_characters_are_scored_and_long_passwords_still_pass():
    assert password_problem("Nine-lanterns-over-the-river-" * 6) is None


@pytest.mark.usefixtures("city")
def test_the_account_form_and_the_reset_refuse_a_weak_password(client, session):
    login(client, "admin")
    created = post_form(
        client,
        "/admin/users/new",
        {
            "username": "qian.yu",
            "display_name": "钱雨",
            "role": "dissuader",
            "unit_id": unit_of(session, "station_b").id,
            "password": "password12",
        },
    )
    assert created.status_code == 422 and "密码太容易被猜到：这是常见密码" in created.text
    target = user(session, "station_b")
    reset = post_form(client, f"/admin/users/{target.id}/password", {"password": "aaaaaaaaaa"})
    assert reset.status_code == 422 and "主要是重复的字符" in reset.text
