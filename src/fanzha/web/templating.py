"""Jinja2 set-up shared by every domain's pages, and the one `render` they call."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse, RedirectResponse

from fanzha import clock, clocks, deadlines
from fanzha.access import Permission, Principal
from fanzha.config import get_settings
from fanzha.desk.clocks import next_clock
from fanzha.i18n import zh_CN
from fanzha.identifiers import id_number_notes
from fanzha.masking import mask_bank_account, mask_id_number, mask_name, mask_phone
from fanzha.money import format_yuan
from fanzha.web import confirm
from fanzha.web.nav import current as nav_current
from fanzha.web.nav import nav_for, nav_groups

PACKAGE = Path(__file__).resolve().parents[1]
TEMPLATE_DIRS = [PACKAGE / "web" / "templates", *sorted(PACKAGE.glob("*/templates"))]


def _environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in dict.fromkeys(TEMPLATE_DIRS)]),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["local_time"] = clock.local
    env.filters["yuan"] = format_yuan
    env.filters["mask_name"] = mask_name
    env.filters["mask_phone"] = mask_phone
    env.filters["mask_id"] = mask_id_number
    env.filters["mask_account"] = mask_bank_account
    # Notes beside an unmasked ID number (a later region code, an impossible birth date).
    env.globals["id_notes"] = id_number_notes
    env.globals["countdown_of"] = lambda due, now, soon_hours=1: deadlines.countdown(
        due, now, soon=timedelta(hours=soon_hours)
    )
    env.globals.update(nav_groups=nav_groups, nav_current=nav_current)
    # One clock display (fanzha.clocks): due time and time left; elapsed time in 天/小时/分钟.
    env.globals["clock_of"] = lambda due, now, soon_hours=1: clocks.clock_of(
        due, now, soon=timedelta(hours=soon_hours)
    )
    env.globals["next_warning_clock"] = next_clock
    # The `confirm` field of a step that cannot be undone (fanzha.web.confirm).
    env.globals["confirm_token"] = confirm.token
    env.filters["elapsed"] = lambda since, now: clocks.elapsed(since, now)
    env.globals.update(zh=zh_CN, Permission=Permission, app_name=zh_CN.APP_NAME)
    return env


templates = Jinja2Templates(env=_environment())


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-Boosted")


# A form's success message carried across its redirect (Post/Redirect/Get), so reloading the
# page it lands on does not send the form again. Plain text, escaped like any other value when
# shown; read once, by the next page this browser renders.
FLASH_COOKIE = "fanzha_flash"
FLASH_SECONDS = 60
FLASH_MAX_CHARS = 300


def see_other(url: str, flash: str | None = None) -> RedirectResponse:
    """303 to `url` (a path of this site), showing `flash` there once."""
    response = RedirectResponse(url, status_code=303)
    if flash:
        response.set_cookie(
            FLASH_COOKIE,
            quote(flash[:FLASH_MAX_CHARS]),
            max_age=FLASH_SECONDS,
            httponly=True,
            samesite="lax",
            secure=get_settings().secure_cookies,
        )
    return response


def render(
    request: Request,
    name: str,
    principal: Principal | None,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A page, or only its content block when htmx asks for a partial."""
    base = {
        "request": request,
        "principal": principal,
        "nav": nav_for(principal),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "layout": "partial.html" if is_htmx(request) else "layout.html",
        "errors": {},
        "form": {},
        "flash": None,
    }
    carried = request.cookies.get(FLASH_COOKIE)
    if carried and not context.get("flash"):
        base["flash"] = unquote(carried)[:FLASH_MAX_CHARS]
    base.update(context)
    response = templates.TemplateResponse(request, name, base, status_code=status_code)
    if carried:
        response.delete_cookie(FLASH_COOKIE)
    return response
