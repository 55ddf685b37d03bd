"""The purge deletes or anonymises what is past its period, at the boundary exactly, and keeps
what is still needed: an open case, a freeze in force, a door visit pending, a legal hold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.audit.models import AuditEntry
from fanzha.cases.models import FreezeStatus
from fanzha.config import Settings
from fanzha.fundflow.models import AccountHolder, StatementImport, StatementRow
from fanzha.retention import holds
from fanzha.retention.errors import RetentionTooShort
from fanzha.retention.models import HoldTarget
from fanzha.retention.purge import purge
from fanzha.warnings.models import DoorVisitTask, Outcome, TaskStatus, Warning
from tests.helpers import audit_entries, run_queue
from tests.retention import records

pytestmark = pytest.mark.usefixtures("city")

# Long before the demo city's records, so only this module's rows are due.
NOW = datetime(2022, 6, 1, 12, tzinfo=UTC)
SETTINGS = Settings(
    retention_warning_days=1095,
    retention_at_risk_days=1095,
    retention_statement_days=1825,
    retention_session_days=30,
    retention_login_audit_days=365,
    retention_audit_days=2190,
)
WARNING_CUTOFF = NOW - timedelta(days=1095)
STATEMENT_CUTOFF = NOW - timedelta(days=1825)
SECOND = timedelta(seconds=1)
OFFICER = Principal.system()


def _run(session, *, dry_run=False):
    with clock.pinned(NOW):
        return purge(session, OFFICER, dry_run=dry_run, settings=SETTINGS)


def _person(session, warning_id):
    session.expire_all()
    row = session.get(Warning, warning_id)
    return row.person_name or row.person_name_initials, row.person_phone, row.address


def test_warnings_past_their_period_lose_the_person_and_the_rest_stay(session):
    due = records.warning(session, WARNING_CUTOFF - SECOND)
    boundary = records.warning(session, WARNING_CUTOFF)
    held = records.warning(session, WARNING_CUTOFF - timedelta(days=400))
    defrauded = records.warning(session, WARNING_CUTOFF - SECOND, Outcome.defrauded)
    pending_visit = records.warning(session, WARNING_CUTOFF - SECOND)
    open_warning = records.warning(session, None)
    session.add(
        DoorVisitTask(
            warning_id=pending_visit.id, unit_id=pending_visit.unit_id, status=TaskStatus.claimed
        )
    )
    with clock.pinned(NOW - timedelta(days=1500)):
        holds.set_hold(session, OFFICER, HoldTarget.warning, held.id, "当事人投诉处理中")
    dry = _run(session, dry_run=True)
    assert _person(session, due.id)[1] is not None  # a dry run changes nothing

    report = _run(session)

    assert report.counts["warnings"] == dry.counts["warnings"] == 1
    assert _person(session, due.id) == ("", None, "")
    assert session.get(Warning, due.id).outcome == Outcome.dissuaded  # statistics stay
    for kept in (boundary, held, defrauded, pending_visit, open_warning):
        assert _person(session, kept.id)[0] == "赵留存", kept.id
    entry = audit_entries(session, "retention.purged")[-1]
    assert entry.detail["counts"]["warnings"] == 1 and entry.detail["dry_run"] is False
    assert "已办结预警的当事人信息 1" in entry.summary


def test_a_released_hold_no_longer_protects(session):
    row = records.warning(session, WARNING_CUTOFF - timedelta(days=10))
    holds.set_hold(session, OFFICER, HoldTarget.warning, row.id, "复核")
    holds.release_hold(session, OFFICER, HoldTarget.warning, row.id, "复核完毕")
    _run(session)
    assert _person(session, row.id)[1] is None


def test_people_found_by_analysis_lose_their_identity_unless_their_case_is_open(session):
    due = records.at_risk(session, WARNING_CUTOFF - SECOND)
    boundary = records.at_risk(session, WARNING_CUTOFF)
    open_case = records.at_risk(session, WARNING_CUTOFF - SECOND, records.case(session, None))
    _run(session)
    session.expire_all()
    assert (due.person_name, due.person_phone, due.person_account) == ("", None, "")
    assert "62228888" not in due.evidence_key
    assert boundary.person_phone is not None and open_case.person_phone is not None


def test_people_tied_to_a_closed_case_with_a_freeze_in_force_keep_their_identity(session):
    # A case may be closed while a freeze still holds the money: its people are still needed.
    frozen_case = records.case(session, WARNING_CUTOFF - timedelta(days=30))
    records.freeze(session, frozen_case, FreezeStatus.active)
    warned = records.warning(session, WARNING_CUTOFF - timedelta(days=60))
    frozen_case.warned_before_id = warned.id
    found = records.at_risk(session, WARNING_CUTOFF - SECOND, frozen_case)
    done_case = records.case(session, WARNING_CUTOFF - timedelta(days=30))
    records.freeze(session, done_case, FreezeStatus.unfrozen)
    gone = records.warning(session, WARNING_CUTOFF - timedelta(days=60))
    done_case.warned_before_id = gone.id
    session.flush()

    _run(session)

    assert _person(session, warned.id)[0] == "赵留存"
    assert session.get(type(found), found.id).person_phone is not None
    assert _person(session, gone.id) == ("", None, "")


def _statement_left(session, imported_id):
    session.expire_all()
    return session.get(StatementImport, imported_id) is not None


def test_statements_of_closed_cases_go_unless_still_needed(session):
    due_case = records.case(session, STATEMENT_CUTOFF - SECOND)
    due = records.statement(session, due_case, holder_id="110101199003071234")
    boundary = records.statement(session, records.case(session, STATEMENT_CUTOFF))
    open_ = records.statement(session, records.case(session, None))
    frozen_case = records.case(session, STATEMENT_CUTOFF - timedelta(days=30))
    records.freeze(session, frozen_case, FreezeStatus.active)
    frozen = records.statement(session, frozen_case)
    unfrozen_case = records.case(session, STATEMENT_CUTOFF - timedelta(days=30))
    records.freeze(session, unfrozen_case, FreezeStatus.unfrozen)
    unfrozen = records.statement(session, unfrozen_case)
    held_case = records.case(session, STATEMENT_CUTOFF - timedelta(days=30))
    held = records.statement(session, held_case)
    holds.set_hold(session, OFFICER, HoldTarget.case, held_case.id, "检察院调卷")

    report = _run(session)

    assert not _statement_left(session, due.id) and not _statement_left(session, unfrozen.id)
    assert session.scalar(select(StatementRow.id).where(StatementRow.import_id == due.id)) is None
    assert session.scalar(select(AccountHolder).where(AccountHolder.import_id == due.id)) is None
    for kept in (boundary, open_, frozen, held):
        assert _statement_left(session, kept.id), kept.filename
    assert report.counts["statement_imports"] == 2
    assert report.counts["statement_rows"] == 2 and report.counts["account_holders"] == 2


def _audit_at(session, at, action="case.created"):
    return session.scalar(
        insert(AuditEntry)
        .values(actor_kind="system", actor_name="t", action=action, at=at, summary="", detail={})
        .returning(AuditEntry.id)
    )


def _exists(session, entry_id):
    return session.scalar(select(AuditEntry.id).where(AuditEntry.id == entry_id)) is not None


def test_audit_entries_go_only_through_the_routine_and_only_past_their_period(session):
    login_cutoff = NOW - timedelta(days=365)
    old_login = _audit_at(session, login_cutoff - SECOND, "auth.login.succeeded")
    kept_login = _audit_at(session, login_cutoff, "auth.login.succeeded")
    # Older than the login cutoff but not the general one: only login records go at a year.
    other = _audit_at(session, login_cutoff - timedelta(days=10))
    ancient = _audit_at(session, NOW - timedelta(days=2190) - SECOND)
    held_case = records.case(session, None)
    holds.set_hold(session, OFFICER, HoldTarget.case, held_case.id, "诉讼中")
    about_held = session.scalar(
        insert(AuditEntry)
        .values(
            actor_kind="system",
            actor_name="t",
            action="case.created",
            at=NOW - timedelta(days=3000),
            target_type="cases",
            target_id=str(held_case.id),
            summary="",
            detail={},
        )
        .returning(AuditEntry.id)
    )

    report = _run(session)

    assert not _exists(session, old_login) and not _exists(session, ancient)
    assert _exists(session, kept_login) and _exists(session, other)
    assert _exists(session, about_held)  # the history of a held record stays with it
    assert report.counts["login_audit"] >= 1 and report.counts["audit"] >= 1


def test_an_ordinary_delete_or_update_of_the_audit_log_fails(session):
    entry = _audit_at(session, datetime(2001, 1, 1, tzinfo=UTC))
    for statement in (
        "DELETE FROM audit_entries WHERE id = :id",
        "UPDATE audit_entries SET summary = 'x' WHERE id = :id",
    ):
        with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
            session.execute(text(statement), {"id": entry})
    assert _exists(session, entry)


def test_the_routine_refuses_a_cutoff_younger_than_six_months(session):
    entry = _audit_at(session, datetime.now(UTC) - timedelta(days=30))
    with pytest.raises(DBAPIError, match="180 days"), session.begin_nested():
        session.execute(
            text("SELECT audit_entries_purge(:cutoff)"),
            {"cutoff": datetime.now(UTC) - timedelta(days=10)},
        )
    assert _exists(session, entry)


def test_an_audit_period_below_the_legal_floor_is_refused_before_anything_is_deleted(session):
    entry = _audit_at(session, NOW - timedelta(days=400), "auth.login.failed")
    short = SETTINGS.model_copy(update={"retention_login_audit_days": 90})
    with clock.pinned(NOW), pytest.raises(RetentionTooShort) as refused:
        purge(session, OFFICER, settings=short)
    assert "不能少于 180 天" in refused.value.message
    assert _exists(session, entry)


def test_the_nightly_job_purges_on_the_queue_and_leaves_its_audit_entry(
    own_engine, own_database_url
):
    with Session(own_engine) as own:
        due = records.warning(own, datetime(2019, 3, 1, tzinfo=UTC))
        held = records.warning(own, datetime(2019, 3, 1, tzinfo=UTC))
        holds.set_hold(own, OFFICER, HoldTarget.warning, held.id, "诉讼中")
        due_id, held_id = due.id, held.id
        own.commit()

    run_queue(own_database_url, "retention", defer="retention:purge")

    with Session(own_engine) as own:
        assert own.get(Warning, due_id).person_phone is None
        assert own.get(Warning, held_id).person_phone is not None
        entry = own.scalars(select(AuditEntry).where(AuditEntry.action == "retention.purged")).one()
        assert entry.actor_kind == "system" and entry.detail["counts"]["warnings"] >= 1
