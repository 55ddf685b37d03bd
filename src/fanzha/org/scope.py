"""The scoped-access layer: every read of a record that belongs to a unit goes through here.

A principal sees its own unit and every unit below it (the materialised path `Unit.path` makes
that one indexed prefix match). The center sits at the root, so center analysts and duty
officers see the city; a 分局 sees itself and its stations; a station sees itself and its
communities.

Each unit-owned model declares, once, on its own class, how its owning unit is reached: a column
(`@unit_owned("unit_id")`), the record it hangs off (`@unit_owned("case_id", parent=Case)`: a
stop-payment is in scope when its case is), or a rule of its own (`@unit_owned(rule=...)`, used
by gangs). `UNIT_OWNED` is the list of them all; routes read such records only through
`get_scoped` / `scoped_select` (or the `Scoped*` route dependencies in `fanzha.web.scoped`, built
on them), and a structural test fails on a bare `session.get(Model, ...)` or `select(Model)` in
a route module.

Out of scope looks exactly like missing (404), and the attempt is written to the audit log
(`access.denied`) even though the request is rolled back.

Analysis (研判) follows one rule on top of this:
- center analysts and duty officers (at the root unit) see every gang, person and value;
- a 分局 or station sees the gangs that include a case of its own (or that it was made 主办单位
  of); the other cases of such a gang appear masked, unlinked and counted ("另有 12 起其他单位
  案件"), on the page and in its .xlsx;
- at-risk people are reached through their case or the warning they were pushed as; the ones
  with neither (found in statements, not yet pushed) are center work, seen by the city only;
- 两卡 holders are seen through the cases whose statements name them.
See docs/access-scope.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import ColumnElement, Select, exists, select, true
from sqlalchemy.orm import Session

from fanzha.errors import NotFound
from fanzha.i18n import org as i18n
from fanzha.org.errors import UnitOutOfScope
from fanzha.org.models import (
    Compound,
    DutyShift,
    Grid,
    GridBoundary,
    Staff,
    Street,
    StreetRange,
    Team,
    TeamMember,
    Unit,
)

if TYPE_CHECKING:  # models of every domain import this module to declare their owner
    from fanzha.access import Principal

T = TypeVar("T")
Rule = Callable[["Principal"], ColumnElement[bool]]


def scope_clause(unit_column: Any, principal: Principal) -> ColumnElement[bool]:
    """True for rows whose unit is the principal's unit or one of its descendants."""
    if sees_city(principal):
        return true()
    subtree = select(Unit.id).where(Unit.path.like(principal.unit_path + "%"))
    return unit_column.in_(subtree)


def sees_city(principal: Principal) -> bool:
    """A principal without a unit path (the system, jobs) sees everything. Center staff see the
    city through the ordinary rule, since the center is the root of the unit tree."""
    return not principal.unit_path


def at_root(principal: Principal) -> bool:
    """The principal works at the root of the unit tree (the center), or is the system: records
    that belong to no unit at all (a dissolved gang, a person found only in statements) are
    theirs, which the ordinary subtree rule cannot say."""
    return sees_city(principal) or principal.unit_path.count("/") == 2


def unit_scope(session: Session, unit_id: int) -> Principal:
    """A principal that sees one unit's subtree, so plain "is this under that unit" checks and
    "only this unit and below" filters use the same scope rule as callers do."""
    from fanzha.access import Principal

    path = session.scalar(select(Unit.path).where(Unit.id == unit_id)) or "-"
    return Principal(
        kind="system", id=None, name="", unit_id=unit_id, unit_path=path, permissions=frozenset()
    )


def unit_in_scope(session: Session, principal: Principal, unit_id: int | None) -> bool:
    if sees_city(principal):
        return True
    if unit_id is None:
        return False
    path = session.scalar(select(Unit.path).where(Unit.id == unit_id))
    return path is not None and path.startswith(principal.unit_path)


def require_unit_in_scope(
    session: Session, principal: Principal, unit_id: int, field: str = "unit_id"
) -> Unit:
    """The unit a new record is filed under: it must exist and be within the actor's scope.
    Raises UnitOutOfScope (422) otherwise."""
    unit = session.get(Unit, unit_id)
    if unit is None or not unit_in_scope(session, principal, unit_id):
        raise UnitOutOfScope(field=field)
    return unit


# --- the declarations -------------------------------------------------------------------------


@dataclass(frozen=True)
class Ownership:
    """How one model's owning unit is reached; `rule(principal)` is its scope filter."""

    model: type
    rule: Rule
    how: str  # for the docs and test messages: "unit_id", "case_id → cases", "rule"
    column: str | None = None  # the unit column, or the column naming the parent record
    parent: type | None = None


UNIT_OWNED: dict[type, Ownership] = {}


def unit_owned(
    column: str | None = None, *, parent: type | None = None, rule: Rule | None = None
) -> Callable[[type[T]], type[T]]:
    """Class decorator declaring how a model's owning unit is reached:
    `@unit_owned("unit_id")` (a unit column), `@unit_owned("case_id", parent=Case)` (in scope
    when the parent record is), or `@unit_owned(rule=f)` with `f(principal)` a filter."""

    def declare(model: type[T]) -> type[T]:
        if rule is not None:
            found, how = rule, "rule"
        elif parent is not None:
            assert column is not None
            found = _through(model, column, parent)
            how = f"{column} → {parent.__tablename__}"  # type: ignore[attr-defined]
        else:
            assert column is not None
            found = _column_rule(model, column)
            how = column
        UNIT_OWNED[model] = Ownership(model, found, how, column, parent)
        return model

    return declare


def _column_rule(model: type, column: str) -> Rule:
    return lambda principal: scope_clause(getattr(model, column), principal)


def _through(model: type, column: str, parent: type) -> Rule:
    def rule(principal: Principal) -> ColumnElement[bool]:
        if sees_city(principal):
            return true()
        in_scope = select(parent.id).where(owner_clause(parent, principal))  # type: ignore[attr-defined]
        return getattr(model, column).in_(in_scope)

    return rule


# The unit tree itself: a unit is in scope when it is under the principal's unit.
unit_owned("id")(Unit)
for _model in (Grid, Staff, Team, DutyShift, Street, Compound):
    unit_owned("unit_id")(_model)
unit_owned("team_id", parent=Team)(TeamMember)
unit_owned("grid_id", parent=Grid)(StreetRange)
unit_owned("grid_id", parent=Grid)(GridBoundary)


def owner_clause(model: type, principal: Principal) -> ColumnElement[bool]:
    """The scope filter of a unit-owned model for `principal` (KeyError for any other model:
    a model read through the layer must have declared its owner)."""
    return UNIT_OWNED[model].rule(principal)


# --- reads ------------------------------------------------------------------------------------


def scoped_select(model: type[T], principal: Principal) -> Select[tuple[T]]:
    """`select(model)` already filtered to the principal's scope; add where/order as usual."""
    return select(model).where(owner_clause(model, principal))


def in_scope(session: Session, principal: Principal, model: type, record_id: int) -> bool:
    """Whether the record with this id is within the principal's scope (False when missing)."""
    if sees_city(principal):
        return session.get(model, record_id) is not None
    found = select(model.id).where(model.id == record_id, owner_clause(model, principal))  # type: ignore[attr-defined]
    return bool(session.scalar(select(exists(found))))


def get_scoped(session: Session, principal: Principal, model: type[T], record_id: int) -> T:
    """Fetch one unit-owned record through the scope filter.

    Missing and out of scope look the same: NotFound (404). An out-of-scope attempt is written
    to the audit log (access.denied, detached so it survives the failed request)."""
    record = session.get(model, record_id)
    if record is None:
        raise NotFound()
    if not in_scope(session, principal, model, record_id):
        refuse(session, principal, model, record_id)
    return record


def refuse(session: Session, principal: Principal, model: type, record_id: int) -> None:
    """Audit an attempt to read a record outside the caller's scope, then raise NotFound."""
    from fanzha.audit import service as audit
    from fanzha.audit.models import AuditAction

    audit.record(
        session,
        principal,
        AuditAction.access_denied,
        target_type=model.__tablename__,  # type: ignore[attr-defined]
        target_id=record_id,
        summary=i18n.AUDIT["out_of_scope"],
        detached=True,
    )
    raise NotFound()


def visible_ids(
    session: Session, principal: Principal, model: type, ids: Iterable[int]
) -> set[int]:
    """Which of these records the principal may open (for a page that lists records of
    several units and must not link to the others)."""
    wanted = set(ids)
    if sees_city(principal) or not wanted:
        return wanted
    stmt = select(model.id).where(model.id.in_(wanted), owner_clause(model, principal))  # type: ignore[attr-defined]
    return set(session.scalars(stmt))


def get_child(session: Session, model: type[T], record_id: int, parent: Any) -> T:
    """A record that hangs off `parent` (declared `@unit_owned(column, parent=...)`), where the
    caller already holds `parent` through this layer: found only when it is that parent's
    (a stop-payment of this case), else NotFound (404). No audit: the parent was in scope."""
    owner = UNIT_OWNED[model]
    assert owner.parent is not None and isinstance(parent, owner.parent), (model, parent)
    record = session.get(model, record_id)
    if record is None or getattr(record, owner.column or "") != parent.id:
        raise NotFound()
    return record


def own_unit(session: Session, principal: Principal) -> Unit | None:
    """The principal's own unit (None for the system and keys without one)."""
    return session.get(Unit, principal.unit_id) if principal.unit_id else None
