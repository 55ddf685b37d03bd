"""Wrong passwords sent at the same moment each count: the lock-out cannot be raced.

This module commits (each attempt is its own transaction, as in the server), so it runs in its
own database like every module."""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from fanzha.auth import service as auth
from fanzha.config import get_settings
from tests.helpers import audit_entries, user

pytestmark = pytest.mark.usefixtures("city")

PARALLEL = 12


def _at_once(engine: Engine, username: str, passwords: list[str]) -> list[auth.LoginResult]:
    """Each password in its own thread and transaction, all released together."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    start = threading.Barrier(len(passwords))
    results: list[auth.LoginResult] = []

    def attempt(password: str) -> None:
        with factory() as session:
            start.wait()
            result = auth.login(
                session, username=username, password=password, ip="127.0.0.1", user_agent="t"
            )
            session.commit()
            results.append(result)

    threads = [threading.Thread(target=attempt, args=(p,)) for p in passwords]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == len(passwords), "an attempt hung"
    return results


def test_twelve_simultaneous_wrong_passwords_lock_the_account(engine: Engine):
    threshold = get_settings().lockout_failures
    results = _at_once(engine, "analyst", [f"wrong-{i}" for i in range(PARALLEL)])

    # Exactly the first `threshold` failures count (the last of them locks); the rest are
    # refused as locked, whatever order the database took them in.
    statuses = sorted(r.status_code for r in results)
    assert statuses == [401] * (threshold - 1) + [429] * (PARALLEL - threshold + 1)
    assert all("账号已锁定" in r.error for r in results if r.status_code == 429)
    with Session(engine) as session:
        account = user(session, "analyst")
        assert account.locked_until is not None and account.locked_until > datetime.now(UTC)
        target = str(account.id)
        failed = audit_entries(session, "auth.login.failed", target_id=target)
        locked = audit_entries(session, "auth.login.locked", target_id=target)
    # Every attempt left its trace, and the counter went 1, 2, ... without a gap or a repeat.
    assert len(failed) + len(locked) == PARALLEL
    assert sorted(e.summary for e in failed) == [
        f"密码错误（第{n}次）" for n in range(1, threshold)
    ]
    assert [e.summary for e in locked].count(f"连续{threshold}次密码错误，锁定") == 1


def test_password_checks_run_at_a_lower_cpu_priority_than_requests():
    # A burst of sign-ins must leave the cores to the process's other requests (the storm
    # bench measures /healthz during one); argon2's own threads inherit the niceness.
    def niceness() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    request_thread = niceness()
    hashing_thread = auth._hashing.submit(niceness).result()
    assert hashing_thread >= auth.HASHING_NICENESS
    assert hashing_thread > request_thread
