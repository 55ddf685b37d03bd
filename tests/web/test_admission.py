"""Admission control (fanzha.web.admission): with every turn of the process taken and the queue
full, a request is answered at once 503 系统繁忙 with Retry-After, in the shape its caller reads
(page, htmx toast, API JSON); /healthz still answers; a queued request gets its turn when one
ends; an event stream gives its turn back as soon as it opens.

The app is the real one with the limits set low, plus two routes that hold their turn until the
test releases them (a slow route, and an event stream that has sent its first event)."""

from __future__ import annotations

import anyio
import httpx
import pytest
from fastapi.responses import StreamingResponse

from fanzha.config import get_settings
from fanzha.i18n import zh_CN

BUSY = zh_CN.ERRORS["busy"]


@pytest.fixture
def crowded(app, monkeypatch):
    """The app with `limit` turns and room for `queue` waiting; `hold["release"]` (an
    anyio.Event, made on the test's loop) lets the held routes finish."""
    hold: dict[str, anyio.Event] = {}

    @app.get("/held")
    async def held() -> dict[str, str]:
        await hold["release"].wait()
        return {"held": "done"}

    @app.get("/held-stream")
    async def held_stream() -> StreamingResponse:
        async def events():
            yield "retry: 2000\n\n"
            await hold["release"].wait()

        return StreamingResponse(events(), media_type="text/event-stream")

    def configure(limit: int, queue: int, lease_ms: int = 0):
        monkeypatch.setattr(get_settings(), "admission_limit", limit)
        monkeypatch.setattr(get_settings(), "admission_queue", queue)
        # No lease unless the test is about it: a held request must keep its turn however
        # slowly a loaded machine gets to the next request.
        monkeypatch.setattr(get_settings(), "admission_lease_ms", lease_ms)
        return app, hold

    return configure


def run_crowded(app, hold, held_paths: list[str], then: list[tuple[str, dict]], pause: float = 0.0):
    """Send `held_paths` and wait until each holds its turn or waits for one (and `pause`
    seconds more); then send `then` one by one (path, headers); release; every answer, held
    ones first."""

    async def main() -> list[httpx.Response]:
        hold["release"] = anyio.Event()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            held: dict[int, httpx.Response] = {}

            async def send_held(n: int, path: str) -> None:
                held[n] = await client.get(path)

            async with anyio.create_task_group() as group:
                for n, path in enumerate(held_paths):
                    group.start_soon(send_held, n, path)
                await anyio.wait_all_tasks_blocked()
                await anyio.sleep(pause)
                later = [await client.get(path, headers=headers) for path, headers in then]
                hold["release"].set()
        return [held[n] for n in range(len(held_paths))] + later

    return anyio.run(main)


def test_beyond_the_queue_a_request_is_told_the_system_is_busy(crowded):
    app, hold = crowded(limit=1, queue=1)
    first, queued, page, toast, api, health = run_crowded(
        app,
        hold,
        ["/held", "/held"],
        [
            ("/login", {}),
            ("/login", {"HX-Request": "true"}),
            ("/api/v1/warnings", {"X-API-Key": "any"}),
            ("/healthz", {}),
        ],
    )
    for refused in (page, toast, api):
        assert refused.status_code == 503
        assert refused.headers["Retry-After"].isdigit()
        assert BUSY in refused.text
    assert "<html" in page.text.lower()
    assert toast.headers["HX-Retarget"] == "#toast"
    assert api.json()["code"] == "busy" and api.json()["message"] == BUSY
    # The health check never waits for a turn, and the database answered it.
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    # The one at work and the one waiting were both served once released.
    assert (first.status_code, queued.status_code) == (200, 200)
    assert first.json() == queued.json() == {"held": "done"}


def test_an_open_event_stream_holds_no_turn(crowded):
    app, hold = crowded(limit=1, queue=0)
    stream, page = run_crowded(app, hold, ["/held-stream"], [("/login", {})])
    assert stream.status_code == 200 and stream.text.startswith("retry: 2000")
    assert page.status_code == 200  # with the stream's turn still held, it would be a 503


def test_without_a_limit_nothing_is_refused(crowded):
    app, hold = crowded(limit=0, queue=0)
    answers = run_crowded(app, hold, ["/held", "/held"], [("/login", {})])
    assert [a.status_code for a in answers] == [200, 200, 200]


def test_the_citizens_site_keeps_its_own_turns_while_staff_pages_are_full(crowded):
    app, hold = crowded(limit=1, queue=0)
    held, staff, public = run_crowded(app, hold, ["/held"], [("/login", {}), ("/public/", {})])
    assert held.status_code == 200
    assert staff.status_code == 503  # the staff side is full...
    assert public.status_code == 200 and "96110" in public.text  # ...the public side is not


def test_a_request_past_its_lease_no_longer_holds_the_queue(crowded):
    # One turn, no room to wait: while the held request counts, a page is refused (as above);
    # once its lease has run out, the page is served, and the long request still finishes.
    app, hold = crowded(limit=1, queue=0, lease_ms=50)
    held, refused = run_crowded(app, hold, ["/held"], [("/login", {})])
    assert held.status_code == 200 and refused.status_code == 503
    held, served = run_crowded(app, hold, ["/held"], [("/login", {})], pause=0.3)
    assert served.status_code == 200 and "<html" in served.text.lower()
    assert held.status_code == 200 and held.json() == {"held": "done"}
