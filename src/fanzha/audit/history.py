"""The history of one record, read from the audit log: who did what and when, in Chinese.

The caller already holds the record through the scope layer; this only reads the entries that
name it (and, for a case, its stop-payments and freezes). A viewer who may not see people
(`pii.unmask`) gets each step's label, actor and time, not the summary text, which can name
the person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from fanzha.access import Permission, Principal
from fanzha.audit.models import AuditEntry
from fanzha.i18n import desk as desk_text
from fanzha.i18n import zh_CN

LIMIT = 200  # a record's whole life fits; the audit page pages through the rest
_TARGET_LABELS = desk_text.HISTORY_TARGETS


@dataclass(frozen=True)
class Step:
    at: datetime
    label: str  # 签收预警 / 案件状态变更 ...
    actor: str  # the officer, 接口 or 系统
    summary: str  # "" when the viewer may not see the person it names
    about: str  # "" for the record itself, 止付 / 冻结 for one of its holds


def timeline(
    session: Session, viewer: Principal, targets: Mapping[str, Iterable[int]]
) -> list[Step]:
    """Steps of the records `{target_type: ids}` (e.g. {"cases": [7], "stop_payments": [..]}),
    oldest first, at most LIMIT (the newest ones kept)."""
    wanted = {kind: [str(i) for i in ids] for kind, ids in targets.items()}
    terms = [
        (AuditEntry.target_type == kind) & AuditEntry.target_id.in_(ids)
        for kind, ids in wanted.items()
        if ids
    ]
    if not terms:
        return []
    rows = session.scalars(
        select(AuditEntry).where(or_(*terms)).order_by(AuditEntry.id.desc()).limit(LIMIT)
    ).all()
    sees_people = viewer.can(Permission.pii_unmask)
    return [
        Step(
            at=e.at,
            label=zh_CN.AUDIT_ACTIONS.get(e.action, e.action),
            actor=e.actor_name or zh_CN.ACTOR_KINDS.get(e.actor_kind, e.actor_kind),
            summary=e.summary if sees_people else "",
            about=_TARGET_LABELS.get(e.target_type or "", ""),
        )
        for e in reversed(rows)
    ]
