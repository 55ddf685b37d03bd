"""Abuse guards of the citizens' site: a per-client rate limit on every public POST and an
offline image CAPTCHA after repeated posts.

The limit is the `limits` library's fixed-window strategy over a storage of our own in
PostgreSQL (`public_rate_counters`, UNLOGGED): `fanzha serve` runs two app processes and the
kernel hands each connection to either, so an in-memory counter would give every client twice
its limit (more with more workers) and forget it at each restart; the database is the one
place both processes share, and a counter is one upsert on a row only that client touches.
The counter is written in the request's own transaction: a refused post changes nothing, and
every public POST route answers a bad form without raising (its increment is kept).

Who a client is: a hash of its address (the proxy's X-Forwarded-For when uvicorn trusts the
proxy, FORWARDED_ALLOW_IPS) salted with the database's system identifier and the day; the
address itself is never stored, and a counter row is gone after its window.

The CAPTCHA (`captcha`, fonts bundled, nothing online) is asked for once a client has posted
`public_captcha_after` times within the hour; each challenge is answered once.
"""

from __future__ import annotations

import base64
import hashlib
import random
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from captcha.image import ImageCaptcha
from limits import RateLimitItem, parse
from limits.storage import Storage
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import delete, text
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.config import get_settings
from fanzha.public.errors import CaptchaRequired, CaptchaWrong, PublicRateLimited
from fanzha.public.models import CaptchaChallenge

CAPTCHA_WINDOW = "{count}/hour"
CAPTCHA_MINUTES = 10
CAPTCHA_DIGITS = 4
# One hit in this many also sweeps expired counters and challenges away.
SWEEP_ONE_IN = 500

_UPSERT = text(
    """
    INSERT INTO public_rate_counters AS c (key, count, expires_at)
    VALUES (:key, :amount, now() + make_interval(secs => :expiry))
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN c.expires_at <= now() THEN excluded.count
                   ELSE c.count + excluded.count END,
      expires_at = CASE WHEN c.expires_at <= now() THEN excluded.expires_at
                        ELSE c.expires_at END
    RETURNING count
    """
)


class PostgresStorage(Storage):
    """A `limits` storage on the request's session: fixed-window counters only."""

    STORAGE_SCHEME = ["fanzha+postgresql"]  # noqa: RUF012 (the library's registry reads it)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    @property
    def base_exceptions(self) -> type[Exception]:
        return Exception

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        if random.randrange(SWEEP_ONE_IN) == 0:
            self.session.execute(text("DELETE FROM public_rate_counters WHERE expires_at < now()"))
            self.session.execute(
                delete(CaptchaChallenge).where(CaptchaChallenge.expires_at < clock.now())
            )
        return int(
            self.session.execute(
                _UPSERT, {"key": key, "amount": amount, "expiry": expiry}
            ).scalar_one()
        )

    def get(self, key: str) -> int:
        row = self.session.execute(
            text("SELECT count FROM public_rate_counters WHERE key = :key AND expires_at > now()"),
            {"key": key},
        ).scalar()
        return int(row or 0)

    def get_expiry(self, key: str) -> float:
        row = self.session.execute(
            text(
                "SELECT extract(epoch FROM expires_at) FROM public_rate_counters WHERE key = :key"
            ),
            {"key": key},
        ).scalar()
        return float(row) if row is not None else clock.now().timestamp()

    def check(self) -> bool:
        return True

    def reset(self) -> int | None:
        return self.session.execute(text("DELETE FROM public_rate_counters")).rowcount

    def clear(self, key: str) -> None:
        self.session.execute(
            text("DELETE FROM public_rate_counters WHERE key = :key"), {"key": key}
        )


@cache
def _post_limit(spec: str) -> RateLimitItem:
    return parse(spec)


def _salt(session: Session) -> str:
    day = clock.now().astimezone(clock.SHANGHAI).date()
    return f"{_system_identifier(session)}{day.isoformat()}"


_identifier: list[str] = []


def _system_identifier(session: Session) -> str:
    if not _identifier:
        value = session.execute(text("SELECT system_identifier FROM pg_control_system()")).scalar()
        _identifier.append(str(value))
    return _identifier[0]


def client_key(session: Session, address: str | None) -> str:
    """The salted hash a client is counted under (never its address)."""
    salted = f"{_salt(session)}|{address or '-'}".encode()
    return hashlib.blake2b(salted, digest_size=16).hexdigest()


@dataclass(frozen=True)
class Guard:
    """What the page needs to know: whether the next post must carry a CAPTCHA."""

    captcha_needed: bool


def check_post(
    session: Session, client: str, *, captcha_token: str, captcha_answer: str
) -> CaptchaRequired | CaptchaWrong | None:
    """Count one public POST of `client` (client_key); raises PublicRateLimited (429, with
    `seconds` until the window ends) over the post limit. Past the CAPTCHA threshold, a post
    without the right answer gets CaptchaRequired or CaptchaWrong back (not raised: the post
    and the challenge used up must stay counted when the page shows the form again)."""
    settings = get_settings()
    limiter = FixedWindowRateLimiter(PostgresStorage(session))
    item = _post_limit(settings.public_post_limit)
    if not limiter.hit(item, "post", client):
        reset = limiter.get_window_stats(item, "post", client).reset_time
        seconds = max(1, int(reset - clock.now().timestamp()) + 1)
        raise PublicRateLimited(seconds=seconds)
    if settings.public_captcha_after and not limiter.hit(_captcha_item(), "captcha", client):
        if not captcha_answer.strip():  # the form carries a token; the citizen typed nothing
            return CaptchaRequired(field="captcha")
        if not solve(session, captcha_token, captcha_answer):
            return CaptchaWrong(field="captcha")
    return None


def _captcha_item() -> RateLimitItem:
    return _post_limit(CAPTCHA_WINDOW.format(count=get_settings().public_captcha_after))


def guard(session: Session, client: str) -> Guard:
    """Whether `client`'s next post must carry a CAPTCHA (counts nothing)."""
    if not get_settings().public_captcha_after:
        return Guard(captcha_needed=False)
    limiter = FixedWindowRateLimiter(PostgresStorage(session))
    return Guard(captcha_needed=not limiter.test(_captcha_item(), "captcha", client))


@dataclass(frozen=True)
class Challenge:
    token: str
    image: str  # a data: URI of the PNG, so the page needs no second request


def new_challenge(session: Session) -> Challenge:
    """A fresh CAPTCHA of CAPTCHA_DIGITS digits, valid CAPTCHA_MINUTES, answerable once."""
    answer = "".join(secrets.choice("23456789") for _ in range(CAPTCHA_DIGITS))
    token = secrets.token_urlsafe(18)
    session.add(
        CaptchaChallenge(
            token=token,
            answer=answer,
            expires_at=clock.now() + timedelta(minutes=CAPTCHA_MINUTES),
        )
    )
    session.flush()
    png = ImageCaptcha(width=180, height=64).generate(answer).getvalue()
    return Challenge(token, "data:image/png;base64," + base64.b64encode(png).decode())


def solve(session: Session, token: str, answer: str) -> bool:
    """True when `answer` is the challenge's (digits, spaces ignored); the challenge is used up
    either way."""
    if not token:
        return False
    stored = session.execute(
        delete(CaptchaChallenge)
        .where(CaptchaChallenge.token == token, CaptchaChallenge.expires_at > clock.now())
        .returning(CaptchaChallenge.answer)
    ).scalar()
    # NFKC: a Chinese keyboard types full-width digits (１２３４); compare bytes, as
    # compare_digest refuses non-ASCII text.
    given = "".join(unicodedata.normalize("NFKC", answer).split())
    return stored is not None and secrets.compare_digest(stored.encode(), given.encode())
