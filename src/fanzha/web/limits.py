"""The request-body cap: no request body is read past the upload limit of its route.

Enforced at the ASGI layer, before any form or JSON parser sees the body (the CSRF check
parses a posted form first thing): a declared Content-Length over the cap is refused before
a byte is read, a body that runs past it (chunked, or lying about its length) is refused at
the chunk that crosses it. Statement uploads get the statement limit, every other request
the Excel import limit; the services check each file's exact size again.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fanzha.config import get_settings
from fanzha.uploads import MIB, Limits, body_too_big, file_too_big

# Room for the form's other fields and the multipart framing around the file.
FORM_OVERHEAD = 1 << 20
STATEMENT_UPLOADS = re.compile(r"/cases/[^/]+/statements/?")
TIP_UPLOADS = re.compile(r"/public/tips/(?:new|check/add)/?")
PHOTO_UPLOADS = re.compile(r"/outreach/field/photos/?")


def file_limit(path: str) -> int:
    """The largest file a request to `path` may carry, in bytes (a tip's pictures together:
    each within the tip limit, so several may add up past the Excel limit; a door-knock photo
    its own limit, so a photo too big is told the limit the photo store holds it to)."""
    if PHOTO_UPLOADS.fullmatch(path):
        return int(get_settings().outreach_photo_mb * MIB)
    limits = Limits.statements() if STATEMENT_UPLOADS.fullmatch(path) else Limits.excel()
    if TIP_UPLOADS.fullmatch(path):
        settings = get_settings()
        pictures = int(settings.tip_attachments_max * settings.tip_attachment_mb * MIB)
        return max(limits.max_bytes, pictures)
    return limits.max_bytes


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = file_limit(scope["path"])
        cap = limit + FORM_OVERHEAD
        declared = _content_length(scope)
        # A body with a file is told its file is too big; any other (JSON, a plain form) that
        # what it submits is, and to send it in parts.
        too_big = file_too_big if _carries_files(scope) else body_too_big
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            # Raised inside the app (where the body is read), so the app's error handling
            # answers it in Chinese like any other refusal.
            if declared is not None and declared > cap:
                raise too_big(limit)
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    raise too_big(limit)
            return message

        await self.app(scope, limited, send)


def _carries_files(scope: Scope) -> bool:
    return any(
        key == b"content-type" and value.lower().startswith(b"multipart/")
        for key, value in scope.get("headers", [])
    )


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
