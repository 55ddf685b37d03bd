"""Warnings as the upper platform would send them."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.org.models import Compound, Street

_counter = itertools.count(1)


def address_in(session: Session, grid_id: int | None = None) -> str:
    """A real address of the demo gazetteer: district, street, number, compound, building."""
    stmt = (
        select(Street.district, Street.name, Compound.house_number, Compound.name)
        .join(Street, Street.id == Compound.street_id)
        .order_by(Compound.id)
    )
    if grid_id is not None:
        stmt = stmt.where(Compound.grid_id == grid_id)
    district, street, number, compound = session.execute(stmt.limit(1)).one()
    return f"{district}{street}{number}{compound}3栋2单元501室"


def warning_payload(**overrides: Any) -> dict[str, Any]:
    n = next(_counter)
    payload = {
        "source": "ministry",
        "external_id": f"MPS-2026-{n:08d}",
        "person_name": "王秀英",
        "person_phone": f"139{n:08d}",
        "address": "",
        "fraud_type": "investment",
        "fraudster_phone": "+8617012345678",
        "amount_fen": 0,
        "issued_at": datetime(2026, 11, 23, 9, 30, tzinfo=UTC).isoformat(),
    }
    payload.update(overrides)
    return payload
