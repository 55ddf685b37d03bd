"""Records of a chosen age, written straight into the session: retention looks only at their
dates and states, so the services that normally make them would only get in the way."""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from fanzha.cases.models import Case, CaseStatus, Freeze, FreezeStatus
from fanzha.fraud import FraudType
from fanzha.fundflow.models import AccountHolder, ImportStatus, StatementImport, StatementRow
from fanzha.linking.models import (
    AtRiskKind,
    AtRiskPerson,
    AtRiskStatus,
    Indicator,
    IndicatorKind,
)
from fanzha.warnings.models import Grade, Outcome, Warning, WarningSource, WarningStatus
from tests.helpers import unit_of

_n = itertools.count(1)


def warning(
    session: Session,
    closed_at: datetime | None,
    outcome: Outcome | None = Outcome.dissuaded,
    *,
    phone: str | None = None,
    id_number: str | None = None,
) -> Warning:
    n = next(_n)
    at = (closed_at or datetime(2019, 1, 1, tzinfo=UTC)) - timedelta(days=1)
    row = Warning(
        source=WarningSource.ministry,
        external_id=f"RET-{n:08d}",
        person_name="赵留存",
        person_phone=phone or f"137{n:08d}",
        person_id_number=id_number,
        address="示例区留存路1号",
        fraud_type=FraudType.investment,
        issued_at=at,
        received_at=at,
        grade=Grade.low,
        unit_id=unit_of(session, "station_a").id,
        sign_due_at=at,
        contact_due_at=at,
        status=WarningStatus.closed if closed_at else WarningStatus.signed,
        outcome=outcome if closed_at else None,
        closed_at=closed_at,
        note="当事人备注",
    )
    session.add(row)
    session.flush()
    return row


def case(
    session: Session,
    closed_at: datetime | None,
    *,
    phone: str | None = None,
    id_number: str | None = None,
) -> Case:
    n = next(_n)
    at = (closed_at or datetime(2019, 1, 1, tzinfo=UTC)) - timedelta(days=30)
    row = Case(
        case_no=f"AJRET-{n:06d}",
        unit_id=unit_of(session, "station_a").id,
        status=CaseStatus.closed if closed_at else CaseStatus.registered,
        victim_name="钱受害",
        victim_phone=phone or f"136{n:08d}",
        victim_id_number=id_number,
        fraud_type=FraudType.investment,
        reported_at=at,
        closed_at=closed_at,
    )
    session.add(row)
    session.flush()
    return row


def statement(session: Session, case_row: Case, *, holder_id: str | None = None) -> StatementImport:
    n = next(_n)
    content = f"statement {n}".encode()
    imported = StatementImport(
        case_id=case_row.id,
        filename=f"流水{n}.xlsx",
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        status=ImportStatus.done,
    )
    session.add(imported)
    session.flush()
    account = f"62220000{n:08d}"
    session.add(
        StatementRow(
            import_id=imported.id,
            source_row=2,
            account=account,
            account_name="孙开户",
            at=case_row.reported_at,
            amount_fen=10_000,
            direction="out",
            kind="transfer",
            fingerprint=hashlib.md5(content).digest(),
        )
    )
    session.add(
        AccountHolder(account=account, name="孙开户", id_number=holder_id, import_id=imported.id)
    )
    session.flush()
    return imported


def freeze(session: Session, case_row: Case, status: FreezeStatus) -> Freeze:
    row = Freeze(
        case_id=case_row.id,
        account=f"62225555{next(_n):08d}",
        amount_fen=5_000,
        status=status,
        starts_at=case_row.reported_at,
        expires_at=case_row.reported_at + timedelta(days=180),
    )
    session.add(row)
    session.flush()
    return row


def at_risk(session: Session, pushed_at: datetime, case_row: Case | None = None) -> AtRiskPerson:
    n = next(_n)
    indicator = Indicator(
        kind=IndicatorKind.account,
        value=f"62229999{n:08d}",
        first_seen_at=pushed_at,
        last_seen_at=pushed_at,
    )
    session.add(indicator)
    session.flush()
    row = AtRiskPerson(
        evidence_key=f"payer:62228888{n:08d}:{indicator.id}",
        kind=AtRiskKind.payer,
        status=AtRiskStatus.pushed,
        person_name="周高危",
        person_phone=f"135{n:08d}",
        person_account=f"62228888{n:08d}",
        indicator_id=indicator.id,
        case_id=case_row.id if case_row else None,
        evidence_at=pushed_at,
        found_at=pushed_at,
        pushed_at=pushed_at,
    )
    session.add(row)
    session.flush()
    return row
