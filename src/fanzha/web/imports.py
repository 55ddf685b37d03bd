"""The one upload page every Excel import uses: template link, file field, per-row errors."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from fanzha.auth.permissions import Principal
from fanzha.excel import ImportFailed
from fanzha.web.templating import render


def import_page(request: Request, actor: Principal, *, action: str, label: str, back: str):
    return render(request, "import.html", actor, action=action, label=label, back=back)


async def import_upload(
    request: Request,
    actor: Principal,
    run: Callable[[bytes], str],
    *,
    action: str,
    label: str,
    back: str,
) -> Response:
    """Run `run(file bytes)` (which returns the success message) and show its outcome; a
    failed import lists every bad row, and nothing was written."""
    form = await request.form()
    upload = form.get("file")
    content = await upload.read() if upload is not None and hasattr(upload, "read") else b""
    page = {"action": action, "label": label, "back": back}
    try:
        # In a worker thread: a big file must not stall the event loop (and the live boards).
        message = await run_in_threadpool(run, content)
    except ImportFailed as failed:
        return render(request, "import.html", actor, status_code=422, failure=failed, **page)
    return render(request, "import.html", actor, flash=message, **page)
