"""One place that turns errors into responses: JSON for /api/, a toast for htmx, a page else."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route

from fanzha.access import Principal
from fanzha.errors import DomainError, NotAuthenticated, NotFound
from fanzha.i18n import common as i18n
from fanzha.i18n import zh_CN
from fanzha.i18n.validation import describe, field_errors
from fanzha.public import site
from fanzha.web import nav
from fanzha.web.edge import walk_routes
from fanzha.web.templating import is_htmx, render

log = logging.getLogger(__name__)

# SQLSTATEs of a database that gave up waiting (the timeouts every app connection carries, see
# fanzha.db.timeout_connect_args): the system is busy, the request can simply be sent again.
BUSY = {
    "55P03": "lock_timeout",
    "57014": "statement_timeout",
    "25P03": "idle_in_transaction_timeout",
    "53300": "too_many_connections",
}
# ...and of two transactions that collided, one of which the database stopped.
COLLIDED = {"40P01": "deadlock", "40001": "serialization_failure"}
RETRY_AFTER_SECONDS = 2


def database_refusal(exc: Exception) -> tuple[int, str] | None:
    """(status, reason) for a database error a client should retry, or None for a real fault.

    `exc` is a SQLAlchemy DBAPIError (the driver's error in `.orig`) or a raw psycopg error
    (code that runs its own cursor), or the pool's timeout: every pooled connection of this
    process is in use (a storm of requests), which is as busy as a lock wait."""
    if isinstance(exc, PoolTimeout):
        return 503, "pool_exhausted"
    driver_error = exc.orig if isinstance(exc, DBAPIError) else exc
    state = getattr(driver_error, "sqlstate", None)
    if state in BUSY:
        return 503, BUSY[state]
    if state in COLLIDED:
        return 409, COLLIDED[state]
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return 503, "connection_lost"
    return None


def _wants_json(request: Request) -> bool:
    """JSON for the API, and for any client that speaks it: one that sent a JSON body (the
    field page's sync) or asks for JSON and not a page."""
    if request.url.path.startswith("/api/"):
        return True
    sent = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    accept = request.headers.get("accept", "").lower()
    return sent == "application/json" or ("application/json" in accept and "html" not in accept)


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    extra: dict | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if _wants_json(request):
        response: Response = JSONResponse(
            {"code": code, "message": message, **(extra or {})}, status_code=status
        )
    elif is_htmx(request):
        response = render(
            request, "toast.html", None, status_code=status, message=message, level="error"
        )
        response.headers["HX-Retarget"] = "#toast"
        response.headers["HX-Reswap"] = "innerHTML"
    elif request.url.path.startswith("/public/"):
        # The citizens' site: its own light page, never the staff layout.
        response = render(
            request,
            "public/error.html",
            None,
            status_code=status,
            message=message,
            code=code,
            center_name=site.center_name(),
            sections=site.SECTIONS,
        )
    else:
        principal = getattr(request.state, "principal", None)
        response = render(
            request,
            "error.html",
            principal,
            status_code=status,
            message=message,
            code=code,
            back=back_links(request, principal),
            revise=revise_href(request, status),
        )
    response.headers.update(headers or {})
    return response


# Refusals of a posted form its user can put right on the form itself: invalid input (a
# control character pasted in, which the app-wide check refuses before the form's own page
# can show it beside its field), a file too big. Not a conflict: the page it came from shows
# the record as it was, and going back in history would show it so again.
_REVISABLE = frozenset({413, 422})


def revise_href(request: Request, status: int) -> str | None:
    """The form page a refused POST came from (its Referer, on this site only), for the error
    page's 返回修改; app.js goes back in history there, so the browser restores what was typed.
    None for anything else, or a Referer naming another site."""
    referer = request.headers.get("referer", "")
    if request.method != "POST" or status not in _REVISABLE or not referer:
        return None
    came = urlsplit(referer)
    if came.scheme not in ("http", "https") or came.netloc != request.url.netloc:
        return None
    if not came.path.startswith("/") or came.path.startswith(("//", "/\\")):
        return None  # "//other.site" is another site to a browser
    return came.path + (f"?{came.query}" if came.query else "")


def back_links(request: Request, principal: Principal | None) -> list[tuple[str, str]]:
    """Where a refused page sends its user back to, besides 工作台: the record the request
    acted on (the path up to its first id, unless that page itself failed) and the list the
    page belongs to in the sidebar."""
    if principal is None:
        return []
    path = request.url.path.rstrip("/")
    parts = path.split("/")
    links: list[tuple[str, str]] = []
    ids = [i for i, part in enumerate(parts) if part.isascii() and part.isdigit()]
    if ids:
        record = "/".join(parts[: ids[0] + 1])
        if (record != path or request.method != "GET") and _is_page(request, record):
            links.append((record, i18n.BACK["record"]))
    entry = nav.current(principal, path)
    if entry is not None and entry.href not in ("/", path):
        links.append((entry.href, i18n.BACK["list"].format(label=entry.label)))
    return links


def _is_page(request: Request, path: str) -> bool:
    """Whether a GET of `path` reaches a route (an action's path, such as a task's
    /warnings/tasks/N of its /claim, is no page to go back to)."""
    scope = {**request.scope, "method": "GET", "path": path}
    return any(
        isinstance(route, Route) and route.matches(scope)[0] == Match.FULL
        for route in walk_routes(request.app.router.routes)
    )


def _allowed_methods(request: Request) -> str:
    """Every method some route answers at this path (one path may be served by several
    routes, one per method; Starlette's own 405 names only the first)."""
    methods: set[str] = set()
    for route in walk_routes(request.app.router.routes):
        if isinstance(route, Route) and route.matches(request.scope)[0] != Match.NONE:
            methods |= route.methods or set()
    return ", ".join(sorted(methods))


def validation_response(request: Request, errors: list[dict]) -> Response:
    """422 with each field's Chinese message; 404 when a path id can name no record."""
    if any(e.get("type") == "record_id" for e in errors):
        return error_response(request, 404, NotFound.code, NotFound().message)
    by_field = field_errors(errors)
    return error_response(
        request,
        422,
        "invalid_input",
        describe(by_field),
        {"errors": [{"field": f, "message": m} for f, m in by_field.items()]},
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        if isinstance(exc, NotAuthenticated) and not _wants_json(request):
            target = "/login?next=" + request.url.path
            if is_htmx(request):
                return Response(status_code=204, headers={"HX-Redirect": target})
            return RedirectResponse(target, status_code=303)
        extra = {"field": exc.field} if exc.field else None
        # A rate limit says when to come back (fanzha.public.abuse gives the seconds).
        wait = exc.params.get("seconds") if exc.status_code == 429 else None
        headers = {"Retry-After": str(wait)} if wait is not None else None
        return error_response(request, exc.status_code, exc.code, exc.message, extra, headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return validation_response(request, list(exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return error_response(request, 404, "not_found", zh_CN.ERRORS["not_found_page"])
        if exc.status_code == 405:
            return error_response(
                request,
                405,
                "method_not_allowed",
                zh_CN.ERRORS["method_not_allowed"],
                headers={"Allow": _allowed_methods(request)},
            )
        if exc.status_code == 400 and isinstance(exc.__cause__, DomainError):
            # FastAPI wraps what fails while it reads a JSON body (the body cap's 413, say)
            # into "error parsing the body": answer the refusal itself.
            return await domain_error(request, exc.__cause__)
        if exc.status_code == 400:
            # A body that cannot be parsed (malformed multipart or form encoding).
            message = zh_CN.VALIDATION["body_parse"]
            body_error = {"errors": [{"field": "body", "message": message}]}
            return error_response(request, 422, "invalid_input", message, body_error)
        message = zh_CN.HTTP_STATUSES.get(exc.status_code, zh_CN.ERRORS["request_failed"])
        return error_response(request, exc.status_code, "http_error", message, headers=exc.headers)

    @app.exception_handler(IntegrityError)
    async def integrity_error(request: Request, exc: IntegrityError) -> Response:
        # Uniqueness is checked in services; this catches the race two requests can still win.
        log.warning("integrity error on %s %s", request.method, request.url.path)
        return error_response(request, 409, "conflict", i18n.DATABASE["duplicate_record"])

    @app.exception_handler(DBAPIError)
    @app.exception_handler(psycopg.Error)
    @app.exception_handler(PoolTimeout)
    async def database_error(request: Request, exc: Exception) -> Response:
        refusal = database_refusal(exc)
        if refusal is None:
            raise exc  # a real fault: the 500 below, with its traceback
        status, reason = refusal
        # Only the kind: the statement's parameters may carry personal data.
        log.warning("database refused %s %s: %s", request.method, request.url.path, reason)
        if status == 409:
            return error_response(
                request, 409, "concurrent_change", zh_CN.ERRORS["concurrent_change"]
            )
        response = error_response(request, 503, "busy", zh_CN.ERRORS["busy"])
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # Logged without request data: bodies may carry personal data.
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "server_error", zh_CN.ERRORS["server_error"])
