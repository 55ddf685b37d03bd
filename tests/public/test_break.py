"""What a citizen's phone (or an attacker) may send that the public forms must answer without
an error page: full-width CAPTCHA digits from a Chinese keyboard, odd digits in quiz answers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from fanzha.config import get_settings
from fanzha.public.models import CaptchaChallenge
from tests.helpers import post_form
from tests.public.test_quiz import start

pytestmark = pytest.mark.usefixtures("city")


def _risk(client, **extra):
    return post_form(client, "/public/risk", {"kind": "phone", "value": "13912345678", **extra})


def test_a_captcha_typed_in_full_width_digits_is_accepted(client, session, monkeypatch):
    monkeypatch.setattr(get_settings(), "public_captcha_after", 1)
    _risk(client)
    asked = _risk(client)
    assert asked.status_code == 422 and "请先输入图中的验证码" in asked.text
    token = asked.text.split('name="captcha_token" value="', 1)[1].split('"', 1)[0]
    answer = session.execute(
        select(CaptchaChallenge.answer).where(CaptchaChallenge.token == token)
    ).scalar_one()
    wide = "".join(chr(ord(d) + 0xFEE0) for d in answer)  # "1234" → "１２３４"
    solved = _risk(client, captcha_token=token, captcha=wide)
    assert solved.status_code == 200 and 'data-verdict="no"' in solved.text


def test_a_captcha_answered_in_chinese_is_wrong_not_an_error(client, monkeypatch):
    monkeypatch.setattr(get_settings(), "public_captcha_after", 1)
    _risk(client)
    asked = _risk(client)
    token = asked.text.split('name="captcha_token" value="', 1)[1].split('"', 1)[0]
    wrong = _risk(client, captcha_token=token, captcha="五六七八")
    assert wrong.status_code == 422 and "验证码不正确" in wrong.text


@pytest.mark.parametrize("raw", ["²", "9" * 5000])
def test_a_quiz_answer_of_odd_digits_is_unanswered_not_an_error(client, raw):
    token = start(client)
    handed = post_form(client, f"/public/quiz/{token}", {f"q{n}": raw for n in range(10)})
    assert handed.status_code == 422 and "还有 10 道题没有作答" in handed.text


def test_guessing_survey_codes_by_get_is_rate_limited(client, monkeypatch):
    monkeypatch.setattr(get_settings(), "public_post_limit", "3/minute")
    monkeypatch.setattr(get_settings(), "public_captcha_after", 0)
    guesses = [client.get(f"/public/survey/ZZZZZ{n:03d}").status_code for n in range(4)]
    assert guesses == [409, 409, 409, 429]  # unknown reads as used: one answer for both


def test_a_captcha_left_empty_asks_for_it_rather_than_calling_it_wrong(client, monkeypatch):
    monkeypatch.setattr(get_settings(), "public_captcha_after", 1)
    _risk(client)
    asked = _risk(client)
    token = asked.text.split('name="captcha_token" value="', 1)[1].split('"', 1)[0]
    empty = _risk(client, captcha_token=token, captcha=" ")
    assert empty.status_code == 422 and "请先输入图中的验证码" in empty.text
