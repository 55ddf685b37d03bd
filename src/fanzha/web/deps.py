"""Request dependencies: the transaction, who is asking, what they may do, CSRF.

Every route depends on `require(permission)` or `public()`; a test walks the route table and
fails for a route with neither.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from fanzha.auth import service as auth
from fanzha.auth.permissions import Permission, Principal
from fanzha.db import get_sessionmaker
from fanzha.errors import DomainError, NotAuthenticated, PermissionDenied
from fanzha.i18n import zh_CN

SESSION_COOKIE = "fanzha_session"
CSRF_COOKIE = "fanzha_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
API_KEY_HEADER = "X-API-Key"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def sessions_from(factory: Callable[[], Session]) -> Callable[[], AsyncIterator[Session]]:
    """A request-transaction dependency over `factory`.

    Async so that opening the session costs no thread hop (it connects lazily, on first use
    inside the handler's thread); commit (or rollback) and close share one hop at the end.
    Scope "function" makes the commit happen before the response is sent."""

    async def request_session() -> AsyncIterator[Session]:
        session = factory()
        try:
            yield session
        except BaseException:
            await run_in_threadpool(_finish, session, commit=False)
            raise
        await run_in_threadpool(_finish, session, commit=True)

    return request_session


def _finish(session: Session, *, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


get_session = sessions_from(lambda: get_sessionmaker()())
DbSession = Annotated[Session, Depends(get_session, scope="function")]


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


async def optional_principal(request: Request, session: DbSession) -> Principal | None:
    """The caller from an API key header or a session cookie; None when anonymous.

    A key verified moments ago is answered here without a thread hop (see
    auth.recently_verified_key); everything else is read from the database in a worker thread.
    Kept on `request.state` too, so an error page can still show the caller's navigation."""
    presented = _presented_key(request)
    principal = None
    if presented:
        principal = auth.recently_verified_key(
            session, presented, ip=client_ip(request), user_agent=request.headers.get("user-agent")
        )
    if principal is None:
        principal = await run_in_threadpool(_identify, request, session, presented)
    request.state.principal = principal
    return principal


def _presented_key(request: Request) -> str | None:
    presented = request.headers.get(API_KEY_HEADER)
    authorization = request.headers.get("authorization", "")
    if not presented and authorization.lower().startswith("bearer "):
        presented = authorization[7:].strip()
    return presented or None


def _identify(request: Request, session: Session, presented: str | None) -> Principal | None:
    ip, agent = client_ip(request), request.headers.get("user-agent")
    if presented:
        principal = auth.verify_api_key(session, presented, ip=ip, user_agent=agent)
        if principal is None:
            raise NotAuthenticated(zh_CN.ERRORS["invalid_api_key"], code="invalid_api_key")
        return principal
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        user = auth.user_for_session(session, token)
        if user is not None:
            return auth.user_principal(user, ip=ip, user_agent=agent)
    return None


class CsrfFailed(DomainError):
    status_code = 403
    code = "csrf_failed"
    message = zh_CN.ERRORS["csrf"]


async def csrf_protect(request: Request) -> None:
    """Double-submit check for requests that change something: the token in the form (or the
    htmx header) must equal the token cookie. Only a machine client, one that presents a key and
    no session cookie, is exempt: a request carrying the session cookie is checked whatever
    other headers it has, since a browser sends the cookie on a forged request too."""
    if request.method in SAFE_METHODS:
        return
    if not request.cookies.get(SESSION_COOKIE) and _presented_key(request):
        return
    expected = request.cookies.get(CSRF_COOKIE)
    presented = request.headers.get(CSRF_HEADER)
    if presented is None and "form" in request.headers.get("content-type", ""):
        presented = (await request.form()).get(CSRF_FIELD)  # type: ignore[assignment]
    if not expected or not presented or not auth.constant_time_equal(expected, str(presented)):
        raise CsrfFailed()


def require(*permissions: Permission | None) -> Callable[..., Principal]:
    """A dependency that admits callers holding every one of `permissions` (None: any
    signed-in caller), and checks CSRF."""
    needed = tuple(p for p in permissions if p is not None)

    async def dependency(  # async: no I/O here, so no thread hop
        # CSRF first: a forged request is refused as such before any key it carries is looked at.
        _csrf: Annotated[None, Depends(csrf_protect)],
        principal: Annotated[Principal | None, Depends(optional_principal)],
    ) -> Principal:
        if principal is None:
            raise NotAuthenticated()
        if not all(principal.can(p) for p in needed):
            raise PermissionDenied()
        return principal

    # Read by the route-table test: every route must declare what it needs.
    dependency.permission = needed or "authenticated"  # type: ignore[attr-defined]
    return dependency


def public() -> Callable[..., Any]:
    """A dependency for routes anyone may call (login page, health); still checks CSRF."""

    async def dependency(
        _csrf: Annotated[None, Depends(csrf_protect)],
        principal: Annotated[Principal | None, Depends(optional_principal)],
    ) -> Principal | None:
        return principal

    dependency.permission = "public"  # type: ignore[attr-defined]
    return dependency


Anyone = Annotated[Principal | None, Depends(public())]
SignedIn = Annotated[Principal, Depends(require(None))]
