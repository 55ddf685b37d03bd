"""Time: timezone-aware UTC in the database, Asia/Shanghai (UTC+8, no daylight saving) on
screen. Every "now" goes through here so tests and later deadline rules agree."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


def now() -> datetime:
    return datetime.now(UTC)


def local(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored instant as officers read it."""
    return value.astimezone(SHANGHAI).strftime(fmt) if value else ""


def day_start(day: date) -> datetime:
    """Midnight at the start of a calendar day in Shanghai."""
    return datetime.combine(day, time(), tzinfo=SHANGHAI)
