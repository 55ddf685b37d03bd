"""The clocks: deadlines per grade, the escalation sweep, and the job queue that runs it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.warnings import ladder
from fanzha.warnings.clocks import ClockPolicy, deadlines
from fanzha.warnings.escalation import escalate_overdue
from fanzha.warnings.grading import GradingPolicy, WarningFacts, grade
from fanzha.warnings.models import Warning
from tests.helpers import audit_entries, login, run_clock_job
from tests.warnings.test_ladder import receive

pytestmark = pytest.mark.usefixtures("city")
RECEIVED = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


class TestDeadlines:
    def test_urgent_is_face_to_face_at_once_and_high_within_a_day(self):
        urgent = deadlines("urgent", RECEIVED, ClockPolicy())
        high = deadlines("high", RECEIVED, ClockPolicy())
        low = deadlines("low", RECEIVED, ClockPolicy())
        assert urgent.sign_due_at == RECEIVED + timedelta(minutes=1)
        assert urgent.face_due_at == RECEIVED + timedelta(minutes=30)
        assert high.face_due_at == RECEIVED + timedelta(hours=24)
        assert low.face_due_at is None and low.contact_due_at == RECEIVED + timedelta(hours=4)

    def test_a_city_sets_its_own_minutes(self):
        policy = ClockPolicy(sign={"urgent": 2, "high": 10, "medium": 30, "low": 60})
        assert deadlines("high", RECEIVED, policy).sign_due_at == RECEIVED + timedelta(minutes=10)


class TestGrading:
    def test_elderly_targets_are_at_least_medium(self):
        level, reasons = grade(
            WarningFacts(source="ministry", fraud_type="shopping", birth_date=date(1950, 5, 1)),
            GradingPolicy(),
            date(2026, 11, 23),
        )
        assert level == "medium" and reasons == ["预警对象为76岁老人"]

    def test_nothing_special_is_low_and_says_so(self):
        assert grade(
            WarningFacts(source="app", fraud_type="shopping"), GradingPolicy(), date(2026, 11, 23)
        ) == ("low", ["未命中更高等级规则"])


class TestSweep:
    def test_an_overdue_warning_is_escalated_once_per_clock(self, session):
        warning = receive(session, money_moving=True)
        later = warning.received_at + timedelta(minutes=2)  # sign clock (1 min) ran out
        assert escalate_overdue(session, later) == [warning.id]
        session.refresh(warning)
        assert warning.escalation == "签收超时"
        assert escalate_overdue(session, later + timedelta(seconds=30)) == []  # idempotent
        ladder.sign(session, Principal.system(), warning)
        much_later = warning.received_at + timedelta(minutes=5)  # first contact (3 min) too
        assert escalate_overdue(session, much_later) == [warning.id]
        session.refresh(warning)
        assert warning.escalation == "首次联系超时"
        assert len(audit_entries(session, "warning.escalated", target_id=str(warning.id))) == 2

    def test_closed_warnings_are_never_escalated(self, session):
        warning = receive(session, money_moving=True)
        ladder.close(session, Principal.system(), warning, outcome="not_applicable")
        assert escalate_overdue(session, warning.received_at + timedelta(days=2)) == []

    def test_the_board_shows_it_red_to_the_center(self, client, session):
        warning = receive(session, money_moving=True)
        warning.sign_due_at = clock.now() - timedelta(minutes=5)
        escalate_overdue(session, clock.now())
        login(client, "duty")
        page = client.get("/warnings", params={"overdue": "true"}).text
        assert f'data-id="{warning.id}"' in page and "签收超时" in page


def test_the_job_queue_runs_the_sweep(own_engine, own_database_url):
    """A deferred sweep job is picked up by a procrastinate worker on this database."""
    with Session(own_engine) as session:
        warning = receive(session, money_moving=True)
        warning.sign_due_at = clock.now() - timedelta(minutes=5)
        session.commit()
        warning_id = warning.id
    run_clock_job(own_database_url, "warnings:escalate_overdue")
    with Session(own_engine) as session:
        assert session.get(Warning, warning_id).escalation == "签收超时"
        status = session.execute(
            # The sweep's own job: the worker also defers periodic jobs of other queues.
            text(
                "SELECT status FROM procrastinate_jobs"
                " WHERE task_name LIKE '%escalate_overdue' ORDER BY id DESC LIMIT 1"
            )
        ).scalar()
        assert status == "succeeded"
