"""The one upload page every Excel import uses: template link, file field, per-row errors."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response

from fanzha.auth.permissions import Principal
from fanzha.excel import ImportFailed
from fanzha.web.templating import render


def import_page(request: Request, actor: Principal, *, action: str, label: str, back: str):
    return render(request, "import.html", actor, action=action, label=label, back=back)


def import_upload(
    request: Request,
    actor: Principal,
    run: Callable[[bytes], str],
    content: bytes,
    *,
    action: str,
    label: str,
    back: str,
) -> Response:
    """Run `run(content)` (which returns the success message) and show its outcome; a failed
    import lists every bad row, and nothing was written. Called from plain-def routes: the
    parsing runs in their worker thread, never on the event loop."""
    page = {"action": action, "label": label, "back": back}
    try:
        message = run(content)
    except ImportFailed as failed:
        return render(request, "import.html", actor, status_code=422, failure=failed, **page)
    return render(request, "import.html", actor, flash=message, **page)
