"""Live events: PostgreSQL NOTIFY inside the transaction (delivered on commit), so every app
process hears of a change at once, whichever process made it."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

# NOTIFY payloads are limited to 8,000 bytes; one event is well under 80.
_CHUNK = 80


def publish(session: Session, channel: str, events: Iterable[dict]) -> None:
    """Queue JSON events on `channel` for delivery when the caller commits."""
    batch = [json.dumps(e, separators=(",", ":"), ensure_ascii=False) for e in events]
    for start in range(0, len(batch), _CHUNK):
        payload = "[" + ",".join(batch[start : start + _CHUNK]) + "]"
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"), {"channel": channel, "payload": payload}
        )
