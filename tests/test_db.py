"""The app's database is resolved once per process: the embedded server is started by one
thread, however many ask for it at once (fanzha.db.resolve_database_url)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from fanzha import db


def test_threads_asking_at_once_start_the_embedded_server_once(monkeypatch):
    started: list[str] = []

    def slow_start(pgdata):  # a real start takes seconds; two at once in one directory fail
        started.append(threading.current_thread().name)
        time.sleep(0.2)
        return "postgresql://postgres@localhost:5432/postgres"

    monkeypatch.setenv("FANZHA_DATABASE_URL", "")
    db.get_settings.cache_clear()
    monkeypatch.setattr(db, "start_embedded_server", slow_start)
    monkeypatch.setattr(db, "ensure_database", lambda admin_url, name: None)
    db._resolved_database_url.cache_clear()
    try:
        barrier = threading.Barrier(8, timeout=30)

        def ask() -> str:
            barrier.wait()
            return db.resolve_database_url()

        with ThreadPoolExecutor(8) as pool:
            asked = [pool.submit(ask) for _ in range(8)]
            urls = {each.result(timeout=60) for each in asked}
    finally:
        # The next caller resolves afresh, as a new process would.
        db._resolved_database_url.cache_clear()
        db.get_settings.cache_clear()
    assert len(started) == 1
    assert len(urls) == 1
    assert urls.pop().endswith(f"/{db.APP_DATABASE}")
