"""Structural tests of the scoped-access layer (fanzha.org.scope): every model that belongs to a
unit declares how its unit is reached, and no route module reads one without the layer."""

from __future__ import annotations

import ast
from pathlib import Path

import fanzha
import fanzha.models
from fanzha.db import Base
from fanzha.org import scope

SRC = Path(fanzha.__file__).parent

# Tables whose rows belong to a unit: a foreign key to one of them (other than a "who did it"
# column) makes a model unit-owned too, unless it is listed below with the reason.
OWNER_TABLES = {
    "units",
    "cases",
    "warnings",
    "statement_imports",
    "stop_payments",
    "freezes",
    "teams",
    "staff",
    "grids",
    "gangs",
}
NOT_UNIT_OWNED = {
    "link_exclusions": "the exclusion list is the city's; gang_id only notes where it began",
    "gang_merges": "read only inside gang_view, over the cases the viewer may open",
    "block_requests": "the center's requests to carriers about shared values (unit_id: filer)",
}
# The layer's own names: a unit-owned model may be passed to these.
LAYER = {
    "get_scoped",
    "get_child",
    "scoped_select",
    "owner_clause",
    "in_scope",
    "visible_ids",
    "refuse",
}


def _route_modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "APIRouter(" in p.read_text(encoding="utf-8"))


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def bare_reads(tree: ast.AST, owned: set[str]) -> list[tuple[int, str]]:
    """(line, call) for each call that hands a unit-owned model to anything but the layer:
    `session.get(Case, id)`, `select(Case)`, `session.query(Case)`, `_get(session, Case, id)`."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        called = _name(node.func)
        if called in LAYER or called == "isinstance":
            continue
        for arg in node.args:
            if isinstance(arg, ast.Name) and arg.id in owned:
                found.append((node.lineno, f"{ast.unparse(node.func)}({arg.id}, ...)"))
    return found


def test_every_model_tied_to_a_unit_declares_its_owner() -> None:
    missing = []
    for mapper in Base.registry.mappers:
        model = mapper.class_
        if model in scope.UNIT_OWNED or model.__tablename__ in NOT_UNIT_OWNED:
            continue
        owners = {
            fk.column.table.name
            for column in model.__table__.columns
            if not column.name.endswith("_by_id")
            for fk in column.foreign_keys
        }
        if owners & OWNER_TABLES:
            missing.append(f"{model.__name__} → {sorted(owners & OWNER_TABLES)}")
    assert not missing, "declare @unit_owned(...) on: " + "; ".join(missing)


def test_route_modules_read_unit_owned_records_only_through_the_layer() -> None:
    owned = {model.__name__ for model in scope.UNIT_OWNED}
    assert {"Case", "Warning", "Gang", "AtRiskPerson", "Lead"} <= owned
    modules = _route_modules()
    assert len(modules) >= 10, modules  # the walk found the route modules
    offences = [
        f"{path.relative_to(SRC)}:{line}: {call}"
        for path in modules
        for line, call in bare_reads(ast.parse(path.read_text(encoding="utf-8")), owned)
    ]
    assert not offences, "read through fanzha.org.scope / fanzha.web.scoped:\n" + "\n".join(
        offences
    )


def test_the_walk_catches_a_bare_read() -> None:
    tree = ast.parse(
        "def page(session, gang_id):\n"
        "    gang = session.get(Gang, gang_id)\n"
        "    rows = session.scalars(select(Case).where(Case.id == 1))\n"
        "    ok = scope.get_scoped(session, actor, Gang, gang_id)\n"
    )
    assert [line for line, _ in bare_reads(tree, {"Gang", "Case"})] == [2, 3]


def _declares_permission(dependant) -> bool:
    pending = [dependant]
    while pending:
        current = pending.pop()
        if getattr(current.call, "permission", None) is not None:
            return True
        pending.extend(current.dependencies)
    return False


def test_scoped_dependencies_come_after_the_routes_permission() -> None:
    """So a caller without the permission gets 403 before any record is looked at (and no
    access.denied entry for a request the permission alone refuses)."""
    from fastapi.routing import APIRoute

    from fanzha.app import create_app
    from fanzha.web import scoped
    from fanzha.web.edge import walk_routes

    fetchers = {
        getattr(scoped, name).__metadata__[0].dependency
        for name in dir(scoped)
        if name.startswith("Scoped")
    }
    using, misplaced = 0, []
    for route in walk_routes(create_app().routes):
        if not isinstance(route, APIRoute):
            continue
        seen_permission = False
        for dependant in route.dependant.dependencies:
            if dependant.call in fetchers:
                using += 1
                if not seen_permission:
                    misplaced.append(f"{sorted(route.methods)} {route.path_format}")
            seen_permission = seen_permission or _declares_permission(dependant)
    assert using >= 40
    assert misplaced == []
