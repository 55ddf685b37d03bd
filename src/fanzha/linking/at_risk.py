"""High-risk potential victims (高危潜在受害人): people who paid a known fraud account (payers
into mule accounts in imported statements) or talked to a known fraud number (an imported
call list) and have not reported a case. They are pushed as warnings through the warnings
intake (source 本地研判推送), graded and routed to their station like any other, once per
piece of evidence: the evidence is the row's unique key and the warning's external id.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from pydantic import ValidationError
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, selectinload

from fanzha import clock, counterparty, excel, listing
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.cases.models import Case
from fanzha.excel import Column, ImportReport, RowError
from fanzha.fields import visible_text
from fanzha.fraud import FraudType
from fanzha.i18n import linking as i18n
from fanzha.i18n import zh_CN
from fanzha.i18n.validation import field_errors
from fanzha.identifiers import InvalidIdentifier, normalize_phone
from fanzha.kernel import states
from fanzha.linking.errors import (
    AtRiskPersonInvalid,
    AtRiskPersonPushed,
    AtRiskPersonSettled,
    DismissReasonMissing,
)
from fanzha.linking.models import AtRiskKind, AtRiskPerson, AtRiskStatus, Indicator, IndicatorKind
from fanzha.money import format_yuan
from fanzha.org import scope
from fanzha.warnings import intake
from fanzha.warnings.models import Warning, WarningSource
from fanzha.warnings.schemas import WarningIn

S = AtRiskStatus
MACHINE = states.machine(
    "at_risk_person",
    i18n.SUBJECTS["at_risk_person"],
    "at_risk_people",
    {
        S.needs_identity: {S.ready, S.dismissed},
        S.ready: {S.pushed, S.dismissed},
        S.reported: {S.dismissed},
        S.pushed: set(),
        S.dismissed: set(),
    },
    initial={S.needs_identity, S.ready, S.reported},
    labels=zh_CN.AT_RISK_STATUSES,
    action={S.ready: AuditAction.at_risk_transition, S.dismissed: AuditAction.at_risk_transition},
)

# Payers into a fraud account (not excluded, seen in a case) who are neither a victim on
# record (their account paid a case's transfer) nor a mule themselves (an indicator).
_PAYERS = text(
    "SELECT r.counterpart AS payer, max(r.counterpart_name) AS name, i.id AS indicator_id,"
    " min(ci.case_id) AS case_id, sum(r.amount_fen) AS fen, count(*) AS n, min(r.at) AS first_at"
    " FROM statement_rows r"
    " JOIN indicators i ON i.kind = 'account' AND i.value = r.account"
    " AND i.excluded_by_id IS NULL"
    " JOIN case_indicators ci ON ci.indicator_id = i.id"
    " WHERE r.direction = 'in' AND r.kind = 'transfer' AND r.counterpart <> ''"
    " AND NOT EXISTS (SELECT 1 FROM case_transfers t WHERE t.payer_account = r.counterpart)"
    " AND NOT EXISTS (SELECT 1 FROM indicators j WHERE j.kind = 'account'"
    " AND j.value = r.counterpart)"
    " GROUP BY r.counterpart, i.id"
)


def _upsert(session: Session, rows: list[dict]) -> int:
    """New evidence only; evidence seen before keeps its row and status. Rows go in in
    evidence-key order, so two imports sharing evidence wait for each other, never deadlock."""
    if not rows:
        return 0
    rows = sorted(rows, key=lambda r: r["evidence_key"])
    inserted = session.execute(
        text(
            "INSERT INTO at_risk_people (evidence_key, kind, status, person_name, person_phone,"
            " person_account, indicator_id, case_id, amount_fen, contacts, evidence_at, note,"
            " address, found_at)"
            " SELECT x.evidence_key, x.kind, x.status, x.person_name, x.person_phone,"
            " x.person_account, x.indicator_id, x.case_id, x.amount_fen, x.contacts,"
            " x.evidence_at, x.note, '', now()"
            " FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS x(evidence_key text, kind text,"
            " status text, person_name text, person_phone text, person_account text,"
            " indicator_id bigint, case_id bigint, amount_fen bigint, contacts int,"
            " evidence_at timestamptz, note text)"
            " ON CONFLICT (evidence_key) DO NOTHING RETURNING id"
        ),
        {"rows": json.dumps(rows, ensure_ascii=False)},
    ).all()
    return len(inserted)


def find_payers(session: Session, actor: Principal) -> int:
    """Scan the imported statements for people who paid a fraud account; returns how many
    new ones were found. They need a phone or an address (from the bank's 开户资料) before
    they can be pushed."""
    rows = [
        {
            "evidence_key": f"payer:{r.payer}:{r.indicator_id}",
            "kind": AtRiskKind.payer.value,
            "status": S.needs_identity.value,
            "person_name": (r.name or "")[:50],
            "person_phone": None,
            "person_account": r.payer,
            "indicator_id": r.indicator_id,
            "case_id": r.case_id,
            "amount_fen": int(r.fen),
            "contacts": r.n,
            "evidence_at": r.first_at.isoformat(),
            "note": i18n.AT_RISK["payer_note"].format(count=r.n, amount=format_yuan(int(r.fen))),
        }
        for r in session.execute(_PAYERS)
        # rows imported before the counterparty gate may still name `/` or a masked value
        if counterparty.classify(r.payer).is_identifier
    ]
    found = _upsert(session, rows)
    if found:
        audit.record(
            session,
            actor,
            AuditAction.at_risk_found,
            target_type="at_risk_people",
            summary=i18n.AUDIT["payers_found"].format(count=found),
        )
    return found


_CALLS = i18n.CALL_SHEET
CALL_COLUMNS = (
    Column(_CALLS["caller"], "caller", required=True, width=18),
    Column(_CALLS["callee"], "callee", required=True, width=18),
    Column(_CALLS["at"], "at", required=True, width=20, note=i18n.CALL_SHEET_NOTES["at"]),
    Column(_CALLS["seconds"], "seconds", width=14),
)


def call_template() -> bytes:
    return excel.template(
        i18n.CALL_SHEET_NAME,
        CALL_COLUMNS,
        [i18n.CALL_SHEET_FOOTNOTE],
    )


@dataclass
class _Call:
    row: int
    caller: str
    callee: str
    at: datetime
    seconds: int


def _read_calls(content: bytes) -> tuple[list[_Call], list[RowError]]:
    """The readable calls, and each unreadable row's problems."""
    errors: list[RowError] = []
    calls = []
    for row, record in excel.read_rows(content, CALL_COLUMNS, limit=200_000):
        numbers = []
        for key, header in (("caller", _CALLS["caller"]), ("callee", _CALLS["callee"])):
            try:
                numbers.append(normalize_phone(record[key]).number)
            except InvalidIdentifier as exc:
                errors.append(RowError(row, header, str(exc)))
        try:
            at = clock.parse_local(record["at"])
        except ValueError as exc:
            errors.append(RowError(row, _CALLS["at"], str(exc)))
            continue
        seconds = record["seconds"] or "0"
        if not (seconds.isascii() and seconds.isdigit()):
            errors.append(RowError(row, _CALLS["seconds"], i18n.AT_RISK["seconds_not_integer"]))
            continue
        if len(numbers) == 2:
            calls.append(_Call(row, numbers[0], numbers[1], at, int(seconds)))
    return calls, errors


def import_calls(session: Session, actor: Principal, content: bytes) -> ImportReport:
    """A call list: whoever talked to a known fraud number (not excluded, seen in a case)
    is listed, ready to push; a number that already reported a case is marked 已报案.
    Unreadable rows are reported and the others used; a person listed before (the same
    evidence) is not listed again, so a list can be imported again."""
    calls, errors = _read_calls(content)
    numbers = {n for c in calls for n in (c.caller, c.callee)}
    fraud = dict(
        session.execute(
            select(Indicator.value, Indicator.id).where(
                Indicator.kind == IndicatorKind.phone,
                Indicator.value.in_(numbers),
                Indicator.excluded_by_id.is_(None),
                Indicator.case_count > 0,
            )
        ).all()
    )
    reported = set(session.scalars(select(Case.victim_phone).where(Case.victim_phone.in_(numbers))))
    evidence: dict[tuple[str, int], list[_Call]] = defaultdict(list)
    for call in calls:
        for fraudster, person in ((call.caller, call.callee), (call.callee, call.caller)):
            if fraudster in fraud and person not in fraud:
                evidence[(person, fraud[fraudster])].append(call)
    rows = []
    for (person, indicator_id), seen in evidence.items():
        first = min(c.at for c in seen)
        talked = sum(c.seconds for c in seen)
        rows.append(
            {
                "evidence_key": f"contact:{person}:{indicator_id}",
                "kind": AtRiskKind.contact.value,
                "status": (S.reported if person in reported else S.ready).value,
                "person_name": "",
                "person_phone": person,
                "person_account": "",
                "indicator_id": indicator_id,
                "case_id": None,
                "amount_fen": 0,
                "contacts": len(seen),
                "evidence_at": first.isoformat(),
                "note": i18n.AT_RISK["contact_note"].format(
                    count=len(seen), minutes=talked // 60, seconds=talked % 60
                ),
            }
        )
    found = _upsert(session, rows)
    message = i18n.AT_RISK["calls_imported"].format(
        calls=len(calls), numbers=len({i for _, i in evidence}), found=found
    )
    if calls:
        audit.record(
            session,
            actor,
            AuditAction.at_risk_found,
            target_type="at_risk_people",
            summary=message,
            detail={"calls": len(calls), "found": found, "refused": len({e.row for e in errors})},
        )
    return ImportReport(message, len(calls), errors)


def set_identity(
    session: Session,
    actor: Principal,
    person: AtRiskPerson,
    *,
    name: str,
    phone: str,
    id_number: str,
    address: str,
) -> AtRiskPerson:
    """The contact details a payer is reached at (from the bank's 开户资料); then pushable."""
    if person.status not in (S.needs_identity, S.ready):
        raise AtRiskPersonSettled()
    try:
        checked = WarningIn.model_validate(
            {
                "source": WarningSource.local_analysis,
                "external_id": "check",
                "person_name": name,
                "person_phone": phone or None,
                "person_id_number": id_number or None,
                "address": address,
                "issued_at": clock.now(),
            }
        )
    except ValidationError as exc:
        errors = field_errors(exc)
        raise AtRiskPersonInvalid(
            problems="；".join(errors.values()), field=next(iter(errors), None)
        ) from exc
    before = {field: getattr(person, field) for field in _IDENTITY_FIELDS}
    person.person_name = checked.person_name or person.person_name
    person.person_phone = checked.person_phone
    person.person_id_number = checked.person_id_number
    person.address = checked.address
    if person.status != S.ready:  # details corrected while ready: no status change
        states.move(session, MACHINE, person, S.ready, actor=actor, label=f"#{person.id}")
    # Which fields changed, never their values: the audit log holds no personal data.
    changed = [f for f in _IDENTITY_FIELDS if getattr(person, f) != before[f]]
    audit.record(
        session,
        actor,
        AuditAction.at_risk_identity,
        target_type="at_risk_people",
        target_id=person.id,
        summary=i18n.AUDIT["identity_set"],
        detail={"changed_fields": changed},
    )
    return person


_IDENTITY_FIELDS = ("person_name", "person_phone", "person_id_number", "address")


def _warning_for(person: AtRiskPerson, fraud_type: FraudType) -> WarningIn:
    indicator = person.indicator
    key = hashlib.sha256(person.evidence_key.encode()).hexdigest()[:28]
    return WarningIn(
        source=WarningSource.local_analysis,
        external_id=f"YP-{key}",
        person_name=person.person_name,
        person_phone=person.person_phone,
        person_id_number=person.person_id_number,
        address=person.address,
        fraud_type=fraud_type,
        fraudster_phone=indicator.value if indicator.kind == IndicatorKind.phone else None,
        fraudster_account=indicator.value
        if indicator.kind == IndicatorKind.account
        and counterparty.classify(indicator.value).is_identifier
        else None,
        amount_fen=person.amount_fen,
        issued_at=clock.now(),
        note=i18n.AT_RISK["pushed_note"].format(note=person.note),
    )


def push(session: Session, actor: Principal, people: list[AtRiskPerson]) -> int:
    """Push ready people as warnings; returns how many warnings were created. A person
    already pushed is skipped, and the intake's (source, external id) key makes a second
    push of the same evidence return the first warning."""
    ready = [p for p in people if p.status == S.ready]
    if not ready:
        return 0
    fraud_types = dict(
        session.execute(
            select(Case.id, Case.fraud_type).where(
                Case.id.in_({p.case_id for p in ready if p.case_id})
            )
        ).all()
    )
    items = [_warning_for(p, fraud_types.get(p.case_id, FraudType.other)) for p in ready]
    stored = intake.store(session, actor, items)
    now = clock.now()
    for person, (warning_id, _created) in zip(ready, stored, strict=True):
        # Not audited one by one: the batch's entry below lists them.
        states.move(session, MACHINE, person, S.pushed, actor=actor)
        person.warning_id, person.pushed_at = warning_id, now
    created = sum(1 for _, c in stored if c)
    audit.record(
        session,
        actor,
        AuditAction.at_risk_pushed,
        target_type="at_risk_people",
        summary=i18n.AUDIT["at_risk_pushed"].format(count=created),
        detail={"pushed": len(ready), "created": created, "ids": [p.id for p in ready]},
    )
    return created


def ready_people(session: Session, principal: Principal, ids: list[int]) -> list[AtRiskPerson]:
    """The chosen people ready to push, or every one ready when none is chosen (only the
    people within the principal's scope)."""
    query = scope.scoped_select(AtRiskPerson, principal).where(AtRiskPerson.status == S.ready)
    if ids:
        query = query.where(AtRiskPerson.id.in_(ids))
    return list(session.scalars(query.options(selectinload(AtRiskPerson.indicator))))


def dismiss(session: Session, actor: Principal, person: AtRiskPerson, *, reason: str) -> None:
    if person.status == S.pushed:
        raise AtRiskPersonPushed()
    reason = visible_text(reason)
    if not reason:
        raise DismissReasonMissing(field="reason")
    states.move(
        session, MACHINE, person, S.dismissed, actor=actor, label=f"#{person.id}", reason=reason
    )
    person.note = i18n.AT_RISK["dismissed_note"].format(note=person.note, reason=reason)[:300]


AT_RISK_SORTS: listing.Sorts = {
    "amount": [AtRiskPerson.amount_fen],
    "evidence": [AtRiskPerson.evidence_at],
    "status": [AtRiskPerson.status],
    "kind": [AtRiskPerson.kind],
}
AT_RISK_ORDER = (AtRiskPerson.amount_fen.desc(), AtRiskPerson.id)


def list_people(
    session: Session,
    principal: Principal,
    *,
    status: str = "",
    limit: int = 100,
    offset: int = 0,
    query: listing.ListQuery | None = None,
) -> tuple[list[tuple[AtRiskPerson, Warning | None]], int, dict[str, int]]:
    """People found that the principal may see (through their case or the warning they were
    pushed as, see fanzha.org.scope), with the warning each became (its station) once
    pushed; the counts by status are over the same people. `query` (page, sort, text on
    name/phone/account, evidence days) wins over `limit`/`offset`."""
    query = query or listing.ListQuery(page=offset // max(limit, 1) + 1, size=limit)
    in_scope = scope.owner_clause(AtRiskPerson, principal)
    where = [AtRiskPerson.status == status] if status in {s.value for s in S} else []
    where.append(in_scope)
    where += listing.text_match(
        query, AtRiskPerson.person_name, AtRiskPerson.person_phone, AtRiskPerson.person_account
    )
    where += listing.day_window(AtRiskPerson.evidence_at, query)
    page = listing.paginate(
        session,
        select(AtRiskPerson, Warning)
        .outerjoin(Warning, Warning.id == AtRiskPerson.warning_id)
        .where(*where)
        .options(selectinload(AtRiskPerson.indicator), selectinload(Warning.unit)),
        query,
        AT_RISK_SORTS,
        AT_RISK_ORDER,
        scalars=False,
    )
    rows, total = page.rows, page.total
    by_status = dict(
        session.execute(
            select(AtRiskPerson.status, func.count()).where(in_scope).group_by(AtRiskPerson.status)
        ).all()
    )
    return [(p, w) for p, w in rows], total, {str(k): v for k, v in by_status.items()}
