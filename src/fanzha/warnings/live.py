"""The live board's fan-out: one LISTEN connection per app process, one queue per browser.

PostgreSQL delivers NOTIFY to every listening process, so a warning received by any worker
reaches every subscribed board, whichever worker serves it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import psycopg

from fanzha.warnings.events import CHANNEL

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 15


@dataclass(eq=False)  # identity hashing: each browser is its own subscriber
class _Subscriber:
    unit_path: str
    queue: asyncio.Queue[dict] = field(default_factory=lambda: asyncio.Queue(maxsize=500))


class Hub:
    def __init__(self, url: str) -> None:
        self.url = url
        self.subscribers: set[_Subscriber] = set()
        self._task: asyncio.Task | None = None
        self._ready = asyncio.Event()

    async def _listen(self) -> None:
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(self.url, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    self._ready.set()
                    async for note in conn.notifies():
                        self._dispatch(note.payload)
            except asyncio.CancelledError:
                raise
            except Exception:  # the database restarted: listen again shortly
                log.warning("live board listener lost its connection; reconnecting")
                self._ready.clear()
                await asyncio.sleep(1)

    def _dispatch(self, payload: str) -> None:
        try:
            events = json.loads(payload)
        except ValueError:
            return
        for subscriber in list(self.subscribers):
            for event in events:
                if event.get("unit_path", "").startswith(subscriber.unit_path):
                    with contextlib.suppress(asyncio.QueueFull):  # a stalled browser misses one
                        subscriber.queue.put_nowait(event)

    async def subscribe(self, unit_path: str) -> AsyncIterator[dict | None]:
        """Events for a unit's subtree as they come; None every heartbeat interval."""
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._listen())
        await asyncio.wait_for(self._ready.wait(), timeout=10)
        subscriber = _Subscriber(unit_path)
        self.subscribers.add(subscriber)
        try:
            while True:
                try:
                    yield await asyncio.wait_for(subscriber.queue.get(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    yield None
        finally:
            self.subscribers.discard(subscriber)


_hubs: dict[tuple[str, int], Hub] = {}


def hub_for(url: str) -> Hub:
    """The hub for one database in this event loop (tests run several of each)."""
    key = (url, id(asyncio.get_running_loop()))
    if key not in _hubs:
        _hubs[key] = Hub(url)
    return _hubs[key]
