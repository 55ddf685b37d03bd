"""The job queue's plumbing every domain's tasks use: the job transaction and deferring a task
in the caller's transaction. `fanzha.jobs` (the wiring above every domain) builds the
procrastinate app with each domain's tasks and binds the sessions here."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager

import procrastinate
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from fanzha import db

_factory: sessionmaker[Session] | None = None


def bind(factory: sessionmaker[Session]) -> None:
    """Run job transactions on `factory` (set by `fanzha.jobs.make_app`)."""
    global _factory
    _factory = factory


def database_url() -> str:
    """The job app's database (for a child process that runs a task's work)."""
    assert _factory is not None, "make_app() first"
    return _factory.kw["bind"].url.render_as_string(hide_password=False)


def transaction() -> AbstractContextManager[Session]:
    """`with queue.transaction() as session:` one committed transaction on the job app's
    database."""
    return db.transaction(_factory)


def defer(session: Session, task: str, *, queue: str, lock: str | None = None, **args) -> None:
    """Queue `task` in the caller's transaction: the job exists exactly when the change that
    asked for it is committed (procrastinate's own defer would use a connection of its own)."""
    session.execute(
        text(
            "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, :lock, NULL, "
            "CAST(:args AS jsonb), NULL)::procrastinate_job_to_defer_v1])"
        ),
        {"queue": queue, "task": task, "lock": lock, "args": json.dumps(args)},
    )


def periodic(
    name: str,
    cron: str,
    work: Callable[[int], object],
    *,
    queue: str = "clocks",
    periodic_id: str | None = None,
) -> procrastinate.Blueprint:
    """A fresh blueprint with one scheduled task: `work(timestamp)` (procrastinate's Unix
    seconds) at `cron` (UTC), on `queue`, named `name`. Its queueing lock is its name, so a
    slow run never piles up behind itself; the periodic id keeps each tick to one run across
    all workers. Fresh per call because procrastinate binds a blueprint's tasks to the app
    that loads it, and each app (one per process, one per test database) needs its own."""
    tasks = procrastinate.Blueprint()
    task = tasks.task(name=name, queue=queue, queueing_lock=name, pass_context=False)(work)
    tasks.periodic(cron=cron, periodic_id=periodic_id or name)(task)
    return tasks
