"""Log records without personal data, whoever logs them (our code, uvicorn, procrastinate...).

`install()` wraps the process's log-record factory, so every record is scrubbed the moment it
is created, before any handler or formatter sees it:

- the message loses URL query strings (`?q=张三` in an access or client log line) and every
  ID-card, mobile and bank-card number in it is masked (fanzha.masking);
- an exception is formatted here, once, into `exc_text` (and `exc_info` dropped, so no handler
  can format the raw one again): database errors keep their class, SQLSTATE, identifiers and
  SQL text but lose their DETAIL, quoted values and `[parameters: ...]`; any other exception
  message loses quoted Chinese text, pydantic's `input_value=` and runs of Chinese characters
  (names, addresses); no frame locals are ever printed.

Entry points call `configure()` (app factory, `fanzha worker`, `fanzha serve`); engines are
made with `hide_parameters=True` besides (fanzha.db.new_engine).
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable
from typing import Any

import psycopg
from sqlalchemy.exc import StatementError

from fanzha.masking import mask_bank_account, mask_id_number, mask_phone

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"

# A query string: `?` then `key=` (a question mark in prose is left alone).
_QUERY = re.compile(r"\?[\w.\-%\[\]]*=[^\s\"'<>]*")
# A single-use survey code in a path (/public/survey/7KQ2M9XA) is a credential until used.
_SURVEY_CODE = re.compile(r"(/public/survey/)(?!thanks\b)[^\s/?\"'<>]+")
# Digit runs not glued to other digits or letters: 18-digit (or 15-digit) ID numbers,
# mobiles with an optional +86, bank cards (12 to 19 digits, optionally in groups of four).
_ID_NUMBER = re.compile(r"(?<![\w])(\d{17}[\dXx]|\d{15})(?![\w])")
_MOBILE = re.compile(r"(?<![\w+])(\+?86)?(1[3-9]\d{9})(?![\w])")
_CARD = re.compile(r"(?<![\w])(\d{12,19}|\d{4}(?: \d{4}){2,3}(?: \d{1,3})?)(?![\w])")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
_INPUT_VALUE = re.compile(r"input_value=.*?, (?=input_type=)")
HIDDEN = "…"


def mask_identifiers(text: str) -> str:
    """Every ID-card, mobile and bank-card number in `text` masked; the rest unchanged."""
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group(1)), text)
    text = _MOBILE.sub(lambda m: mask_phone(m.group(2)), text)
    return _CARD.sub(lambda m: mask_bank_account(m.group(1).replace(" ", "")), text)


def scrub_text(text: str) -> str:
    """Query strings dropped and identifiers masked: what any log text may show."""
    return mask_identifiers(_SURVEY_CODE.sub(r"\1" + HIDDEN, _QUERY.sub("", text)))


def _hide_quoted(text: str, keep: frozenset[str] = frozenset()) -> str:
    """Every quoted part of `text` replaced by a quoted "…", unless it is one of `keep`."""

    def hide(match: re.Match[str]) -> str:
        quote, inner = match.group(0)[0], match.group(0)[1:-1]
        return match.group(0) if inner in keep else quote + HIDDEN + quote

    return _QUOTED.sub(hide, text)


def _dbapi_message(exc: BaseException) -> str:
    """A database error's primary message (no DETAIL, HINT or CONTEXT), its quoted values
    hidden; the identifiers PostgreSQL names in its diagnostics (constraint, table, column,
    type) stay, as does the SQLSTATE."""
    primary = str(exc).split("\n", 1)[0]
    if not isinstance(exc, psycopg.Error):  # another driver, or a Python error while binding
        return _CJK.sub(HIDDEN, _hide_quoted(primary))
    diag = exc.diag
    names = (
        diag.constraint_name,
        diag.table_name,
        diag.column_name,
        diag.datatype_name,
        diag.schema_name,
    )
    keep = frozenset(n for n in names if n)
    sqlstate = f" [SQLSTATE {exc.sqlstate}]" if exc.sqlstate else ""
    return _CJK.sub(HIDDEN, _hide_quoted(diag.message_primary or primary, keep)) + sqlstate


def _plain_message(text: str) -> str:
    """Another exception's message: pydantic's input values, quoted parts with Chinese in
    them and any run of Chinese characters (names, addresses) hidden."""
    text = _INPUT_VALUE.sub(f"input_value={HIDDEN}, ", text)
    text = _QUOTED.sub(
        lambda m: m.group(0)[0] + HIDDEN + m.group(0)[0] if _CJK.search(m.group(0)) else m.group(0),
        text,
    )
    return _CJK.sub(HIDDEN, text)


def exception_message(exc: BaseException) -> str:
    """What a log may say about `exc` after its class name."""
    if isinstance(exc, StatementError):
        orig = exc.orig
        head = f"({_qualname(orig)}) {_dbapi_message(orig)}" if orig is not None else ""
        # The statement has placeholders, never the values (they are bound parameters).
        return f"{head}\n[SQL: {exc.statement}]" if exc.statement else head
    if isinstance(exc, psycopg.Error):
        return _dbapi_message(exc)
    return _plain_message(str(exc))


def _qualname(exc: BaseException) -> str:
    kind = type(exc)
    return (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )


def format_exception(exc: BaseException) -> str:
    """A traceback like Python's (chained causes first, the frames' code lines), each
    exception's message through `exception_message`; no local values."""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, "direct cause"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, "context"
        else:
            current = None
    parts: list[str] = []
    for index, (item, _) in enumerate(reversed(chain)):
        if index:
            # The link of the exception below says how it relates to the one printed before.
            link = chain[len(chain) - index][1]
            parts.append(
                "\nThe above exception was the direct cause of the following exception:\n\n"
                if link == "direct cause"
                else "\nDuring handling of the above exception, another exception occurred:\n\n"
            )
        if item.__traceback__ is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_tb(item.__traceback__))
        parts.append(f"{_qualname(item)}: {exception_message(item)}\n")
        if isinstance(item, BaseExceptionGroup):
            for number, sub in enumerate(item.exceptions, start=1):
                nested = format_exception(sub).rstrip("\n").replace("\n", "\n  | ")
                parts.append(f"  +---- {number} ----\n  | {nested}\n")
    return "".join(parts).rstrip("\n")


def scrub_record(record: logging.LogRecord) -> None:
    """Make `record` safe in place (see the module docstring)."""
    if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) > 2:
        # uvicorn's access formatter unpacks the arguments: keep the tuple, cut the query.
        args = list(record.args)
        args[2] = mask_identifiers(str(args[2]).split("?", 1)[0])
        record.args = tuple(args)
    else:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: show the template, never the arguments
            message = str(record.msg)
        record.msg, record.args = scrub_text(message), None
    if record.exc_info:
        exc = record.exc_info[1]
        if exc is not None:
            record.exc_text = scrub_text(format_exception(exc))
        record.exc_info = None
    if record.stack_info:
        record.stack_info = scrub_text(record.stack_info)


def install() -> None:
    """Scrub every log record of this process from now on (idempotent)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "fanzha_scrubbing", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            scrub_record(record)
        except Exception:  # logging must go on; the record must not leak
            record.msg, record.args = "[log record withheld: it could not be scrubbed]", None
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        return record

    factory.fanzha_scrubbing = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def configure(level: int = logging.INFO) -> None:
    """Logging for an entry point: INFO to stderr (unless already set up), scrubbed."""
    logging.basicConfig(level=level, format=FORMAT)
    install()


def is_installed() -> bool:
    factory: Callable[..., logging.LogRecord] = logging.getLogRecordFactory()
    return bool(getattr(factory, "fanzha_scrubbing", False))
