"""ASGI middleware: the CSRF token cookie and security headers on every response."""

from __future__ import annotations

import secrets
from http.cookies import SimpleCookie

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fanzha.config import get_settings
from fanzha.web.deps import CSRF_COOKIE

# Everything the pages use is served from here; nothing may come from the internet.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)


class SecurityMiddleware:
    """Gives each browser a CSRF token cookie (double-submit) and adds security headers.

    A plain ASGI middleware rather than BaseHTTPMiddleware so streaming responses (live
    boards over SSE) pass through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = _cookie(scope, CSRF_COOKIE)
        new_token = None
        if not token:
            token = new_token = secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf_token"] = token
        secure = "; Secure" if get_settings().secure_cookies else ""

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
                ]
                if new_token:
                    cookie = f"{CSRF_COOKIE}={new_token}; Path=/; SameSite=Strict{secure}"
                    headers.append((b"set-cookie", cookie.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            jar = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is treated as no cookie
                return None
            if name in jar:
                return jar[name].value
    return None
