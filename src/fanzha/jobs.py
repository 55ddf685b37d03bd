"""The PostgreSQL-backed job queue (procrastinate): clocks, reminders and long imports run
here, so nothing is lost when an app process restarts. Run a worker with `fanzha worker`
(`fanzha serve` starts one).

This module is wiring, above every domain: it collects each domain's tasks. The plumbing the
tasks themselves use (job transactions, `defer`) is `fanzha.queue`, below them."""

from __future__ import annotations

import procrastinate
from sqlalchemy.orm import sessionmaker

from fanzha import queue
from fanzha.cases import jobs as case_jobs
from fanzha.db import libpq_url, new_engine, resolve_database_url
from fanzha.fundflow import jobs as fundflow_jobs
from fanzha.linking import jobs as linking_jobs
from fanzha.ops import jobs as ops_jobs
from fanzha.retention import jobs as retention_jobs
from fanzha.rewards import jobs as reward_jobs
from fanzha.stats import report_jobs, rollup_jobs
from fanzha.warnings import jobs as warning_jobs


def make_app(url: str | None = None) -> procrastinate.App:
    """The job app on `url` (default: the app's database), with every domain's tasks; tasks
    run their transactions on the same database."""
    url = url or resolve_database_url()
    # Long imports and recomputes run here: the bulk timeouts, not the request ones.
    queue.bind(sessionmaker(bind=new_engine(url, bulk=True), expire_on_commit=False))
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=libpq_url(url)))
    app.add_tasks_from(warning_jobs.blueprint(), namespace="warnings")
    app.add_tasks_from(case_jobs.blueprint(), namespace="cases")
    app.add_tasks_from(fundflow_jobs.blueprint(), namespace="fundflow")
    app.add_tasks_from(linking_jobs.blueprint(), namespace="linking")
    app.add_tasks_from(ops_jobs.blueprint(), namespace="ops")
    app.add_tasks_from(retention_jobs.blueprint(), namespace="retention")
    app.add_tasks_from(reward_jobs.blueprint(), namespace="rewards")
    app.add_tasks_from(report_jobs.blueprint(), namespace="reports")
    app.add_tasks_from(rollup_jobs.blueprint(), namespace="kpi")
    return app
