"""Admission control: how many requests one app process works on at once.

A burst of a hundred requests arriving together would otherwise all start at once: each runs
the routing, dependency and form-parsing machinery on the event loop, then a sync route on one
of forty threads contending for the GIL, and the one request that must answer fast (the health
check) waits behind all of them. Here at most `admission_limit` requests are at work per
process; the rest wait their turn on the event loop (in arrival order, holding no thread and no
connection), and beyond `admission_queue` waiting a request is refused at once with 503
系统繁忙 and Retry-After. /healthz and static files never wait. The citizens' site (/public/)
takes its turns from a set of its own: a storm of staff exports or imports never makes a
citizen's quiz or risk check wait, nor the other way round.

A request's turn ends when its response starts: an event stream (the live board) gives its
turn back as soon as it opens, since the stream itself runs on the event loop. A turn is also
a lease of `admission_lease_ms`: a request still at work when it runs out (an export, a PDF
report, a query waiting on a lock) goes on, but no longer counts, so the limit can be kept low
for the short requests that make up a burst (fewer threads contending for the GIL and the
cores, so the event loop and /healthz keep answering) without a few slow ones holding every
other request of the process in the queue. The thread pool and the connection pool still bound
how many such long requests run at once.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import anyio
from anyio.lowlevel import RunVar
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fanzha.config import get_settings
from fanzha.i18n import zh_CN
from fanzha.web.errors import RETRY_AFTER_SECONDS, error_response

PUBLIC_PREFIX = "/public/"


@dataclass
class _Turns:
    slots: anyio.Semaphore
    waiting: int = field(default=0)


class AdmissionMiddleware:
    """At most `limit` requests at work per process, `queue` more waiting, a turn held for
    `lease_ms` at most (settings `admission_limit`, `admission_queue` and
    `admission_lease_ms`; a limit of 0 turns admission off, a lease of 0 keeps each turn to the
    response)."""

    def __init__(
        self,
        app: ASGIApp,
        limit: int | None = None,
        queue: int | None = None,
        lease_ms: int | None = None,
    ) -> None:
        self.app = app
        settings = get_settings()
        self.limit = settings.admission_limit if limit is None else limit
        self.queue = settings.admission_queue if queue is None else queue
        self.lease_ms = settings.admission_lease_ms if lease_ms is None else lease_ms
        self._turns: RunVar[_Turns] = RunVar(f"fanzha_admission_{id(self)}")
        self._public_turns: RunVar[_Turns] = RunVar(f"fanzha_admission_public_{id(self)}")

    def turns(self, path: str = "/") -> _Turns:
        """This event loop's turns for `path` (a test client runs each test on a loop of its
        own): the public site's, or everyone else's."""
        var = self._public_turns if path.startswith(PUBLIC_PREFIX) else self._turns
        try:
            return var.get()
        except LookupError:
            turns = _Turns(anyio.Semaphore(self.limit, fast_acquire=True))
            var.set(turns)
            return turns

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.limit <= 0 or _never_waits(scope["path"]):
            await self.app(scope, receive, send)
            return
        turns = self.turns(scope["path"])
        if turns.slots.value == 0 and turns.waiting >= self.queue:
            await refuse(scope, receive, send)
            return
        turns.waiting += 1
        try:
            await turns.slots.acquire()
        finally:
            turns.waiting -= 1
        held = True

        def give_back() -> None:
            nonlocal held
            if held:
                held = False
                turns.slots.release()

        async def send_and_give_back(message: Message) -> None:
            if message["type"] == "http.response.start":
                give_back()
            await send(message)

        # A long request stops counting once its lease runs out (it goes on to the end).
        lease = (
            asyncio.get_running_loop().call_later(self.lease_ms / 1000, give_back)
            if self.lease_ms
            else None
        )
        try:
            await self.app(scope, receive, send_and_give_back)
        finally:
            if lease is not None:
                lease.cancel()
            give_back()


def _never_waits(path: str) -> bool:
    # The health check must show a living process as living however busy it is; a static
    # file costs no thread and no connection.
    return path == "/healthz" or path.startswith("/static/")


async def refuse(scope: Scope, receive: Receive, send: Send) -> None:
    """503 系统繁忙 with Retry-After, in the shape the caller expects (JSON, toast or page)."""
    request = Request(scope, receive)
    response = error_response(
        request,
        503,
        "busy",
        zh_CN.ERRORS["busy"],
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
    await response(scope, receive, send)
