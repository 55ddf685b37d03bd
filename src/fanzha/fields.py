"""Pydantic field types and the input base model, so every edge validates the same way.

Rules every input obeys, whatever route it comes through:
- text never carries C0 control characters other than tab and line breaks (PostgreSQL refuses
  NUL in text; the others are never typed by a person);
- an integer fits the column it is compared with (`RecordId`, `Count`, `Offset`...);
- `""` and `null` for an optional field mean "not given" (`InputModel`), and so does text a
  reader cannot see (blanks, zero-width spaces, U+3000): `visible_text`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from fanzha import clock, counterparty, identifiers
from fanzha.i18n import common as i18n
from fanzha.money import parse_yuan

# PostgreSQL `integer` (ids of every table but the audit log's) and `bigint`.
INT4_MAX = 2**31 - 1
INT8_MAX = 2**63 - 1

# C0 controls except tab, line feed and carriage return; DEL is harmless and kept.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# The same, or half of a surrogate pair (JSON's "\ud83d" alone): text UTF-8 cannot encode, so
# PostgreSQL cannot store it nor a JSON answer echo it back.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def has_control_chars(text: str) -> bool:
    return _CONTROL.search(text) is not None


def control_char_error() -> PydanticCustomError:
    """The error for text with a control character; `i18n.validation` words it in Chinese."""
    return PydanticCustomError("control_char", "text contains a control character")


# Raw values that cannot hold text: answered at once (the check runs on every field of every
# input, a thousand visits a sync).
_PLAIN = frozenset({int, bool, float, type(None)})


def no_control_chars(value: Any) -> Any:
    """`value` unchanged, or PydanticCustomError "control_char" when it holds a control
    character ("string_unicode" for half a surrogate pair), looking into lists and dicts
    (InputModel's check of every field: pydantic refuses a lone surrogate in a `str` field,
    not in a dict of answers)."""
    if value.__class__ in _PLAIN:
        return value
    if isinstance(value, str):
        found = _UNSTORABLE.search(value)
        if found is not None:
            if "\ud800" <= found.group() <= "\udfff":
                raise PydanticCustomError("string_unicode", "text cannot be encoded")
            raise control_char_error()
    elif isinstance(value, dict):
        for key, item in value.items():
            no_control_chars(key)
            no_control_chars(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            no_control_chars(item)
    return value


# Letters and symbols that draw nothing (Unicode's Default_Ignorable fillers and the blank
# braille cell), used to pass a required field that looks empty.
_BLANK_GLYPHS = frozenset("\u115f\u1160\u2800\u3164\uffa0")


def _invisible(ch: str) -> bool:
    """Blanks (Z*: spaces, NBSP, U+3000, and tab, line feed, carriage return), format
    characters nobody sees (Cf: zero-width spaces, joiners, the BOM) and the fillers that draw
    nothing (Hangul fillers, the blank braille cell). Other controls and unpaired surrogates
    are not blanks: text of them is refused as invalid, not as empty."""
    category = unicodedata.category(ch)
    return category[0] == "Z" or category == "Cf" or ch in "\t\n\r" or ch in _BLANK_GLYPHS


def visible_text(text: str | None) -> str:
    """`text` without the blanks and invisible characters at either end: "" when a reader
    would see nothing at all ("\u200b\u3000" is as empty as ""). Every reason and required
    text field is trimmed with this, so an invisible one is refused as missing."""
    text = text or ""
    start, end = 0, len(text)
    while start < end and _invisible(text[start]):
        start += 1
    while end > start and _invisible(text[end - 1]):
        end -= 1
    return text[start:end]


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not visible_text(value):
        return None
    return value


def _strip(value: Any) -> Any:
    return visible_text(value) if isinstance(value, str) else value


def _mobile(value: str) -> str:
    info = identifiers.normalize_phone(value)
    if info.kind != "mobile":
        raise identifiers.InvalidIdentifier(i18n.IDENTIFIERS["mobile_wanted"].format(raw=value))
    return info.number


def _subscriber(value: str) -> str:
    info = identifiers.normalize_phone(value)
    if info.kind == "service":
        raise identifiers.InvalidIdentifier(i18n.IDENTIFIERS["service_number"].format(raw=value))
    return info.number


def _local_datetime(value: Any) -> Any:
    return clock.parse_local(value) if isinstance(value, str) else value


def _yuan_text(value: Any) -> Any:
    return parse_yuan(value) if isinstance(value, str) else value


def _name(value: str) -> str:
    name = identifiers.normalize_name(value)
    if not 2 <= len(name) <= 30:
        raise identifiers.InvalidIdentifier(i18n.IDENTIFIERS["name_length"])
    return name


# Empty form fields arrive as "": for an optional field that means "not given".
# (`InputModel` applies this to every optional field; kept for models that are not inputs.)
Optional = BeforeValidator(_blank_to_none)


def _absent(value: Any) -> bool:
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    # Text starting with a visible character is present: decided by its first character
    # (every field of a thousand-visit sync passes here).
    return not value or (_invisible(value[0]) and not visible_text(value))


_KNOWN: dict[type, frozenset[str]] = {}


def _known_names(cls: type[BaseModel]) -> frozenset[str]:
    """The field names and aliases of a model, worked out once per class: the sync validates
    a thousand items a request, and `model_fields` rebuilt this set each time (a third of it)."""
    known = _KNOWN.get(cls)
    if known is None:
        names: set[str] = set()
        for name, field in cls.model_fields.items():
            names.update({name, field.alias} - {None})
        known = _KNOWN[cls] = frozenset(names)
    return known


class InputModel(BaseModel):
    """Base of every schema a request body, form or import row is validated with.

    A field given as `""`, blanks or `null` is treated as not given: an optional field (one
    with a default) takes its default, a required one is reported as missing. Text anywhere
    in the input is refused when it carries control characters."""

    @model_validator(mode="before")
    @classmethod
    def _drop_absent(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        known = _known_names(cls)
        return {k: v for k, v in data.items() if not (k in known and _absent(v))}

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_control_chars(cls, value: Any) -> Any:
        return no_control_chars(value)


Text = Annotated[str, BeforeValidator(_strip), StringConstraints(min_length=1, max_length=100)]


def reason_text(min_length: int = 1, max_length: int = 500) -> Any:
    """A stated reason (结案说明, 作废/撤销/解除理由...): trimmed of blanks and invisible
    characters, then at least `min_length` characters a reader can see."""
    return Annotated[
        str,
        BeforeValidator(_strip),
        StringConstraints(min_length=min_length, max_length=max_length),
    ]


Reason = reason_text()


def short_code(max_length: int) -> Any:
    """A code such as 警号 or 单位代码: letters, digits, `_` and `-`, at most `max_length`
    (the width of its column)."""
    return Annotated[
        str,
        BeforeValidator(_strip),
        StringConstraints(min_length=1, max_length=max_length, pattern=r"^[0-9A-Za-z_-]+$"),
    ]


ShortCode = short_code(30)
# A UUID in its canonical text form (8-4-4-4-12 hex digits, as `crypto.randomUUID()` writes
# it), lower-cased. Kept as text: building a `uuid.UUID` and printing it back cost a thousand-
# visit sync more than all its other fields; PostgreSQL reads the text into its uuid column.
UuidText = Annotated[
    str,
    StringConstraints(
        pattern=r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
        to_lower=True,
    ),
]
MobilePhone = Annotated[str, AfterValidator(_mobile)]
PhoneNumber = Annotated[str, AfterValidator(lambda v: identifiers.normalize_phone(v).number)]
# A person's own number: mobile or landline, never a short service number such as 95588.
SubscriberPhone = Annotated[str, AfterValidator(_subscriber)]
IdNumber = Annotated[str, AfterValidator(lambda v: identifiers.normalize_id_number(v).number)]


def _bank_account(value: str) -> str:
    """The counterparty gate first: `/`, `6222****1234`, `储蓄卡(1234)` say why they are no
    account rather than "digits only"."""
    verdict = counterparty.classify(value)
    if value.strip() and not verdict.is_identifier:
        raise identifiers.InvalidIdentifier(
            i18n.COUNTERPARTY["not_identifier"].format(raw=value, reason=verdict.message)
        )
    return identifiers.normalize_bank_account(value).number


BankAccount = Annotated[str, AfterValidator(_bank_account)]
Domain = Annotated[str, AfterValidator(identifiers.normalize_domain)]
PersonName = Annotated[str, AfterValidator(_name)]
# The span a time given by a person or a platform may fall in. Outside it is a slip (year 1,
# year 9999) that PostgreSQL would store but Python cannot read back once the time is moved to
# UTC (year 0) or past a deadline (year 10000): every page listing that row would fail.
EARLIEST_TIME = datetime(1900, 1, 1, tzinfo=UTC)
LATEST_TIME = datetime(2100, 1, 1, tzinfo=UTC)


def plausible_time(value: datetime) -> datetime:
    """`value` if it lies between EARLIEST_TIME and LATEST_TIME (a naive one read as UTC)."""
    if EARLIEST_TIME.year < value.year < LATEST_TIME.year - 1:
        # Inside whatever its UTC offset (at most a day): answered without the comparisons,
        # which ask a parsed time's tzinfo for its offset each (a thousand times a sync).
        return value
    if not EARLIEST_TIME <= value.replace(tzinfo=value.tzinfo or UTC) < LATEST_TIME:
        raise ValueError(
            i18n.PLAUSIBLE["time"].format(first=EARLIEST_TIME.year, last=LATEST_TIME.year - 1)
        )
    return value


def _plausible_day(value: date) -> date:
    if not EARLIEST_TIME.date() <= value < LATEST_TIME.date():
        raise ValueError(
            i18n.PLAUSIBLE["date"].format(first=EARLIEST_TIME.year, last=LATEST_TIME.year - 1)
        )
    return value


# A calendar day in a filter (`?since=2026-11-01`): 9999-12-31 plus one day overflowed (500).
Day = Annotated[date, AfterValidator(_plausible_day)]

# A time as forms and pasted rows write it (2026/11/23 14:05, 2026年11月23日…), Shanghai time.
LocalDateTime = Annotated[
    datetime, BeforeValidator(_local_datetime), AfterValidator(plausible_time)
]
# Money typed in yuan on a form ("3.5万", "1,234.56") or sent as integer fen: stored as fen.
Fen = Annotated[int, BeforeValidator(_yuan_text)]

T = TypeVar("T")
# An optional query parameter: `?grade=` (a filter form left empty) means "not given".
Maybe = Annotated[T | None, BeforeValidator(_blank_to_none)]

# Ids in paths: a number no row can have is simply "not found" (the error handler answers 404
# for `record_id`); anything not a number stays a 422.


def _record_id(value: int) -> int:
    if not 1 <= value <= INT4_MAX:
        raise PydanticCustomError("record_id", "no such record")
    return value


RecordId = Annotated[int, AfterValidator(_record_id)]


def posted_id(raw: object) -> int | None:
    """An id typed into a form field or query string, or None when it is not one: ASCII
    digits only (`"²".isdigit()` is true, `int("²")` fails) and within `integer`; more than
    ten significant digits is no id (`int` of over 4,300 digits raises: a 500)."""
    text = str(raw or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    significant = text.lstrip("0")
    if len(significant) > 10:
        return None
    value = int(significant or "0")
    return value if 1 <= value <= INT4_MAX else None


# Ids referred to in bodies and query filters: out of range is a 422 naming the field.
Ref = Annotated[int, Field(ge=1, le=INT4_MAX)]
Offset = Annotated[int, Field(ge=0, le=INT4_MAX)]
# A cursor over an `integer` id column (`after_id`): the last id already taken, 0 at first.
Cursor = Annotated[int, Field(ge=0, le=INT4_MAX)]
