"""Abuse guards of the public POSTs: a per-client rate limit answered 429 in Chinese with
Retry-After, an image CAPTCHA after repeated posts, clients told apart by address only, and no
IP address or user agent in any log line of a public route."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from fanzha.config import get_settings
from fanzha.public import abuse
from fanzha.public.models import CaptchaChallenge, RateCounter
from tests.helpers import post_form

pytestmark = pytest.mark.usefixtures("city")


def check(client, value="13912345678", **extra):
    return post_form(client, "/public/risk", {"kind": "phone", "value": value, **extra})


def test_past_the_limit_a_client_is_refused_429_in_chinese(client, session, monkeypatch):
    monkeypatch.setattr(get_settings(), "public_post_limit", "3/minute")
    monkeypatch.setattr(get_settings(), "public_captcha_after", 0)
    assert [check(client).status_code for _ in range(3)] == [200, 200, 200]
    refused = check(client)
    assert refused.status_code == 429
    assert "操作太频繁，请稍后再试" in refused.text
    assert 1 <= int(refused.headers["retry-after"]) <= 61
    # Counted per client: the quiz start of the same client is refused too...
    assert post_form(client, "/public/quiz", {"source": ""}).status_code == 429
    # ...and the key stored is a hash, never the address.
    keys = session.execute(select(RateCounter.key)).scalars().all()
    assert keys and not any("testclient" in k or "127.0.0.1" in k for k in keys)


def test_another_client_has_its_own_count(session, monkeypatch):
    a = abuse.client_key(session, "10.0.0.1")
    b = abuse.client_key(session, "10.0.0.2")
    assert a != b and a == abuse.client_key(session, "10.0.0.1")
    monkeypatch.setattr(get_settings(), "public_post_limit", "1/minute")
    monkeypatch.setattr(get_settings(), "public_captcha_after", 0)
    abuse.check_post(session, a, captcha_token="", captcha_answer="")
    abuse.check_post(session, b, captcha_token="", captcha_answer="")
    with pytest.raises(abuse.PublicRateLimited):
        abuse.check_post(session, a, captcha_token="", captcha_answer="")


def test_after_n_posts_the_form_asks_for_a_captcha_and_takes_the_right_answer(
    client, session, monkeypatch
):
    monkeypatch.setattr(get_settings(), "public_captcha_after", 2)
    assert 'name="captcha"' not in client.get("/public/risk").text
    assert check(client).status_code == 200
    second = check(client)
    assert second.status_code == 200 and 'name="captcha"' in second.text  # the next needs one
    refused = check(client)
    assert refused.status_code == 422 and "请先输入图中的验证码" in refused.text
    assert 'src="data:image/png;base64,' in refused.text
    token = refused.text.split('name="captcha_token" value="', 1)[1].split('"', 1)[0]
    wrong = check(client, captcha_token=token, captcha="0000")
    assert wrong.status_code == 422 and "验证码不正确" in wrong.text
    # A challenge is answered once: the right answer to the used one no longer counts.
    token = wrong.text.split('name="captcha_token" value="', 1)[1].split('"', 1)[0]
    answer = session.execute(
        select(CaptchaChallenge.answer).where(CaptchaChallenge.token == token)
    ).scalar_one()
    solved = check(client, captcha_token=token, captcha=answer)
    assert solved.status_code == 200 and 'data-verdict="no"' in solved.text
    assert check(client, captcha_token=token, captcha=answer).status_code == 422


def test_public_routes_log_no_ip_address_or_user_agent(client, caplog, monkeypatch):
    monkeypatch.setattr(get_settings(), "public_post_limit", "2/minute")
    agent = "Mozilla/5.0 (Linux; Android 9; Redmi-Test-Agent)"
    client.headers["user-agent"] = agent
    with caplog.at_level(logging.DEBUG):
        client.get("/public/")
        client.get("/public/quiz?source=grid-1")
        for _ in range(3):
            check(client)
        client.get("/public/no-such-page")
    logged = "\n".join(r.getMessage() + str(r.args) for r in caplog.records)
    assert "testclient" not in logged and "Redmi-Test-Agent" not in logged
    assert "13912345678" not in logged
