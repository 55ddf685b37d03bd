"""Warnings end to end through a real server (uvicorn, 2 worker processes):

- intake.batch_rows_per_s: batches of 1,000 through `POST /api/v1/warnings:batch`, against the
  raw executemany baseline of the same run;
- intake.single_post_p50_ms / _p99_ms: one warning per request at a fixed 200 requests/s;
- intake.sse_delivery_p99_ms: from the intake response to the event on a subscribed board;
- board.page_p95_ms moved to bench/lists.py (the board at 100,000 open warnings).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import count

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.figures import Figure
from fanzha import migrate
from fanzha.access import Principal
from fanzha.auth import service as auth
from fanzha.auth.models import User
from fanzha.auth.schemas import ApiKeyIn
from fanzha.db import new_engine, sqlalchemy_url
from fanzha.demo import city as demo_city
from fanzha.org.models import Compound, Grid, Street, Unit

BATCH = 1000
BATCHES = 20
RATE = 200
SINGLE_SECONDS = 10
SSE_SAMPLES = 100
_ids = count(1)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _addresses(url: str) -> tuple[list[str], list[str], str]:
    """Addresses of station_a's grids (for the board), of the whole city, and a key."""
    engine = new_engine(sqlalchemy_url(url))
    with Session(engine) as session:
        demo_city.build(session, seed=1, scale="city")
        station_path = session.scalar(
            select(Unit.path)
            .join(User, User.unit_id == Unit.id)
            .where(User.username == "station_a")
        )
        rows = session.execute(
            select(Street.district, Street.name, Compound.house_number, Compound.name, Unit.path)
            .join(Street, Street.id == Compound.street_id)
            .join(Grid, Grid.id == Compound.grid_id)
            .join(Unit, Unit.id == Grid.unit_id)
        ).all()
        _, plain = auth.create_api_key(
            session,
            Principal.system(),
            ApiKeyIn(
                name="bench",
                unit_id=session.scalar(select(Unit.id).where(Unit.parent_id.is_(None))),
                scopes=["warnings.intake", "warnings.read"],
            ),
        )
        session.commit()
    engine.dispose()
    mine = [f"{d}{s}{n}{c}2栋1单元302室" for d, s, n, c, p in rows if p.startswith(station_path)]
    every = [f"{d}{s}{n}{c}5栋3单元1101室" for d, s, n, c, _ in rows]
    return mine, every, plain


def _payload(address: str, **extra) -> dict:
    n = next(_ids)
    return {
        "source": "province",
        "external_id": f"BENCH-{n:09d}",
        "person_name": "赵淑芬",
        "person_phone": f"139{n % 10**8:08d}",
        "address": address,
        "fraud_type": "investment",
        "fraudster_phone": f"+86170{n % 10**8:08d}",
        "amount_fen": (n % 97) * 100_000,
        "issued_at": datetime.now(UTC).isoformat(),
        **extra,
    }


class Server:
    """`uvicorn fanzha.app:create_app --workers 2` on the bench database."""

    def __init__(self, url: str, start_seconds: float = 60) -> None:
        self.port = _free_port()
        env = {**os.environ, "FANZHA_DATABASE_URL": url}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "fanzha.app:create_app",
                "--factory",
                "--workers",
                "2",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            env=env,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + start_seconds
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("bench server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _batch_rate(base: str, key: str, addresses: list[str]) -> float:
    batches = [
        [_payload(addresses[(b * BATCH + i) % len(addresses)]) for i in range(BATCH)]
        for b in range(BATCHES)
    ]
    bodies = [json.dumps({"items": items}).encode() for items in batches]
    headers = {"X-API-Key": key, "content-type": "application/json"}

    async def run() -> float:
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
            await client.post(
                "/api/v1/warnings:batch",
                content=json.dumps({"items": [_payload(addresses[0])]}).encode(),
            )  # warm both caches
            queue = list(bodies)
            began = time.perf_counter()

            async def sender() -> None:
                while queue:
                    response = await client.post("/api/v1/warnings:batch", content=queue.pop())
                    assert response.status_code == 200 and response.json()["created"] == BATCH

            await asyncio.gather(sender(), sender())  # one in flight per app process
            return time.perf_counter() - began

    return BATCH * BATCHES / asyncio.run(run())


class _LeanClient:
    """Keep-alive HTTP/1.1 connections for the fixed-rate test, requests encoded before the
    clock starts. httpx spent about 3 ms of CPU per request here: on 2 cores, at 200 requests
    a second, that was a third of the machine taken from the server under test."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.opened: list[asyncio.StreamWriter] = []

    def request(self, path: str, key: str, payload: dict) -> bytes:
        body = json.dumps(payload).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nX-API-Key: {key}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        return head.encode() + body

    async def send(self, request: bytes) -> int:
        """The response's status code, once its whole body has arrived."""
        if self.idle:
            try:
                return await self._exchange(*self.idle.pop(), request)
            except (asyncio.IncompleteReadError, ConnectionError):
                pass  # closed by the server while idle: resend on a new one (intake is idempotent)
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.opened.append(writer)
        return await self._exchange(reader, writer, request)

    async def _exchange(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
    ) -> int:
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
        await reader.readexactly(int(length.group(1)) if length else 0)
        self.idle.append((reader, writer))
        return int(head[9:12])

    def close(self) -> None:
        for writer in self.opened:
            writer.close()


def _single_latencies(port: int, key: str, addresses: list[str]) -> list[float]:
    """Latency of each request from the moment it was due to be sent (a late send counts
    against us, so a stalled server cannot hide behind a slowed client)."""

    async def run() -> list[float]:
        client = _LeanClient(port)
        requests = [
            client.request("/api/v1/warnings", key, _payload(addresses[i % len(addresses)]))
            for i in range(RATE * SINGLE_SECONDS)
        ]
        latencies: list[float] = []

        async def one(request: bytes, due: float) -> None:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            assert await client.send(request) == 201
            latencies.append((time.perf_counter() - due) * 1000)

        start = time.perf_counter() + 0.2
        await asyncio.gather(*(one(r, start + i / RATE) for i, r in enumerate(requests)))
        client.close()
        return latencies

    return asyncio.run(run())


def _sse_latencies(base: str, key: str, addresses: list[str]) -> list[float]:
    async def run() -> list[float]:
        sent: dict[int, float] = {}
        seen: list[float] = []
        done = asyncio.Event()
        headers = {"X-API-Key": key}
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=None) as client:

            async def listen(ready: asyncio.Event) -> None:
                async with client.stream("GET", "/warnings/stream") as stream:
                    ready.set()
                    async for line in stream.aiter_lines():
                        if not line.startswith("data:"):
                            continue
                        event = json.loads(line[5:])
                        arrived = time.perf_counter()
                        while event["id"] not in sent and not done.is_set():
                            await asyncio.sleep(0.001)  # the response may land just after
                        if event["id"] in sent:
                            seen.append((arrived - sent[event["id"]]) * 1000)
                        if len(seen) >= SSE_SAMPLES:
                            done.set()
                            return

            ready = asyncio.Event()
            listener = asyncio.create_task(listen(ready))
            await ready.wait()
            await asyncio.sleep(0.5)
            for i in range(SSE_SAMPLES):
                response = await client.post("/api/v1/warnings", json=_payload(addresses[i]))
                sent[response.json()["id"]] = time.perf_counter()
                await asyncio.sleep(0.02)
            await asyncio.wait_for(done.wait(), timeout=30)
            listener.cancel()
        return seen

    return [max(0.0, v) for v in asyncio.run(run())]


@contextmanager
def signed_in(base: str, username: str) -> Iterator[httpx.Client]:
    """A browser-like client signed in as a demo user."""
    with httpx.Client(base_url=base, timeout=60, follow_redirects=False) as client:
        client.get("/login")
        signed = client.post(
            "/login",
            data={
                "username": username,
                "password": demo_city.DEMO_PASSWORD,
                "csrf_token": client.cookies["fanzha_csrf"],
                "next": "/",
            },
        )
        assert signed.status_code == 303, signed.text
        yield client


def run(url: str) -> dict[str, Figure]:
    migrate.upgrade(sqlalchemy_url(url))
    _mine, every, key = _addresses(url)
    server = Server(url)
    try:
        rate = _batch_rate(server.base, key, every)
        singles = _single_latencies(server.port, key, every)
        sse = _sse_latencies(server.base, key, every)
    finally:
        server.stop()
    return {
        "intake.batch_rows_per_s": Figure(
            round(rate), "rows/s", baseline="pg.raw_executemany_rows_per_s"
        ),
        "intake.single_post_p50_ms": Figure(round(statistics.median(singles), 1), "ms"),
        "intake.single_post_p99_ms": Figure(round(_percentile(singles, 99), 1), "ms"),
        "intake.sse_delivery_p99_ms": Figure(round(_percentile(sse, 99), 1), "ms"),
    }
