"""Pytest plugin: every log record of the whole run is checked for personal data.

A handler on the root logger (and on uvicorn's loggers, which do not propagate) formats each
record as a log file would show it and looks for the canary values of tests/helpers.py (also
percent-encoded, as they travel in URLs), any full mainland mobile number and any valid
18-digit ID number. Offending lines are kept with the test that was running; at the end of the
session the run fails listing them. The root logger runs at INFO during the session, the
level the app's entry points set (fanzha.logs.configure).
"""

from __future__ import annotations

import logging
import re
import urllib.parse
from collections.abc import Iterator

import pytest
from stdnum.cn import ric

from fanzha import logs
from tests.helpers import CANARIES

WATCHED = ("", "uvicorn", "uvicorn.error", "uvicorn.access")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86)?(1[3-9]\d{9})(?!\d)")
_ID_NUMBER = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
_NEEDLES = tuple({*CANARIES, *(urllib.parse.quote(c) for c in CANARIES)})


def personal_data_in(text: str) -> list[str]:
    """The personal values found in one formatted log record."""
    found = [needle for needle in _NEEDLES if needle in text]
    found += _MOBILE.findall(text)
    found += [n for n in _ID_NUMBER.findall(text) if ric.is_valid(n)]
    return found


class Scanner(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.setFormatter(logging.Formatter(logs.FORMAT))
        self.current = "(outside any test)"
        self.offences: list[tuple[str, list[str], str]] = []
        self.seen = 0

    def emit(self, record: logging.LogRecord) -> None:
        text = self.format(record)
        self.seen += 1
        found = personal_data_in(text)
        if found:
            self.offences.append((self.current, found, text))

    def attach(self) -> None:
        # uvicorn's dictConfig replaces the handlers of its loggers: attach again when gone.
        for name in WATCHED:
            logger = logging.getLogger(name)
            if self not in logger.handlers:
                logger.addHandler(self)

    def detach(self) -> None:
        for name in WATCHED:
            logging.getLogger(name).removeHandler(self)

    def report(self) -> str:
        lines = [f"{len(self.offences)} log record(s) carry personal data:"]
        for test, found, text in self.offences[:20]:
            lines.append(f"- during {test}: {', '.join(sorted(set(found)))}\n    {text[:600]}")
        return "\n".join(lines)


@pytest.fixture(scope="session", autouse=True)
def log_scanner() -> Iterator[Scanner]:
    """Installs the scrubbing every entry point installs, then watches every record."""
    logs.install()
    scanner = Scanner()
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.INFO)
    scanner.attach()
    yield scanner
    scanner.detach()
    root.setLevel(level)
    if scanner.offences:
        pytest.fail(scanner.report(), pytrace=False)


@pytest.fixture(autouse=True)
def _log_scanner_test(request: pytest.FixtureRequest, log_scanner: Scanner) -> None:
    log_scanner.current = request.node.nodeid
    log_scanner.attach()
