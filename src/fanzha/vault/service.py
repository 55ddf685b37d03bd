"""The identity vault: store an identity encrypted, ask to see it with a reason, a second
person with the custodian permission approves, the asker sees it until the grant expires.
Every step is audited; the audit entries carry who and why, never the identity.

The rule is Lianyungang's reward scheme (DOMAIN.md, workflow 5): a reporter may stay anonymous
and their identity is kept secret; this module is how "kept secret" holds for the staff too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Permission, Principal
from fanzha.audit.models import AuditAction, AuditEntry
from fanzha.audit.service import record as audit
from fanzha.config import get_settings
from fanzha.fields import visible_text
from fanzha.i18n import vault as i18n
from fanzha.kernel import states
from fanzha.vault import keys
from fanzha.vault.errors import (
    VaultIdentityEmpty,
    VaultNoGrant,
    VaultNotCustodian,
    VaultOwnRequest,
    VaultReasonMissing,
    VaultReasonTooLong,
    VaultRecordNotFound,
    VaultRequestNotFound,
    VaultRequestPending,
)
from fanzha.vault.models import VaultRecord, VaultRequest
from fanzha.vault.models import VaultRequestStatus as S

MACHINE = states.machine(
    "vault_request",
    i18n.SUBJECTS["vault_request"],
    "vault_requests",
    {S.pending: {S.approved, S.refused}, S.approved: set(), S.refused: set()},
    initial={S.pending},
    labels=i18n.REQUEST_STATUSES,
    action=AuditAction.vault_decided,
    stamps={S.approved: "decided_at", S.refused: "decided_at"},
)
REASON_MAX = 500
FIELDS = tuple(i18n.FIELDS)


@dataclass(frozen=True)
class Identity:
    """What the vault holds on one person; "" where not given."""

    name: str = ""
    phone: str = ""
    id_number: str = ""
    bank_account: str = ""
    bank_name: str = ""

    def is_empty(self) -> bool:
        return not (self.name or self.phone or self.id_number or self.bank_account)


def store(
    session: Session,
    actor: Principal,
    identity: Identity,
    *,
    subject_kind: str,
    subject_ref: object,
) -> VaultRecord:
    """Encrypt `identity` and keep it for `subject_kind`/`subject_ref` (a tip's reporter…).
    The values should already be normalised at the edge. Raises VaultIdentityEmpty,
    VaultKeyMissing (503) when no key is configured against a real database."""
    if identity.is_empty():
        raise VaultIdentityEmpty()
    plain = json.dumps({f: getattr(identity, f) for f in FIELDS}, ensure_ascii=False)
    row = VaultRecord(
        subject_kind=subject_kind,
        subject_ref=str(subject_ref),
        token=keys.encrypt(plain.encode()),
        created_by_id=actor.user_id,
    )
    session.add(row)
    session.flush()
    audit(
        session,
        actor,
        AuditAction.vault_stored,
        target_type="vault_records",
        target_id=row.id,
        summary=i18n.SUBJECT_KINDS.get(subject_kind, subject_kind),
    )
    return row


def get_record(session: Session, record_id: int) -> VaultRecord:
    row = session.get(VaultRecord, record_id)
    if row is None:
        raise VaultRecordNotFound()
    return row


def request_view(session: Session, actor: Principal, record_id: int, reason: str) -> VaultRequest:
    """Ask to see one identity; the reason goes to the custodians and the audit log. Raises
    VaultReasonMissing/TooLong, VaultRequestPending when the same person already waits."""
    reason = " ".join(visible_text(reason).split())
    if not reason:
        raise VaultReasonMissing(field="reason")
    if len(reason) > REASON_MAX:
        raise VaultReasonTooLong(field="reason", max=REASON_MAX)
    get_record(session, record_id)
    waiting = session.scalar(
        select(VaultRequest.id).where(
            VaultRequest.record_id == record_id,
            VaultRequest.requested_by_id == actor.user_id,
            VaultRequest.status == S.pending,
        )
    )
    if waiting is not None:
        raise VaultRequestPending()
    row = VaultRequest(record_id=record_id, requested_by_id=actor.user_id, reason=reason)
    states.begin(MACHINE, row, S.pending)
    session.add(row)
    session.flush()
    audit(
        session,
        actor,
        AuditAction.vault_requested,
        target_type="vault_records",
        target_id=record_id,
        summary=reason,
        detail={"request_id": row.id},
    )
    return row


def _pending_for_custodian(session: Session, actor: Principal, request_id: int) -> VaultRequest:
    if not actor.can(Permission.vault_custodian):
        raise VaultNotCustodian()
    row = session.get(VaultRequest, request_id, with_for_update=True)
    if row is None:
        raise VaultRequestNotFound()
    if row.requested_by_id == actor.user_id:
        raise VaultOwnRequest()
    return row


def approve(session: Session, actor: Principal, request_id: int, note: str = "") -> VaultRequest:
    """A custodian other than the requester lets them see the identity for
    `vault_grant_minutes`. Raises VaultNotCustodian, VaultOwnRequest, IllegalMove (409) when
    the request was already decided (two custodians at once: one wins)."""
    row = _pending_for_custodian(session, actor, request_id)
    states.move(session, MACHINE, row, S.approved, actor=actor, reason=note)
    row.decided_by_id = actor.user_id
    row.decision_note = (note or "").strip()[:REASON_MAX]
    row.expires_at = clock.now() + timedelta(minutes=get_settings().vault_grant_minutes)
    return row


def refuse(session: Session, actor: Principal, request_id: int, note: str = "") -> VaultRequest:
    """A custodian other than the requester refuses. Raises as `approve`."""
    row = _pending_for_custodian(session, actor, request_id)
    states.move(session, MACHINE, row, S.refused, actor=actor, reason=note)
    row.decided_by_id = actor.user_id
    row.decision_note = (note or "").strip()[:REASON_MAX]
    return row


def active_grant(session: Session, actor: Principal, record_id: int) -> VaultRequest | None:
    """The requester's approved, unexpired request for this record, if any."""
    if actor.user_id is None:
        return None
    return session.scalar(
        select(VaultRequest)
        .where(
            VaultRequest.record_id == record_id,
            VaultRequest.requested_by_id == actor.user_id,
            VaultRequest.status == S.approved,
            VaultRequest.expires_at > clock.now(),
        )
        .order_by(VaultRequest.expires_at.desc())
        .limit(1)
    )


def pending_request(session: Session, actor: Principal, record_id: int) -> VaultRequest | None:
    if actor.user_id is None:
        return None
    return session.scalar(
        select(VaultRequest).where(
            VaultRequest.record_id == record_id,
            VaultRequest.requested_by_id == actor.user_id,
            VaultRequest.status == S.pending,
        )
    )


def reveal(session: Session, actor: Principal, record_id: int) -> Identity:
    """The identity in clear, for the holder of an active grant; each call is one audited
    view. Raises VaultNoGrant (403) without one (an expired grant shows nothing),
    VaultUnreadable when the key that wrote it is gone."""
    grant = active_grant(session, actor, record_id)
    if grant is None:
        raise VaultNoGrant()
    row = get_record(session, record_id)
    values = json.loads(keys.decrypt(row.token))
    audit(
        session,
        actor,
        AuditAction.vault_viewed,
        target_type="vault_records",
        target_id=record_id,
        summary=grant.reason,
        detail={"request_id": grant.id},
    )
    return Identity(**{f: values.get(f, "") for f in FIELDS})


def values_for_checks(session: Session, record_id: int) -> Identity:
    """The identity for an automated rule inside a service (is this beneficiary's account an
    indicator of the case?), never for display: nobody sees it, so no view is audited. A
    caller that shows or returns any of it must use `reveal`."""
    values = json.loads(keys.decrypt(get_record(session, record_id).token))
    return Identity(**{f: values.get(f, "") for f in FIELDS})


def rotate_all(session: Session, actor: Principal) -> int:
    """Re-encrypt every record under the first configured key (after a new key was put first
    in FANZHA_VAULT_KEYS); returns how many. The old key may be dropped afterwards."""
    count = 0
    for row in session.scalars(select(VaultRecord).order_by(VaultRecord.id)):
        row.token = keys.rotate(row.token)
        row.encrypted_at = clock.now()
        count += 1
    audit(session, actor, AuditAction.vault_rotated, summary=str(count))
    return count


def view_counts(session: Session, request_ids: list[int]) -> dict[int, int]:
    """How many times each request's grant was used, from the audit log."""
    if not request_ids:
        return {}
    key = AuditEntry.detail["request_id"].as_integer()
    rows = session.execute(
        select(key, func.count())
        .where(AuditEntry.action == AuditAction.vault_viewed.value, key.in_(request_ids))
        .group_by(key)
    )
    return dict(rows.all())
