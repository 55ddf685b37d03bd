"""Live events: PostgreSQL NOTIFY inside the transaction (delivered on commit), so every app
process's board subscribers hear of a new or changed warning at once."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

CHANNEL = "fanzha_warnings"
# NOTIFY payloads are limited to 8,000 bytes; a warning's event is ~60.
_CHUNK = 100


def publish(session: Session, events: Iterable[dict]) -> None:
    """Queue events {"id", "unit_path", "grade", "kind"} for delivery when the caller commits."""
    batch = [json.dumps(e, separators=(",", ":"), ensure_ascii=False) for e in events]
    for start in range(0, len(batch), _CHUNK):
        payload = "[" + ",".join(batch[start : start + _CHUNK]) + "]"
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload}
        )
