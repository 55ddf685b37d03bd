"""The demo year filled in behind the server: resumable chunk by chunk, shown on the admin page."""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from fanzha import clock, db
from fanzha.cases.models import Case
from fanzha.demo import city as demo_city
from fanzha.demo import fill as demo_fill
from fanzha.seeding import DemoFill
from fanzha.warnings.models import Warning
from tests.helpers import login


class _Stopped(Exception):
    """The server killed mid-chunk."""


def test_an_interrupted_fill_resumes_and_stores_nothing_twice(blank_engine, monkeypatch):
    monkeypatch.setattr(demo_fill, "CHUNK_DAYS", 1)
    factory = sessionmaker(bind=blank_engine)

    def transaction() -> AbstractContextManager[Session]:
        return db.transaction(factory)

    with transaction() as session:
        demo_city.build(session, seed=3, scale="small", warning_days=3, recent_days=1)
    with Session(blank_engine) as session:
        assert session.scalar(select(func.count()).select_from(Warning)) == 300  # 1 day
    # The first older day is under way when the server stops: it goes with its chunk.
    with pytest.raises(_Stopped), transaction() as session:
        assert demo_fill.step(session) is not None
        raise _Stopped
    told = []
    assert demo_fill.run(transaction, told.append) == 4  # 2 older days, their cases, gangs
    assert [(t.days, t.step) for t in told] == [
        (2, "warnings"),
        (3, "cases"),
        (3, "analysis"),
        (3, "done"),
    ]
    with Session(blank_engine) as session:
        ids = session.scalars(select(Warning.external_id)).all()
        assert len(ids) == len(set(ids))
        # Three days of 300, the interrupted day once (the gangs' step adds a few of its own).
        assert sum(1 for i in ids if re.fullmatch(r"DEMO-\d{8}-\d{7}", i)) == 3 * 300
        older = session.scalar(
            select(func.count())
            .select_from(Case)
            .join(Warning, Warning.id == Case.warning_id)
            .where(Warning.received_at < clock.now() - timedelta(days=1))
        )
        assert older > 0  # the older days' defrauded got their cases too
        fill = session.scalar(select(DemoFill))
        assert fill.finished_at is not None
    assert demo_fill.run(transaction, told.append) == 0  # a restart after the end does nothing


@pytest.mark.usefixtures("city")
def test_the_admin_page_shows_the_fill_until_it_ends(client, session):
    login(client, "admin")
    assert 'id="demo-fill"' not in client.get("/admin/users").text
    demo_fill.plan(
        session, seed=1, per_day=300, planned_at=clock.now(), recent_days=14, days_total=365
    )
    page = client.get("/admin/users").text
    said = page.split('id="demo-fill">', 1)[1].split("<", 1)[0]
    assert said.startswith("示例数据仍在生成：已有 14/365 天的预警，下一步：一年的预警（3%）")
    session.get(DemoFill, 1).finished_at = clock.now()
    session.flush()
    assert 'id="demo-fill"' not in client.get("/admin/users").text
