"""Request dependencies: the transaction, who is asking, what they may do, CSRF.

Every route depends on `require(permission)` or `public()`; a test walks the route table and
fails for a route with neither.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import Annotated, Any

import anyio
from anyio.lowlevel import RunVar
from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from fanzha.access import Permission, Principal
from fanzha.auth import service as auth
from fanzha.db import get_sessionmaker
from fanzha.errors import DomainError, NotAuthenticated, PermissionDenied

SESSION_COOKIE = "fanzha_session"
CSRF_COOKIE = "fanzha_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
API_KEY_HEADER = "X-API-Key"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def sessions_from(factory: Callable[[], Session]) -> Callable[[], AsyncIterator[Session]]:
    """A request-transaction dependency over `factory`.

    Async so that opening the session costs no thread hop (it connects lazily, on first use
    inside the handler's thread); commit (or rollback) and close share one hop at the end, on
    threads of their own (see `threads_of`): a request holding row locks finishes at once
    however many new requests are queued for the threadpool. A session never used (the health
    check, a refused request) is closed without a hop. Scope "function" makes the commit
    happen before the response is sent."""

    async def request_session() -> AsyncIterator[Session]:
        session = factory()

        async def finish(*, commit: bool) -> None:
            if not session.in_transaction():
                session.close()  # no connection taken: nothing to commit or give back
                return
            await anyio.to_thread.run_sync(
                partial(_finish, session, commit=commit), limiter=threads_of("finish", 40)
            )

        try:
            yield session
        except BaseException:
            await finish(commit=False)
            raise
        await finish(commit=True)

    return request_session


_LIMITERS: dict[str, RunVar[anyio.CapacityLimiter]] = {}


def threads_of(name: str, tokens: int) -> anyio.CapacityLimiter:
    """A capacity limiter of `tokens` threads for one kind of work, apart from the threadpool
    the routes run in (and per event loop, like anyio's own)."""
    var = _LIMITERS.setdefault(name, RunVar(f"fanzha_threads_{name}"))
    try:
        return var.get()
    except LookupError:
        limiter = anyio.CapacityLimiter(tokens)
        var.set(limiter)
        return limiter


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


# Sign-ins under way at once per app process: a password check costs ~0.1 s of CPU and 64 MiB
# over 4 threads, so a burst beyond the cores (a hundred wrong passwords) only queues anyway.
# Half the cores: `fanzha serve` runs two app processes.
SIGN_INS_AT_ONCE = max(1, (os.cpu_count() or 2) // 2)
_sign_in_turns: RunVar[anyio.Semaphore] = RunVar("fanzha_sign_in_turns")


async def sign_in_turn() -> AsyncIterator[None]:
    """Wait for a turn to sign in, on the event loop: a waiting sign-in holds no thread of the
    route threadpool and no database connection, so a burst of passwords cannot starve the
    process's other requests; the turn ends when the route returns."""
    try:
        turns = _sign_in_turns.get()
    except LookupError:
        turns = anyio.Semaphore(SIGN_INS_AT_ONCE)
        _sign_in_turns.set(turns)
    async with turns:
        yield


SignInTurn = Annotated[None, Depends(sign_in_turn, scope="function")]


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
    if principal is None and (presented or request.cookies.get(SESSION_COOKIE)):
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
    principal = _read_identity(request, session, presented)
    # Gives the connection back while the request waits for its route's thread (the principal
    # is plain data): under a burst, connections stay with the requests at work.
    session.commit()
    return principal


def _read_identity(request: Request, session: Session, presented: str | None) -> Principal | None:
    ip, agent = client_ip(request), request.headers.get("user-agent")
    if presented:
        principal = auth.verify_api_key(session, presented, ip=ip, user_agent=agent)
        if principal is None:
            raise InvalidApiKey()
        return principal
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        user = auth.user_for_session(session, token)
        if user is not None:
            return auth.user_principal(user, ip=ip, user_agent=agent)
    return None


class InvalidApiKey(NotAuthenticated):
    code = "invalid_api_key"


class CsrfFailed(DomainError):
    status_code = 403
    code = "csrf_failed"


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
