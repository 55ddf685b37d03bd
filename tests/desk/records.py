"""Records the desk tests look for."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.org.models import Grid, Unit
from fanzha.warnings import intake
from fanzha.warnings.models import Warning
from fanzha.warnings.schemas import WarningIn
from tests.helpers import unit_of
from tests.warnings.factories import address_in, warning_payload


def receive(session: Session, username: str, **overrides) -> Warning:
    """A warning routed into a grid of a demo user's unit."""
    unit = unit_of(session, username)
    grid = session.scalars(
        select(Grid)
        .join(Unit, Unit.id == Grid.unit_id)
        .where(Unit.path.like(unit.path + "%"))
        .order_by(Grid.id)
    ).first()
    payload = warning_payload(address=address_in(session, grid.id), **overrides)
    [(warning_id, _)] = intake.store(session, Principal.system(), [WarningIn(**payload)])
    return session.get(Warning, warning_id)
