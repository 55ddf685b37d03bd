"""What the custodians' page reads: the requests waiting and the log of every request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from fanzha.auth.models import User
from fanzha.vault.models import VaultRecord, VaultRequest
from fanzha.vault.models import VaultRequestStatus as S
from fanzha.vault.service import view_counts

LOG_ROWS = 200


@dataclass(frozen=True)
class RequestRow:
    id: int
    record_id: int
    subject_kind: str
    subject_ref: str
    requested_by: str
    requested_by_id: int
    reason: str
    status: S
    requested_at: datetime
    decided_by: str
    decided_at: datetime | None
    decision_note: str
    expires_at: datetime | None
    views: int


def requests(session: Session, *, pending: bool) -> list[RequestRow]:
    """Pending requests oldest first, or the latest decided ones (the log) newest first."""
    asker, decider = aliased(User), aliased(User)
    query = (
        select(VaultRequest, VaultRecord, asker.display_name, decider.display_name)
        .join(VaultRecord, VaultRecord.id == VaultRequest.record_id)
        .join(asker, asker.id == VaultRequest.requested_by_id)
        .outerjoin(decider, decider.id == VaultRequest.decided_by_id)
    )
    if pending:
        query = query.where(VaultRequest.status == S.pending).order_by(VaultRequest.id)
    else:
        query = (
            query.where(VaultRequest.status != S.pending)
            .order_by(VaultRequest.id.desc())
            .limit(LOG_ROWS)
        )
    rows = session.execute(query).all()
    views = view_counts(session, [r.id for r, *_ in rows])
    return [
        RequestRow(
            id=r.id,
            record_id=rec.id,
            subject_kind=rec.subject_kind,
            subject_ref=rec.subject_ref,
            requested_by=who,
            requested_by_id=r.requested_by_id,
            reason=r.reason,
            status=r.status,
            requested_at=r.requested_at,
            decided_by=decided or "",
            decided_at=r.decided_at,
            decision_note=r.decision_note,
            expires_at=r.expires_at,
            views=views.get(r.id, 0),
        )
        for r, rec, who, decided in rows
    ]
