"""The one upload page every Excel import uses: template link, file field, what was stored and
the rows refused."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.excel import ImportFailed, ImportReport
from fanzha.web.templating import render


def import_page(
    request: Request,
    actor: Principal,
    *,
    action: str,
    label: str,
    back: str,
    all_or_nothing: bool = False,
):
    """The upload page; `all_or_nothing` for an importer that refuses the whole file when any
    row is wrong (the page must not promise that the good rows are stored)."""
    return render(
        request,
        "import.html",
        actor,
        action=action,
        label=label,
        back=back,
        all_or_nothing=all_or_nothing,
    )


def import_upload(
    request: Request,
    session: Session,
    actor: Principal,
    run: Callable[[bytes], ImportReport],
    content: bytes,
    *,
    action: str,
    label: str,
    back: str,
    all_or_nothing: bool = False,
) -> Response:
    """Run `run(content)` and show its report: what was stored, and each refused row with its
    row number, column and reason (the good rows were stored all the same). 422 when no row
    could be taken, or the file itself cannot be read (then nothing was written). Called from
    plain-def routes: the parsing runs in their worker thread, never on the event loop."""
    page = {"action": action, "label": label, "back": back, "all_or_nothing": all_or_nothing}
    try:
        with session.begin_nested():  # a file refused as a whole leaves nothing behind
            report = run(content)
    except ImportFailed as failed:
        return render(request, "import.html", actor, status_code=422, failure=failed, **page)
    status = 422 if report.errors and not report.accepted else 200
    return render(request, "import.html", actor, status_code=status, report=report, **page)
