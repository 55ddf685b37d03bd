"""What the analysis route modules (linking.views, linking.people_views, linking.action_views)
share: reading a record that belongs to no unit, a form's action run in a savepoint, and a
form's optional number."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from fanzha.errors import DomainError, NotFound
from fanzha.org import scope
from fanzha.web.templating import is_htmx, see_other

if TYPE_CHECKING:
    from fastapi import Request
    from fastapi.responses import Response


def get_shared(session: Session, model: type, record_id: int):
    """A record of analysis that belongs to no unit (an indicator, an exclusion, a blocking
    request): values are shared by the city. Raises NotFound (404) when there is none.
    Unit-owned records go through `scope.get_scoped` / the Scoped* dependencies instead (a
    structural test holds the route modules to it)."""
    assert model not in scope.UNIT_OWNED, model
    record = session.get(model, record_id)
    if record is None:
        raise NotFound()
    return record


def attempt(
    session: Session,
    action: Callable[[], str | None],
    page: Callable[..., Response],
    *,
    request: Request,
    back: str,
) -> Response:
    """Run a form's action and show the page again with its message, or with the reason it
    was refused (the officer stays where they were, nothing half-done: the action runs in a
    savepoint, rolled back before the page is shown with the refusal).

    A plain form's success redirects to `back` (the page's own path) with its message
    (Post/Redirect/Get): reloading that page does not send the form again. An htmx form gets
    the page's content in place."""
    try:
        with session.begin_nested():
            message = action()
    except DomainError as exc:
        return page(status_code=exc.status_code, error=exc.message)
    if not is_htmx(request):
        return see_other(back, message)
    return page(flash=message)


def optional_int(value: object) -> int | None:
    """A form field's whole number, or None when it is empty or not one."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None
