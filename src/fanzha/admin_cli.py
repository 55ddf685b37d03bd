"""The operator's commands (`fanzha users/keys/units/gazetteer/export/purge`): what the admin
pages do, without a browser. Each runs as the command-line system actor and is audited like
its page; bad input prints a Chinese message and exits with code 1."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import unquote, urlsplit

import typer
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal, Role
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.errors import DomainError
from fanzha.excel import ImportFailed, ImportReport, RowError
from fanzha.i18n import auth as auth_i18n
from fanzha.i18n import retention as i18n
from fanzha.i18n import zh_CN
from fanzha.i18n.validation import describe, field_errors

HELP, SAY = i18n.CLI_HELP, i18n.CLI_SAY
EXPORT_KINDS = ("staff", "feedback", "returns", "mules")
IMPORT_KINDS = ("grids", "staff")
MAX_ID = 2**31 - 1  # ids are INTEGER columns


class Refused(Exception):
    """Bad input found by the command itself: the message is already Chinese."""


def _actor() -> Principal:
    return Principal.system(auth_i18n.ACTORS["command_line"])


@contextmanager
def _session() -> Iterator[Session]:
    """One committed transaction; any refusal prints its Chinese message and exits 1."""
    from fanzha.db import transaction

    try:
        with transaction() as session:
            yield session
    except ImportFailed as exc:
        _print_errors(exc.errors)
        _fail(exc.message)
    except DomainError as exc:
        _fail(exc.message)
    except ValidationError as exc:
        _fail(describe(field_errors(exc)))
    except Refused as exc:
        _fail(str(exc))


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code=1)


def _unit(session: Session, ref: str):
    from fanzha.org.models import Unit

    found = session.scalar(select(Unit).where(Unit.code == ref.strip()))
    number = _row_id(ref)
    if found is None and number is not None:
        found = session.get(Unit, number)
    if found is None:
        raise Refused(SAY["unit_missing"].format(unit=ref))
    return found


def _row_id(raw: str | int) -> int | None:
    """An id as typed, or None when it cannot be one: "²" and "٣" pass str.isdigit, and a
    number past the id column's range would reach the database as an error."""
    text = str(raw).strip()
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_ID:
        return None
    return int(text)


def _user(session: Session, username: str):
    from fanzha.auth.models import User

    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise Refused(SAY["user_missing"].format(username=username))
    return user


def _role(raw: str) -> Role:
    if raw not in Role.__members__:
        raise Refused(SAY["role_unknown"].format(role=raw, roles="、".join(Role.__members__)))
    return Role(raw)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = typer.prompt(SAY["password"], hide_input=True, confirmation_prompt=False)
    if typer.prompt(SAY["password"], hide_input=True) != first:
        _fail(SAY["passwords_differ"])
    return first


def _read_file(path: Path) -> bytes:
    if not path.is_file():
        raise Refused(SAY["file_missing"].format(path=path))
    return path.read_bytes()


def _print_errors(errors: list[RowError]) -> None:
    for error in errors:
        typer.echo(
            SAY["row_error"].format(row=error.row, column=error.column, message=error.message),
            err=True,
        )


def _report(report: ImportReport) -> None:
    typer.echo(report.message)
    if report.errors:
        _print_errors(report.errors)
        _fail(SAY["import_refused"].format(count=report.refused))


# --- users -----------------------------------------------------------------------------------


def users_create(
    username: Annotated[str, typer.Option(help=HELP["username"])],
    role: Annotated[str, typer.Option(help=HELP["role"])],
    unit: Annotated[str, typer.Option(help=HELP["unit"])],
    display_name: Annotated[str, typer.Option(help=HELP["display_name"])] = "",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help=HELP["password_stdin"])
    ] = False,
) -> None:
    from fanzha.auth import service
    from fanzha.auth.schemas import UserIn

    with _session() as session:
        data = UserIn(
            username=username,
            display_name=display_name or username,
            role=_role(role),
            unit_id=_unit(session, unit).id,
            password=_password(password_stdin),
        )
        user = service.create_user(session, _actor(), data)
        done = SAY["user_created"].format(
            username=user.username, role=zh_CN.ROLES[user.role], unit=user.unit.name
        )
    typer.echo(done)


def users_disable(username: Annotated[str, typer.Argument(help=HELP["username"])]) -> None:
    from fanzha.auth import service
    from fanzha.auth.schemas import UserUpdate

    with _session() as session:
        user = _user(session, username)
        update = UserUpdate(
            display_name=user.display_name, role=user.role, unit_id=user.unit_id, is_active=False
        )
        service.update_user(session, _actor(), user, update)
    typer.echo(SAY["user_disabled"].format(username=username))


def users_reset_password(
    username: Annotated[str, typer.Argument(help=HELP["username"])],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help=HELP["password_stdin"])
    ] = False,
) -> None:
    from fanzha.auth import service
    from fanzha.auth.schemas import PasswordReset

    with _session() as session:
        user = _user(session, username)
        data = PasswordReset(password=_password(password_stdin))
        service.reset_password(session, _actor(), user, data.password)
    typer.echo(SAY["password_reset"].format(username=username))


def users_unlock(username: Annotated[str, typer.Argument(help=HELP["username"])]) -> None:
    with _session() as session:
        user = _user(session, username)
        before = {"failed_logins": user.failed_logins, "locked_until": str(user.locked_until)}
        user.failed_logins, user.first_failed_at, user.locked_until = 0, None, None
        audit.record(
            session,
            _actor(),
            AuditAction.user_updated,
            target_type="users",
            target_id=user.id,
            summary=SAY["user_unlocked"].format(username=user.username),
            detail={"before": before, "unlocked": True},
        )
    typer.echo(SAY["user_unlocked"].format(username=username))


def users_list() -> None:
    from fanzha.auth import service

    with _session() as session:
        for user in service.list_users(session, _actor()).rows:  # every account (up to the cap)
            line = SAY["user_row"].format(
                username=user.username,
                role=zh_CN.ROLES[user.role],
                active=SAY["active"] if user.is_active else SAY["inactive"],
                unit=user.unit.name,
            )
            if user.locked_until and user.locked_until > clock.now():
                line += SAY["locked"].format(until=clock.local(user.locked_until))
            typer.echo(line)


# --- API keys --------------------------------------------------------------------------------

keys_app = typer.Typer(help=HELP["keys"], no_args_is_help=True)


@keys_app.command("create", help=HELP["keys_create"])
def keys_create(
    name: Annotated[str, typer.Option(help=HELP["key_name"])],
    unit: Annotated[str, typer.Option(help=HELP["unit"])],
    scope: Annotated[list[str], typer.Option(help=HELP["scope"])],
    expires: Annotated[str, typer.Option(help=HELP["expires"])] = "",
) -> None:
    from fanzha.auth import service
    from fanzha.auth.schemas import ApiKeyIn

    with _session() as session:
        expiry = None
        if expires.strip():
            try:
                expiry = clock.parse_local(expires)
            except clock.InvalidDateTime as exc:
                raise Refused(SAY["expires_unreadable"].format(raw=expires)) from exc
        data = ApiKeyIn(name=name, unit_id=_unit(session, unit).id, scopes=scope, expires_at=expiry)
        key, plain = service.create_api_key(session, _actor(), data)
        done = SAY["key_created"].format(id=key.id, name=key.name)
    typer.echo(done)
    typer.echo(plain)


@keys_app.command("revoke", help=HELP["keys_revoke"])
def keys_revoke(key_id: Annotated[int, typer.Argument(help=HELP["key_id"])]) -> None:
    from fanzha.auth import service
    from fanzha.auth.models import ApiKey

    with _session() as session:
        key = session.get(ApiKey, key_id) if _row_id(key_id) else None
        if key is None:
            raise Refused(SAY["key_missing"].format(id=key_id))
        service.revoke_api_key(session, _actor(), key)
        done = SAY["key_revoked"].format(id=key.id, name=key.name)
    typer.echo(done)


@keys_app.command("list", help=HELP["keys_list"])
def keys_list() -> None:
    from fanzha.auth import service

    with _session() as session:
        for key in service.list_api_keys(session, _actor()):
            state = (
                SAY["key_revoked_state"]
                if key.revoked_at
                else SAY["key_expired"]
                if key.is_expired
                else SAY["key_live"]
            )
            typer.echo(
                SAY["key_row"].format(
                    id=key.id,
                    prefix=key.prefix,
                    name=key.name,
                    unit=key.unit.name,
                    scopes=",".join(key.scopes),
                    state=state,
                )
            )


# --- imports -----------------------------------------------------------------------------------

units_app = typer.Typer(help=HELP["units"], no_args_is_help=True)
gazetteer_app = typer.Typer(help=HELP["gazetteer"], no_args_is_help=True)


@units_app.command("import", help=HELP["units_import"])
def units_import(
    file: Annotated[Path, typer.Argument(help=HELP["file"])],
    kind: Annotated[str, typer.Option(help=HELP["kind"])] = "grids",
) -> None:
    from fanzha.org import importers

    run = {"grids": importers.import_grids, "staff": importers.import_staff}
    with _session() as session:
        if kind not in run:
            raise Refused(SAY["kind_unknown"].format(kind=kind, kinds="、".join(IMPORT_KINDS)))
        report = run[kind](session, _actor(), _read_file(file))
    _report(report)


@gazetteer_app.command("import", help=HELP["gazetteer_import"])
def gazetteer_import(file: Annotated[Path, typer.Argument(help=HELP["file"])]) -> None:
    from fanzha.org import gazetteer

    with _session() as session:
        report = gazetteer.import_gazetteer(session, _actor(), _read_file(file))
    _report(report)


# --- exports and the purge ---------------------------------------------------------------------


def _day(raw: str):
    try:
        return clock.parse_local(raw).date()
    except clock.InvalidDateTime as exc:
        raise Refused(SAY["date_unreadable"].format(raw=raw)) from exc


def _export(session: Session, kind: str, reason: str, since: str, until: str) -> tuple[bytes, str]:
    """The bytes and standard file name of one list, as its page exports it."""
    from fanzha.cases import returns
    from fanzha.i18n import cases as cases_i18n
    from fanzha.i18n import linking as linking_i18n
    from fanzha.i18n import org as org_i18n
    from fanzha.i18n import warnings as warnings_i18n
    from fanzha.linking import watch
    from fanzha.org import importers
    from fanzha.warnings import feedback

    actor, full = _actor(), bool(reason.strip())
    if kind == "staff":
        name = org_i18n.FILES["roster_full" if full else "roster"]
        return importers.export_staff(session, actor, unmasked=full, reason=reason), name
    if kind == "feedback":
        first = _day(since) if since else clock.now().astimezone(clock.SHANGHAI).date()
        last = _day(until) if until else first
        start, end = clock.day_start(first), clock.day_start(last + timedelta(days=1))
        name = warnings_i18n.FILES["feedback"].format(first=first, last=last)
        return feedback.export(session, actor, start, end), name
    if kind == "returns":
        rows = returns.register(session, actor, returns.RegisterFilters(), limit=None)
        day = clock.local(clock.now(), "%Y%m%d")
        name = cases_i18n.FILES["returns_full" if full else "returns"].format(day=day)
        return returns.export_register(session, actor, rows, unmasked=full, reason=reason), name
    if kind == "mules":
        name = linking_i18n.FILES["watch_full" if full else "watch"]
        return watch.export(session, actor, unmasked=full, reason=reason), name
    raise Refused(SAY["kind_unknown"].format(kind=kind, kinds="、".join(EXPORT_KINDS)))


def export(
    kind: Annotated[str, typer.Argument(help=HELP["export_kind"])],
    out: Annotated[Path | None, typer.Option(help=HELP["out"])] = None,
    reason: Annotated[str, typer.Option(help=HELP["reason"])] = "",
    since: Annotated[str, typer.Option(help=HELP["since"])] = "",
    until: Annotated[str, typer.Option(help=HELP["until"])] = "",
) -> None:
    with _session() as session:
        content, name = _export(session, kind, reason, since, until)
        path = out or Path(name)
        audit.record(
            session,
            _actor(),
            AuditAction.list_exported,
            target_type="export",
            target_id=kind,
            summary=str(path),
            detail={"kind": kind, "full": bool(reason.strip()), "bytes": len(content)},
        )
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise Refused(
                SAY["write_failed"].format(path=path, reason=exc.strerror or type(exc).__name__)
            ) from exc
    typer.echo(SAY["exported"].format(path=path))


# How long the operator's one-request session lives: it is closed as soon as the page answers.
PAGE_SESSION = timedelta(minutes=5)


def export_page(
    url: Annotated[str, typer.Argument(help=HELP["page_url"])],
    user: Annotated[str, typer.Option("--user", help=HELP["as_user"])],
    out: Annotated[Path | None, typer.Option(help=HELP["out"])] = None,
) -> None:
    """Any list the pages export: the page's own "导出 Excel", asked in-process as `user`, so
    the scope, the masking and the list's own audit entry are the page's."""
    from fanzha.auth import service as auth
    from fanzha.auth.models import User
    from fanzha.web.responses import XLSX

    try:
        parts = urlsplit(url.strip())  # a whole address copied from the browser keeps its path
    except ValueError:  # e.g. an unclosed "[" in the host
        _fail(SAY["page_url"])
    # Control characters (NUL above all) cannot be stored in the audit entry or a name.
    if not parts.path.startswith("/") or any(ord(c) < 32 for c in url.strip()):
        _fail(SAY["page_url"])
    if any(ord(c) < 32 for c in user):
        _fail(SAY["page_user_unknown"].format(username=user.encode("unicode_escape").decode()))
    with _session() as session:
        account = session.scalar(select(User).where(User.username == user.strip()))
        if account is None or not account.is_active:
            raise Refused(SAY["page_user_unknown"].format(username=user))
        token = auth.open_session(session, account, PAGE_SESSION, ip="127.0.0.1")
        audit.record(
            session,
            _actor(),
            AuditAction.list_exported,
            target_type="export",
            target_id=parts.path[:60],
            summary=SAY["page_export_audit"].format(username=account.username, path=parts.path),
            detail={"user": account.username, "path": parts.path},
        )
    query = "&".join(q for q in (parts.query, "export=xlsx") if q)
    try:
        status, headers, content = asyncio.run(_get(parts.path, query, token))
    finally:
        with _session() as session:
            auth.close_session(session, token)
    if status != 200:
        _fail(SAY["page_refused"].format(status=status, username=user))
    if not headers.get("content-type", "").startswith(XLSX):
        _fail(SAY["page_not_list"].format(url=url))
    path = out or Path(_attachment_name(headers) or "export.xlsx")
    try:
        path.write_bytes(content)
    except OSError as exc:
        _fail(SAY["write_failed"].format(path=path, reason=exc.strerror or type(exc).__name__))
    typer.echo(SAY["exported"].format(path=path))


async def _get(path: str, query: str, token: str) -> tuple[int, dict[str, str], bytes]:
    """One GET through the app itself (ASGI, no network): status, headers, body."""
    from fanzha.app import create_app
    from fanzha.web.deps import SESSION_COOKIE

    app = create_app(warm_up=False)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote(path),
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"localhost"), (b"cookie", f"{SESSION_COOKIE}={token}".encode())],
        "client": ("127.0.0.1", 0),
        "server": ("localhost", 80),
    }
    answer: dict[str, Any] = {"status": 0, "headers": {}, "body": []}

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            answer["headers"] = {k.decode(): v.decode() for k, v in message.get("headers", [])}
        elif message["type"] == "http.response.body":
            answer["body"].append(message.get("body", b""))

    await app(scope, receive, send)
    return answer["status"], answer["headers"], b"".join(answer["body"])


def _attachment_name(headers: dict[str, str]) -> str:
    disposition = headers.get("content-disposition", "")
    _, _, encoded = disposition.partition("filename*=UTF-8''")
    return unquote(encoded)


def purge(
    dry_run: Annotated[bool, typer.Option("--dry-run", help=HELP["dry_run"])] = False,
) -> None:
    from fanzha.retention.purge import purge as run_purge

    with _session() as session:
        report = run_purge(session, _actor(), dry_run=dry_run)
    counts = report.describe() or SAY["nothing"]
    typer.echo(SAY["purge_dry" if dry_run else "purge_done"].format(counts=counts))


def register(app: typer.Typer, users_app: typer.Typer) -> None:
    """Add the operator's commands to the `fanzha` app and its `users` group."""
    users_app.command("create", help=HELP["users_create"])(users_create)
    users_app.command("disable", help=HELP["users_disable"])(users_disable)
    users_app.command("reset-password", help=HELP["users_reset_password"])(users_reset_password)
    users_app.command("unlock", help=HELP["users_unlock"])(users_unlock)
    users_app.command("list", help=HELP["users_list"])(users_list)
    app.add_typer(keys_app, name="keys")
    app.add_typer(units_app, name="units")
    app.add_typer(gazetteer_app, name="gazetteer")
    app.command("export", help=HELP["export"])(export)
    app.command("export-page", help=HELP["export_page"])(export_page)
    app.command("purge", help=HELP["purge"])(purge)
