"""The pages' Content-Security-Policy (script-src 'self') refuses inline event handlers: a
button with `onclick="return confirm(...)"` silently does nothing, so an irreversible action
runs unconfirmed. Templates use `data-confirm` (static/js/app.js) instead."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import fanzha

TEMPLATES = sorted(Path(fanzha.__file__).parent.rglob("*.html"))


class _Handlers(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            inline = name.startswith(("on", "hx-on"))
            if inline or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=...> line {self.getpos()[0]}")


def test_templates_are_found() -> None:
    assert len(TEMPLATES) > 50


def test_no_template_has_an_inline_event_handler() -> None:
    offenders = {}
    for path in TEMPLATES:
        parser = _Handlers()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.found:
            offenders[str(path)] = parser.found
    assert offenders == {}
