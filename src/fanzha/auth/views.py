"""Sign-in pages and the admin pages for user accounts and API keys."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from fanzha import clock, seeding
from fanzha.access import API_KEY_SCOPES, Permission, Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.auth import service
from fanzha.auth.models import ApiKey, Role, User
from fanzha.auth.schemas import ApiKeyIn, PasswordReset, UserIn, UserUpdate
from fanzha.config import get_settings
from fanzha.errors import DomainError
from fanzha.i18n import auth as i18n
from fanzha.i18n import cli as cli_text
from fanzha.i18n import lists as i18n_lists
from fanzha.i18n import ops as ops_text
from fanzha.i18n import zh_CN
from fanzha.listing import EXPORT_CAP
from fanzha.org import service as org
from fanzha.web import confirm, lists
from fanzha.web.deps import (
    SESSION_COOKIE,
    Anyone,
    DbSession,
    SignInTurn,
    client_ip,
    require,
)
from fanzha.web.forms import PostedForm, form_dict, validate_form
from fanzha.web.nav import landing_for
from fanzha.web.scoped import ScopedApiKey, ScopedUser
from fanzha.web.templating import render

router = APIRouter()

UserAdmin = Annotated[Principal, Depends(require(Permission.users_manage))]
KeyAdmin = Annotated[Principal, Depends(require(Permission.api_keys_manage))]
SignedInUser = Annotated[Principal, Depends(require(Permission.workspace_view))]


def _safe_next(target: str | None) -> str:
    # Only local paths: never bounce a freshly signed-in officer to another site.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


@router.get("/login")
def login_page(request: Request, principal: Anyone, next: str = "/") -> Response:
    if principal is not None and principal.kind == "user":
        target = _safe_next(next)
        return RedirectResponse(
            landing_for(principal.role) if target == "/" else target, status_code=303
        )
    return render(request, "auth/login.html", None, next=_safe_next(next), login_error=None)


@router.post("/login")
def login_submit(
    request: Request, session: DbSession, _: Anyone, form: PostedForm, __: SignInTurn
) -> Response:
    username = str(form.get("username", ""))
    target = _safe_next(str(form.get("next", "/")))
    result = service.login(
        session,
        username=username,
        password=str(form.get("password", "")),
        ip=client_ip(request),
        user_agent=request.headers.get("user-agent"),
    )
    if result.session_token is None:
        return render(
            request,
            "auth/login.html",
            None,
            status_code=result.status_code,
            next=target,
            form={"username": username},
            login_error=result.error,
        )
    if target == "/" and result.user is not None:
        target = landing_for(result.user.role)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        result.session_token,
        httponly=True,
        samesite="lax",
        secure=get_settings().secure_cookies,
        max_age=get_settings().session_hours * 3600,
    )
    return response


@router.post("/logout")
def logout(request: Request, session: DbSession, actor: SignedInUser) -> Response:
    service.logout(session, actor, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


# --- users -------------------------------------------------------------------------------


def _role_options() -> list[tuple[str, str]]:
    return [(r.value, zh_CN.ROLES[r.value]) for r in Role]


def backup_alarm(session: Session) -> str | None:
    """The admin page's alarm when the last good backup (its audit entry) is older than
    FANZHA_BACKUP_ALARM_HOURS, or there never was one; None when backups are current."""
    hours = get_settings().backup_alarm_hours
    last = audit.last_at(session, AuditAction.backup_made)
    if last is None:
        return ops_text.ADMIN["backup_never"]
    if clock.now() - last > timedelta(hours=hours):
        return ops_text.ADMIN["backup_alarm"].format(at=clock.local(last), hours=hours)
    return None


@router.get("/admin/users")
def users_page(request: Request, session: DbSession, actor: UserAdmin) -> Response:
    """Accounts in scope: paged, searchable by username or name, by role; `?export=xlsx`."""
    role = request.query_params.get("role", "")
    role = role if role in zh_CN.ROLES else ""
    view = lists.list_view(request, ("role",), values={"role": role})
    units = {u.id: u for u in org.list_units(session, actor)}
    if lists.wants_export(request):
        rows = service.list_users(
            session, actor, replace(view.query, page=1, size=EXPORT_CAP), role=role or None
        ).rows
        return lists.export(
            session,
            actor,
            view,
            name="users",
            headers=i18n_lists.USER_EXPORT,
            rows=[
                [
                    u.username,
                    u.display_name,
                    zh_CN.ROLES[u.role],
                    units[u.unit_id].name if u.unit_id in units else "",
                    clock.local(u.last_login_at),
                    "" if u.is_active else i18n_lists.USER_INACTIVE,
                ]
                for u in rows
            ],
        )
    page = service.list_users(session, actor, view.query, role=role or None)
    fill = seeding.status(session)  # the demo year still filling in behind the server
    return render(
        request,
        "auth/users.html",
        actor,
        users=page.rows,
        pg=page,
        lv=view,
        units=units,
        role=role,
        role_options=_role_options(),
        backup_alarm=backup_alarm(session),
        demo_fill=fill,
        demo_fill_step=cli_text.DEMO_STEPS.get(fill.step, "") if fill else "",
    )


def _user_form(
    request: Request,
    session: DbSession,
    actor: Principal,
    user: User | None,
    *,
    form: dict | None = None,
    errors: dict | None = None,
    status_code: int = 200,
    flash: str | None = None,
) -> Response:
    """The account form: empty for a new user, the stored values (or what was typed) else."""
    if form is None and user is not None:
        form = {
            "display_name": user.display_name,
            "role": user.role.value,
            "unit_id": user.unit_id,
            "is_active": user.is_active,
            "username": user.username,
        }
    return render(
        request,
        "auth/user_form.html",
        actor,
        status_code=status_code,
        user=user,
        form=form or {},
        errors=errors or {},
        flash=flash,
        unit_options=org.unit_options(org.list_units(session, actor)),
        role_options=_role_options(),
    )


@router.get("/admin/users/new")
def user_new(request: Request, session: DbSession, actor: UserAdmin) -> Response:
    return _user_form(request, session, actor, None)


@router.post("/admin/users/new")
def user_create(
    request: Request, session: DbSession, actor: UserAdmin, posted: PostedForm
) -> Response:
    form = form_dict(posted)
    data, errors = validate_form(UserIn, form)
    if data is None:
        return _user_form(request, session, actor, None, form=form, errors=errors, status_code=422)
    user = service.create_user(session, actor, data)
    return RedirectResponse(f"/admin/users/{user.id}?saved=1", status_code=303)


@router.get("/admin/users/{user_id:int}")
def user_edit(
    request: Request, session: DbSession, actor: UserAdmin, user: ScopedUser, saved: bool = False
) -> Response:
    return _user_form(request, session, actor, user, flash=i18n.SAVED if saved else None)


@router.post("/admin/users/{user_id:int}")
def user_update(
    request: Request, session: DbSession, actor: UserAdmin, user: ScopedUser, posted: PostedForm
) -> Response:
    form = form_dict(posted)
    form.setdefault("is_active", False)
    data, errors = validate_form(UserUpdate, form)
    if data is None:
        return _user_form(request, session, actor, user, form=form, errors=errors, status_code=422)
    service.update_user(session, actor, user, data)
    return RedirectResponse(f"/admin/users/{user.id}?saved=1", status_code=303)


@router.post("/admin/users/{user_id:int}/password")
def user_password(
    request: Request, session: DbSession, actor: UserAdmin, user: ScopedUser, posted: PostedForm
) -> Response:
    data, errors = validate_form(PasswordReset, form_dict(posted))
    if data is None:
        return _user_form(request, session, actor, user, errors=errors, status_code=422)
    service.reset_password(session, actor, user, data.password)
    return RedirectResponse(f"/admin/users/{user.id}?saved=1", status_code=303)


# --- API keys ------------------------------------------------------------------------------


def _keys_page(
    request: Request,
    session: DbSession,
    actor: Principal,
    *,
    status_code: int = 200,
    created: tuple[ApiKey, str] | None = None,
    form: dict | None = None,
    errors: dict | None = None,
    refusal: str = "",
) -> Response:
    units = {u.id: u for u in org.list_units(session, actor)}
    state = request.query_params.get("state", "")
    state = state if state in service.KEY_STATES else ""
    view = lists.list_view(request, ("state",), values={"state": state})
    if lists.wants_export(request) and status_code == 200 and created is None:
        rows = service.page_api_keys(
            session, actor, replace(view.query, page=1, size=EXPORT_CAP), state=state
        ).rows
        return lists.export(
            session,
            actor,
            view,
            name="api_keys",
            headers=i18n_lists.KEY_EXPORT,
            rows=[_key_line(k, units) for k in rows],
        )
    page = service.page_api_keys(session, actor, view.query, state=state)
    return render(
        request,
        "auth/api_keys.html",
        actor,
        status_code=status_code,
        keys=page.rows,
        pg=page,
        lv=view,
        state=state,
        key_states=i18n_lists.KEY_STATES,
        units=units,
        created=created,
        unit_options=org.unit_options(org.list_units(session, actor)),
        form=form or {},
        errors=errors or {},
        refusal=refusal,
        scope_options=[(s.value, zh_CN.PERMISSIONS[s.value]) for s in API_KEY_SCOPES],
    )


def _key_line(key: ApiKey, units: dict) -> list[object]:
    """A key as exported: never the secret, only its prefix (as the page shows it)."""
    if key.revoked_at:
        state = i18n_lists.KEY_STATES["revoked"]
    else:
        state = i18n_lists.KEY_STATES["expired" if key.is_expired else "active"]
    return [
        key.name,
        f"{key.prefix}…",
        units[key.unit_id].name if key.unit_id in units else "",
        "、".join(zh_CN.PERMISSIONS.get(s, s) for s in key.scopes),
        clock.local(key.last_used_at),
        clock.local(key.expires_at),
        state,
    ]


@router.get("/admin/api-keys")
def api_keys_page(request: Request, session: DbSession, actor: KeyAdmin) -> Response:
    return _keys_page(request, session, actor)


@router.post("/admin/api-keys")
def api_key_create(
    request: Request, session: DbSession, actor: KeyAdmin, posted: PostedForm
) -> Response:
    form = form_dict(posted, lists=("scopes",))
    data, errors = validate_form(ApiKeyIn, form)
    if data is None:
        return _keys_page(request, session, actor, status_code=422, form=form, errors=errors)
    created = service.create_api_key(session, actor, data)
    return _keys_page(request, session, actor, created=created)


@router.post("/admin/api-keys/{key_id:int}/revoke")
def api_key_revoke(
    request: Request, session: DbSession, actor: KeyAdmin, key: ScopedApiKey, posted: PostedForm
) -> Response:
    """吊销, only as confirmed on the page: the systems using the key lose access at once."""
    try:
        with session.begin_nested():  # reads only; the savepoint keeps the rule of every catch
            confirm.require(posted, "key_revoke", key)
    except DomainError as refused:  # shown above the keys, the page as it is now
        return _keys_page(
            request, session, actor, status_code=refused.status_code, refusal=refused.message
        )
    service.revoke_api_key(session, actor, key)
    return RedirectResponse("/admin/api-keys", status_code=303)
