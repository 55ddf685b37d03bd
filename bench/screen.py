"""The command big screen (指挥大屏) through a real server (uvicorn, 2 worker processes):

- bigscreen.sse_delivery_p99_ms: from sending a warning to the API until its event arrives on
  each of STREAMS open big-screen streams (the city's, signed in as the leader), p99 over every
  (warning, stream) pair; the streams are spread over both workers, so both hubs deliver;
- bigscreen.snapshot_p95_ms: the city screen's snapshot (every panel's figures), p95 of
  SNAPSHOTS sequential requests, with the streams open.

The city is the demo's at city scale with RECENT_DAYS days of warnings (a day on the wall is
what the snapshot reads). `BENCH_SCREEN_STREAMS` / `BENCH_SCREEN_SAMPLES` /
`BENCH_SCREEN_SCALE=small` set a smaller run.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.figures import Figure
from bench.intake import Server, _payload, _percentile
from fanzha import migrate
from fanzha.access import Principal
from fanzha.auth import service as auth
from fanzha.auth.schemas import ApiKeyIn
from fanzha.db import new_engine, sqlalchemy_url
from fanzha.demo import city as demo_city
from fanzha.org.models import Compound, Grid, Street, Unit

STREAMS = int(os.environ.get("BENCH_SCREEN_STREAMS", "50"))
SAMPLES = int(os.environ.get("BENCH_SCREEN_SAMPLES", "100"))
SNAPSHOTS = 50
SCALE = os.environ.get("BENCH_SCREEN_SCALE", "city")  # "small": a quick proof that it runs
RECENT_DAYS = 2
GAP_SECONDS = 0.05  # 20 warnings a second: twice a busy city's rate


def _world(url: str) -> tuple[int, list[str], str]:
    """The city's unit id, addresses all over it, and an intake key."""
    engine = new_engine(sqlalchemy_url(url))
    with Session(engine) as session:
        demo_city.build(session, seed=1, scale=SCALE, recent_days=RECENT_DAYS)  # type: ignore[arg-type]
        city_id = session.scalar(select(Unit.id).where(Unit.parent_id.is_(None)))
        rows = session.execute(
            select(Street.district, Street.name, Compound.house_number, Compound.name)
            .join(Street, Street.id == Compound.street_id)
            .join(Grid, Grid.id == Compound.grid_id)
        ).all()
        _, plain = auth.create_api_key(
            session,
            Principal.system(),
            ApiKeyIn(name="bench-screen", unit_id=city_id, scopes=["warnings.intake"]),
        )
        session.commit()
    engine.dispose()
    return city_id, [f"{d}{s}{n}{c}7栋2单元601室" for d, s, n, c in rows], plain


def _sign_in(base: str) -> httpx.Cookies:
    with httpx.Client(base_url=base, timeout=60, follow_redirects=False) as client:
        client.get("/login")
        signed = client.post(
            "/login",
            data={
                "username": "leader",
                "password": demo_city.DEMO_PASSWORD,
                "csrf_token": client.cookies["fanzha_csrf"],
                "next": "/",
            },
        )
        assert signed.status_code == 303, signed.text
        return client.cookies


def _measure(base: str, city_id: int, addresses: list[str], key: str) -> tuple[list, list]:
    cookies = _sign_in(base)
    limits = httpx.Limits(max_connections=STREAMS + 10, max_keepalive_connections=STREAMS + 10)

    async def run() -> tuple[list[float], list[float]]:
        sent: dict[int, float] = {}
        arrivals: list[float] = []
        expected = STREAMS * SAMPLES
        done = asyncio.Event()
        async with httpx.AsyncClient(
            base_url=base, cookies=cookies, timeout=None, limits=limits
        ) as screens:

            async def listen(ready: asyncio.Event) -> None:
                async with screens.stream("GET", f"/screen/{city_id}/stream") as stream:
                    assert stream.status_code == 200
                    ready.set()
                    async for line in stream.aiter_lines():
                        if not line.startswith("data:"):
                            continue
                        event = json.loads(line[5:])
                        if event.get("kind") != "new":
                            continue
                        arrived = time.perf_counter()
                        while event["id"] not in sent and not done.is_set():
                            await asyncio.sleep(0.001)  # the response may land just after
                        if event["id"] in sent:
                            arrivals.append((arrived - sent[event["id"]]) * 1000)
                        if len(arrivals) >= expected:
                            done.set()

            readies = [asyncio.Event() for _ in range(STREAMS)]
            listeners = [asyncio.create_task(listen(r)) for r in readies]
            await asyncio.gather(*(r.wait() for r in readies))
            await asyncio.sleep(1)  # every hub is listening
            async with httpx.AsyncClient(
                base_url=base, headers={"X-API-Key": key}, timeout=60
            ) as api:
                for i in range(SAMPLES):
                    started = time.perf_counter()
                    response = await api.post(
                        "/api/v1/warnings", json=_payload(addresses[i % len(addresses)])
                    )
                    assert response.status_code == 201, response.text
                    sent[response.json()["id"]] = started
                    await asyncio.sleep(GAP_SECONDS)
            with contextlib.suppress(TimeoutError):  # a lost event is a miss below, not a hang
                await asyncio.wait_for(done.wait(), timeout=60)
            snapshots = []
            for _ in range(SNAPSHOTS):
                started = time.perf_counter()
                response = await screens.get(f"/screen/{city_id}/snapshot.json")
                assert response.status_code == 200
                snapshots.append((time.perf_counter() - started) * 1000)
            for task in listeners:
                task.cancel()
            missed = expected - len(arrivals)
            assert missed == 0, f"{missed} of {expected} events never reached a screen"
        return arrivals, snapshots

    return asyncio.run(run())


def run(url: str) -> dict[str, Figure]:
    migrate.upgrade(sqlalchemy_url(url))
    city_id, addresses, key = _world(url)
    server = Server(url, start_seconds=300)  # two workers warming up on a loaded machine
    try:
        arrivals, snapshots = _measure(server.base, city_id, addresses, key)
    finally:
        server.stop()
    return {
        "bigscreen.sse_delivery_p99_ms": Figure(round(_percentile(arrivals, 99), 1), "ms"),
        "bigscreen.snapshot_p95_ms": Figure(round(_percentile(snapshots, 95), 1), "ms"),
    }
