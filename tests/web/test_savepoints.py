"""A view that catches a DomainError to show the form again first rolls back to a savepoint:
what the refused change wrote before the error is not committed with the re-rendered page."""

from __future__ import annotations

import ast

import pytest
from fastapi.responses import PlainTextResponse
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.org import service as org
from fanzha.org.errors import UnitNameMissing
from fanzha.org.models import Unit
from fanzha.web.deps import DbSession
from tests.unit.source import error_classes, modules

pytestmark = pytest.mark.usefixtures("city")

DOMAIN_ERRORS = {cls.__name__ for cls in error_classes()}


def _caught_names(handler: ast.ExceptHandler) -> set[str]:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return {k.id if isinstance(k, ast.Name) else getattr(k, "attr", "") for k in kinds if k}


def _in_savepoint(body: list[ast.stmt]) -> bool:
    first = body[0]
    return (
        len(body) == 1
        and isinstance(first, ast.With)
        and isinstance(call := first.items[0].context_expr, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "begin_nested"
    )


def _is_view(module: str) -> bool:
    last = module.rsplit(".", 1)[-1]
    return last in {"views", "api"} or last.endswith("_views") or module.startswith("fanzha.web.")


def test_every_caught_domain_error_is_caught_around_a_savepoint() -> None:
    found = []
    for module, tree in modules():
        if not _is_view(module):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Try):
                continue
            caught = set().union(*(_caught_names(h) for h in node.handlers)) & DOMAIN_ERRORS
            if caught and not _in_savepoint(node.body):
                found.append(f"{module}:{node.lineno} catches {sorted(caught)}")
    assert not found, "try body must be `with session.begin_nested():`\n" + "\n".join(found)


def _rename_then_refuse(session: Session, unit_id: int) -> None:
    """A change that writes (a new name and its audit entry), then is refused."""
    org.rename_unit(session, Principal.system(), session.get(Unit, unit_id), "半途改名")
    raise UnitNameMissing(field="name")


@pytest.fixture
def refusing_client(app, client):
    def with_savepoint(unit_id: int, session: DbSession) -> PlainTextResponse:
        try:
            with session.begin_nested():
                _rename_then_refuse(session, unit_id)
        except UnitNameMissing as exc:
            return PlainTextResponse(exc.message, status_code=422)
        return PlainTextResponse("")

    def without_savepoint(unit_id: int, session: DbSession) -> PlainTextResponse:
        try:
            _rename_then_refuse(session, unit_id)
        except UnitNameMissing as exc:
            return PlainTextResponse(exc.message, status_code=422)
        return PlainTextResponse("")

    app.add_api_route("/_refused/with/{unit_id}", with_savepoint)
    app.add_api_route("/_refused/without/{unit_id}", without_savepoint)
    return client


def _unit(session: Session) -> Unit:
    return session.query(Unit).order_by(Unit.id).first()


def test_the_refused_change_is_not_committed_with_the_page(refusing_client, session: Session):
    unit = _unit(session)
    name = unit.name
    response = refusing_client.get(f"/_refused/with/{unit.id}")
    assert response.status_code == 422 and response.text == "单位名称不能为空"
    session.expire_all()
    assert session.get(Unit, unit.id).name == name


def test_without_the_savepoint_the_half_done_change_would_be_committed(
    refusing_client, session: Session
):
    # The control: the request's transaction commits whatever the view returns over.
    unit = _unit(session)
    response = refusing_client.get(f"/_refused/without/{unit.id}")
    assert response.status_code == 422
    session.expire_all()
    assert session.get(Unit, unit.id).name == "半途改名"
