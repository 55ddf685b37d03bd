"""Small lookups tests share (the fixtures themselves live in conftest.py)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from fanzha import jobs
from fanzha.access import Principal
from fanzha.app import create_app
from fanzha.audit.models import AuditEntry
from fanzha.auth import service as auth
from fanzha.auth.models import User
from fanzha.auth.schemas import ApiKeyIn
from fanzha.demo.city import DEMO_PASSWORD
from fanzha.org.models import Staff, Unit
from fanzha.web.deps import CSRF_COOKIE, get_session, sessions_from


def user(session: Session, username: str) -> User:
    return session.scalars(select(User).where(User.username == username)).one()


def unit_of(session: Session, username: str) -> Unit:
    return user(session, username).unit


def staff_in(session: Session, unit: Unit) -> Staff:
    """Some staff member whose unit is `unit` or below it."""
    stmt = (
        select(Staff)
        .join(Unit, Unit.id == Staff.unit_id)
        .where(Unit.path.like(unit.path + "%"))
        .order_by(Staff.id)
        .limit(1)
    )
    return session.scalars(stmt).one()


def audit_entries(session: Session, action: str, **where: object) -> list[AuditEntry]:
    stmt = select(AuditEntry).where(AuditEntry.action == action)
    for key, value in where.items():
        stmt = stmt.where(getattr(AuditEntry, key) == value)
    return list(session.scalars(stmt.order_by(AuditEntry.id)))


def csrf_token(client: TestClient) -> str:
    """The double-submit token; fetched from the login page on first use."""
    token = client.cookies.get(CSRF_COOKIE)
    if not token:
        client.get("/login")
        token = client.cookies.get(CSRF_COOKIE)
    assert token
    return token


def login(client: TestClient, username: str, password: str = DEMO_PASSWORD):
    return client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "csrf_token": csrf_token(client),
            "next": "/",
        },
    )


def post_form(client: TestClient, url: str, data: dict | None = None, **kwargs):
    return client.post(url, data={**(data or {}), "csrf_token": csrf_token(client)}, **kwargs)


def api_post(client: TestClient, url: str, json: object = None):
    return client.post(url, json=json, headers={"X-CSRF-Token": csrf_token(client)})


def make_api_key(
    session: Session,
    username_for_unit: str = "admin",
    scopes: tuple[str, ...] = ("warnings.intake", "warnings.read", "warnings.feedback"),
) -> str:
    """A live key bound to the unit of a demo user; returns the plain key."""
    _, plain = auth.create_api_key(
        session,
        Principal.system(),
        ApiKeyIn(
            name="省级反诈平台", unit_id=unit_of(session, username_for_unit).id, scopes=list(scopes)
        ),
    )
    session.flush()
    return plain


def free_port() -> int:
    """A TCP port nobody on this machine listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_clock_job(database_url: str, task: str) -> None:
    """Defer `task` and let a procrastinate worker on this database run the clocks queue
    until it is empty, as `fanzha worker` would."""
    run_queue(database_url, "clocks", defer=task)


def run_queue(database_url: str, queue: str, *, defer: str | None = None) -> None:
    """Run a procrastinate worker on `queue` until it is empty (after deferring the periodic
    task `defer`, when given)."""
    app = jobs.make_app(database_url)

    async def run() -> None:
        async with app.open_async():
            if defer:
                await app.tasks[defer].defer_async(timestamp=0)
            await app.run_worker_async(wait=False, install_signal_handlers=False, queues=[queue])

    asyncio.run(run())


@contextmanager
def serving(engine: Engine) -> Iterator[str]:
    """The real app on a free port, in a thread, committing for real through `engine`."""
    app = create_app()
    factory = sessionmaker(bind=engine, expire_on_commit=False)

    app.dependency_overrides[get_session] = sessions_from(factory)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("live server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# Personal data the tests type in for victims and staff. No log line of the whole run may
# carry one of them (tests/logscan.py checks every record); a full mobile or a valid 18-digit
# ID number is caught by pattern as well, whatever its origin (the demo city's are random).
CANARY_NAME = "周建华"
CANARY_PHONE = "13912345678"
CANARY_ID_NUMBER = "110101199003074477"
CANARY_ADDRESS = "江滨路88号3栋402室"
CANARY_NAMES = (
    "周建华",
    "林晓燕",
    "陈晓梅",
    "钱多多",
    "孙小明",
    "吴芳",
    "孙丽",
    "钱秀兰",
    "郑小红",
)
CANARIES = (*CANARY_NAMES, CANARY_PHONE, CANARY_ID_NUMBER, CANARY_ADDRESS)


def declared_permission(route) -> str | tuple | None:
    """What a route's dependency tree declares (`fanzha.web.deps.require`/`public`): "public",
    "authenticated" or the tuple of permissions it requires; None when it declares nothing."""
    pending = list(route.dependant.dependencies)
    while pending:
        dependant = pending.pop()
        permission = getattr(dependant.call, "permission", None)
        if permission is not None:
            return permission
        pending.extend(dependant.dependencies)
    return None
