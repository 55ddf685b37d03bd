"""The PostgreSQL-backed job queue (procrastinate): clocks, reminders and long imports run
here, so nothing is lost when an app process restarts. Run a worker with `fanzha worker`
(`fanzha serve` starts one)."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager

import procrastinate
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from fanzha import db
from fanzha.db import libpq_url, new_engine, resolve_database_url

_factory: sessionmaker[Session] | None = None


def make_app(url: str | None = None) -> procrastinate.App:
    """The job app on `url` (default: the app's database), with every domain's tasks; tasks
    run their transactions on the same database."""
    from fanzha.cases import jobs as case_jobs
    from fanzha.fundflow import jobs as fundflow_jobs
    from fanzha.linking import jobs as linking_jobs
    from fanzha.warnings import jobs as warning_jobs

    global _factory
    url = url or resolve_database_url()
    # Long imports and recomputes run here: the bulk timeouts, not the request ones.
    _factory = sessionmaker(bind=new_engine(url, bulk=True), expire_on_commit=False)
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=libpq_url(url)))
    app.add_tasks_from(warning_jobs.blueprint(), namespace="warnings")
    app.add_tasks_from(case_jobs.blueprint(), namespace="cases")
    app.add_tasks_from(fundflow_jobs.blueprint(), namespace="fundflow")
    app.add_tasks_from(linking_jobs.blueprint(), namespace="linking")
    return app


def database_url() -> str:
    """The job app's database (for a child process that runs a task's work)."""
    assert _factory is not None, "make_app() first"
    return _factory.kw["bind"].url.render_as_string(hide_password=False)


def transaction() -> AbstractContextManager[Session]:
    """`with jobs.transaction() as session:` one committed transaction on the job app's
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
