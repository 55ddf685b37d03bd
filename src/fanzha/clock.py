"""Time: timezone-aware UTC in the database, Asia/Shanghai (UTC+8, no daylight saving) on
screen. Every "now" goes through here so tests and later deadline rules agree."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time, timedelta, timezone

from fanzha.i18n import common as i18n

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
_pinned: ContextVar[datetime | None] = ContextVar("fanzha_pinned_now", default=None)


def now() -> datetime:
    return _pinned.get() or datetime.now(UTC)


@contextmanager
def pinned(at: datetime) -> Iterator[None]:
    """Inside, `now()` is `at`: the demo replays a year of cases through the real services,
    each step stamped when it happened."""
    token = _pinned.set(at)
    try:
        yield
    finally:
        _pinned.reset(token)


def local(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored instant as officers read it."""
    return value.astimezone(SHANGHAI).strftime(fmt) if value else ""


def day_start(day: date) -> datetime:
    """Midnight at the start of a calendar day in Shanghai."""
    return datetime.combine(day, time(), tzinfo=SHANGHAI)


class InvalidDateTime(ValueError):
    pass


# 2026-11-23 14:05:06 / 2026/11/23 14:05 / 2026.11.23 / 2026年11月23日 14时05分06秒 / ISO with T.
_LOCAL = re.compile(
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
    r"(?:[ T]*(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})(?:\.(\d{1,6}))?秒?|分)?)?"
)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?")  # 20261123140506


def parse_local(text: str) -> datetime:
    """A date-time as Chinese exports and officers write it, read as Shanghai time unless it
    carries its own offset. Raises InvalidDateTime with a message an officer understands."""
    raw = (text or "").strip()
    if not raw:
        raise InvalidDateTime(i18n.DATETIME["empty"])
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        parsed = None
    if parsed is not None:
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=SHANGHAI)
    match = _LOCAL.fullmatch(raw) or _COMPACT.fullmatch(raw)
    if not match:
        raise InvalidDateTime(i18n.DATETIME["unreadable"].format(raw=raw))
    parts = match.groups()
    fraction = parts[6] if len(parts) > 6 and parts[6] else ""
    try:
        return datetime(
            *(int(p) if p else 0 for p in parts[:6]),
            microsecond=int(fraction.ljust(6, "0")) if fraction else 0,
            tzinfo=SHANGHAI,
        )
    except ValueError as exc:
        raise InvalidDateTime(i18n.DATETIME["impossible"].format(raw=raw)) from exc
