"""The warnings' live events: every board subscriber hears of a new or changed warning."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from fanzha import events

CHANNEL = "fanzha_warnings"


def publish(session: Session, batch: Iterable[dict]) -> None:
    """Queue events {"id", "unit_path", "grade", "kind"} for delivery when the caller commits."""
    events.publish(session, CHANNEL, batch)
