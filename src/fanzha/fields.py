"""Pydantic field types for identifiers, so every edge validates them the same way."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, StringConstraints

from fanzha import clock, identifiers
from fanzha.money import parse_yuan


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _mobile(value: str) -> str:
    info = identifiers.normalize_phone(value)
    if info.kind != "mobile":
        raise identifiers.InvalidIdentifier(f"请填写手机号码：{value}")
    return info.number


def _subscriber(value: str) -> str:
    info = identifiers.normalize_phone(value)
    if info.kind == "service":
        raise identifiers.InvalidIdentifier(f"这是服务号码，不是个人电话号码：{value}")
    return info.number


def _local_datetime(value: Any) -> Any:
    return clock.parse_local(value) if isinstance(value, str) else value


def _yuan_text(value: Any) -> Any:
    return parse_yuan(value) if isinstance(value, str) else value


def _name(value: str) -> str:
    name = identifiers.normalize_name(value)
    if not 2 <= len(name) <= 30:
        raise identifiers.InvalidIdentifier("姓名应为2至30个字")
    return name


# Empty form fields arrive as "": for an optional field that means "not given".
Optional = BeforeValidator(_blank_to_none)

Text = Annotated[str, BeforeValidator(_strip), StringConstraints(min_length=1, max_length=100)]
ShortCode = Annotated[
    str,
    BeforeValidator(_strip),
    StringConstraints(min_length=1, max_length=30, pattern=r"^[0-9A-Za-z_-]+$"),
]
MobilePhone = Annotated[str, AfterValidator(_mobile)]
PhoneNumber = Annotated[str, AfterValidator(lambda v: identifiers.normalize_phone(v).number)]
# A person's own number: mobile or landline, never a short service number such as 95588.
SubscriberPhone = Annotated[str, AfterValidator(_subscriber)]
IdNumber = Annotated[str, AfterValidator(lambda v: identifiers.normalize_id_number(v).number)]
BankAccount = Annotated[str, AfterValidator(lambda v: identifiers.normalize_bank_account(v).number)]
Domain = Annotated[str, AfterValidator(identifiers.normalize_domain)]
PersonName = Annotated[str, AfterValidator(_name)]
# A time as forms and pasted rows write it (2026/11/23 14:05, 2026年11月23日…), Shanghai time.
LocalDateTime = Annotated[datetime, BeforeValidator(_local_datetime)]
# Money typed in yuan on a form ("3.5万", "1,234.56") or sent as integer fen: stored as fen.
Fen = Annotated[int, BeforeValidator(_yuan_text)]
