from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class AuditEntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    at: datetime
    actor_kind: str
    actor_id: int | None
    actor_name: str
    action: str
    target_type: str | None
    target_id: str | None
    summary: str
    detail: dict[str, Any]
    ip: str | None


class AuditPage(BaseModel):
    items: list[AuditEntryOut]
    total: int
