"""The directory of other anti-fraud centers, by province and city, edited by admins: where a
warning about a person living there is transferred."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fanzha import listing
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.i18n import liaison as i18n
from fanzha.liaison.errors import CenterNameTaken, CenterNotFound
from fanzha.liaison.models import Center
from fanzha.liaison.places import Place


def list_centers(session: Session, *, active_only: bool = False) -> list[Center]:
    """Every center, by province then city (a province's own center first)."""
    stmt = select(Center).order_by(Center.province, Center.city, Center.name)
    if active_only:
        stmt = stmt.where(Center.active)
    return list(session.scalars(stmt))


CENTER_SORTS: listing.Sorts = {
    "province": [Center.province, Center.city],
    "name": [Center.name],
    "active": [Center.active],
}


def page_centers(
    session: Session, query: listing.ListQuery, *, state: str = ""
) -> listing.Page[Center]:
    """The directory as a list, by province then city; `state` "active" or "retired" keeps
    one kind; the text filter matches province, city, name or phone."""
    stmt = select(Center).where(
        *({"active": [Center.active], "retired": [~Center.active]}.get(state, [])),
        *listing.text_match(query, Center.province, Center.city, Center.name, Center.phone),
    )
    order = (Center.province, Center.city, Center.name, Center.id)
    return listing.paginate(session, stmt, query, CENTER_SORTS, order)


def get_active(session: Session, center_id: int) -> Center:
    """An active center; CenterNotFound (404) otherwise."""
    center = session.get(Center, center_id)
    if center is None or not center.active:
        raise CenterNotFound()
    return center


def for_place(session: Session, place: Place) -> Center | None:
    """The active center of the city the place names, else of its province."""
    if not place.province:
        return None
    rows = session.scalars(
        select(Center).where(Center.active, Center.province == place.province)
    ).all()
    return next((c for c in rows if place.city and c.city == place.city), None) or next(
        (c for c in rows if not c.city), None
    )


def save(
    session: Session,
    actor: Principal,
    *,
    center: Center | None = None,
    province: str,
    city: str = "",
    name: str,
    phone: str = "",
    note: str = "",
    active: bool = True,
) -> Center:
    """Add a center (`center` None) or change one; audited. CenterNameTaken (409)."""
    created = center is None
    center = center or Center()
    center.province, center.city, center.name = province.strip(), city.strip(), name.strip()
    center.phone, center.note, center.active = phone.strip(), note.strip(), active
    try:
        with session.begin_nested():
            session.add(center)
            session.flush()
    except IntegrityError as exc:
        raise CenterNameTaken(field="name") from exc
    audit.record(
        session,
        actor,
        AuditAction.center_created if created else AuditAction.center_updated,
        target_type="centers",
        target_id=center.id,
        summary=i18n.AUDIT["created" if created else "updated"].format(
            name=center.name, where=center.province + center.city
        ),
    )
    return center
