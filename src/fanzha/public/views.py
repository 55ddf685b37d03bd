"""The citizens' site (/public/): no login, phone-first. Every route here is anonymous
(`Anyone`); every POST passes the per-client rate limit and, after repeated posts, the CAPTCHA
(fanzha.public.abuse). No route logs or stores who asked."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from fanzha.public.site import SECTIONS, center_name
from fanzha.web.deps import Anyone
from fanzha.web.templating import render

router = APIRouter(prefix="/public")


def page(request: Request, name: str, *, status_code: int = 200, **context: Any) -> Response:
    """A page of the citizens' site (templates/public/*, extending public/base.html)."""
    return render(
        request,
        name,
        None,  # the staff navigation never shows here, even to a signed-in officer
        status_code=status_code,
        center_name=center_name(),
        sections=SECTIONS,
        **context,
    )


@router.get("")
async def bare(_: Anyone) -> Response:
    return RedirectResponse("/public/", status_code=308)


@router.get("/")
def home(request: Request, _: Anyone) -> Response:
    return page(request, "public/home.html")
