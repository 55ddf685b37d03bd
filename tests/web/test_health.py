"""/healthz in a served process answers from the process's own watch of its database
(fanzha.web.health): no database round trip per request, and a 503 in Chinese once the
database has not answered for a while."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from fanzha.app import create_app
from fanzha.config import get_settings
from fanzha.web import health


@pytest.fixture
def checks(monkeypatch, database_url):
    """Served as `fanzha serve` serves (the database named), with only the start-up check
    (no tick within the test); the number of checks the database was asked."""
    asked = []
    select_one = health.select_one

    def counted(url: str) -> None:
        asked.append(url)
        select_one(url)

    monkeypatch.setattr(health, "select_one", counted)
    monkeypatch.setattr(health, "CHECK_EVERY", 3600.0)
    monkeypatch.setenv("FANZHA_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield asked
    get_settings.cache_clear()


def test_a_served_process_answers_healthz_without_asking_the_database_each_time(checks):
    with TestClient(create_app()) as client:
        assert len(checks) == 1  # the start-up check: not healthy before the database answers
        for _ in range(20):
            assert client.get("/healthz").json() == {"status": "ok"}
    assert len(checks) == 1


def test_healthz_is_503_in_chinese_when_the_database_has_not_answered_lately(checks, monkeypatch):
    with TestClient(create_app()) as client:
        assert client.get("/healthz").status_code == 200
        monkeypatch.setattr(health, "_answered_at", time.monotonic() - health.FRESH_FOR - 1)
        answer = client.get("/healthz")
        assert answer.status_code == 503
        assert "数据库暂无响应" in answer.text
