"""Normalise and validate the identifiers the center works with.

Pure functions, no database: phones (phonenumbers), ID numbers (python-stdnum `cn.ric`),
bank accounts, domains and Traditional→Simplified text (OpenCC). Each `normalize_*` returns
the canonical stored form plus what the number tells, or raises `InvalidIdentifier` with a
message a Chinese officer understands.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

import phonenumbers
from phonenumbers import PhoneNumberType, carrier, geocoder
from stdnum import luhn
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError

from fanzha.i18n import common as i18n


class InvalidIdentifier(ValueError):
    """A value that cannot be an identifier of its kind; the message is shown to the user."""


_SEPARATORS = re.compile(r"[\s\-–—()（）.·/]")


def _ascii_digits(raw: str) -> str:
    """Full-width digits and plus signs (common in pasted Chinese text) become ASCII."""
    return unicodedata.normalize("NFKC", raw).strip()


# --- phones -----------------------------------------------------------------------------

PhoneKind = Literal["mobile", "landline", "service", "other"]

# 95588 (a bank), 96110 (anti-fraud), 12381: short service numbers, valid in China without
# an area code; phonenumbers does not treat them as numbers of a subscriber.
_SERVICE_NUMBER = re.compile(r"^(1\d{2,4}|9\d{4})$")


_CN_MOBILE = re.compile(r"(?:\+?86)?(1[3-9]\d{9})")


@lru_cache(maxsize=20_000)
def _mobile_block(block: str) -> tuple[bool, str, str]:
    parsed = phonenumbers.parse(block + "0000", "CN")
    if not phonenumbers.is_valid_number(parsed) or phonenumbers.number_type(parsed) not in (
        PhoneNumberType.MOBILE,
        PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        return False, "", ""
    return (
        True,
        carrier.name_for_number(parsed, "zh"),
        geocoder.description_for_number(parsed, "zh"),
    )


@dataclass(frozen=True)
class PhoneInfo:
    number: str  # E.164 (+86...) for subscriber numbers; the bare digits for service numbers
    kind: PhoneKind
    carrier: str  # 中国移动 / 中国联通 / 中国电信 ..., empty for landlines
    region: str  # 江苏省南京市 ..., empty when unknown

    @property
    def national(self) -> str:
        return self.number[3:] if self.number.startswith("+86") else self.number.lstrip("+")


def normalize_phone(raw: str, default_region: str = "CN") -> PhoneInfo:
    """A phone number in any usual writing (+86, 0086, spaces, dashes, full-width)."""
    text = _SEPARATORS.sub("", _ascii_digits(raw or ""))
    if text.startswith("00"):
        text = "+" + text[2:]
    if not text:
        raise InvalidIdentifier(i18n.IDENTIFIERS["phone_empty"])
    if not re.fullmatch(r"\+?\d+", text):
        raise InvalidIdentifier(i18n.IDENTIFIERS["phone_not_digits"].format(raw=raw))
    if _SERVICE_NUMBER.fullmatch(text):
        return PhoneInfo(number=text, kind="service", carrier="", region="")
    mobile = _CN_MOBILE.fullmatch(text)
    if mobile:
        # Chinese mobile numbers are allocated in blocks of their first seven digits (号段):
        # validity, carrier and region follow from the block, so each block is parsed once.
        digits = mobile.group(1)
        valid, carrier_name, region = _mobile_block(digits[:7])
        if not valid:
            raise InvalidIdentifier(i18n.IDENTIFIERS["phone_invalid"].format(raw=raw))
        return PhoneInfo(number="+86" + digits, kind="mobile", carrier=carrier_name, region=region)
    try:
        parsed = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidIdentifier(i18n.IDENTIFIERS["phone_unreadable"].format(raw=raw)) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidIdentifier(i18n.IDENTIFIERS["phone_invalid"].format(raw=raw))
    number_type = phonenumbers.number_type(parsed)
    kind: PhoneKind
    if number_type in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        kind = "mobile"
    elif number_type == PhoneNumberType.FIXED_LINE:
        kind = "landline"
    else:
        kind = "other"
    return PhoneInfo(
        number=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
        kind=kind,
        carrier=carrier.name_for_number(parsed, "zh") if kind == "mobile" else "",
        region=geocoder.description_for_number(parsed, "zh"),
    )


# --- resident ID numbers (GB 11643) ------------------------------------------------------


@dataclass(frozen=True)
class IdNumberInfo:
    number: str  # 18 characters, check character upper-case
    birth_date: date
    gender: Literal["male", "female"]
    province: str
    county: str


def normalize_id_number(raw: str) -> IdNumberInfo:
    """An 18-character resident ID number, checked: length, birth date, check character."""
    text = _SEPARATORS.sub("", _ascii_digits(raw or "")).upper()
    if not text:
        raise InvalidIdentifier(i18n.IDENTIFIERS["id_empty"])
    if len(text) != 18 or not re.fullmatch(r"\d{17}[\dX]", text):
        raise InvalidIdentifier(i18n.IDENTIFIERS["id_length"].format(raw=raw))
    try:
        number = ric.validate(text)
    except InvalidChecksum as exc:
        raise InvalidIdentifier(i18n.IDENTIFIERS["id_checksum"].format(raw=raw)) from exc
    except InvalidComponent as exc:
        raise InvalidIdentifier(i18n.IDENTIFIERS["id_component"].format(raw=raw)) from exc
    except (InvalidLength, ValidationError) as exc:
        raise InvalidIdentifier(i18n.IDENTIFIERS["id_format"].format(raw=raw)) from exc
    birth_date = ric.get_birth_date(number)
    if birth_date > date.today():
        raise InvalidIdentifier(i18n.IDENTIFIERS["id_born_later"].format(raw=raw))
    place = ric.get_birth_place(number) or {}
    return IdNumberInfo(
        number=number,
        birth_date=birth_date,
        gender="male" if int(number[16]) % 2 else "female",
        province=place.get("province", ""),
        county=place.get("county", ""),
    )


def id_birth_date(number: str) -> date:
    """The birth date of an ID number already checked by `normalize_id_number` (no second
    validation on the intake path)."""
    return ric.get_birth_date(number)


# --- bank accounts and cards ---------------------------------------------------------------


@dataclass(frozen=True)
class BankAccountInfo:
    number: str  # digits only
    luhn_valid: bool  # reported, not required: many corporate and deposit accounts fail it


def normalize_bank_account(raw: str) -> BankAccountInfo:
    """A bank card or account number: separators dropped, 8–30 digits."""
    text = _SEPARATORS.sub("", _ascii_digits(raw or ""))
    if not text:
        raise InvalidIdentifier(i18n.IDENTIFIERS["account_empty"])
    if not text.isdigit():
        raise InvalidIdentifier(i18n.IDENTIFIERS["account_not_digits"].format(raw=raw))
    if not 8 <= len(text) <= 30:
        raise InvalidIdentifier(
            i18n.IDENTIFIERS["account_length"].format(length=len(text), raw=raw)
        )
    return BankAccountInfo(number=text, luhn_valid=luhn.is_valid(text))


# --- domains -----------------------------------------------------------------------------

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def normalize_domain(raw: str) -> str:
    """A domain, or a URL containing one, as lower-case punycode.

    例子.中国 → xn--fsqu00a.xn--fiqs8s
    """
    text = unicodedata.normalize("NFKC", raw or "").strip().lower()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)  # scheme
    text = re.split(r"[/?#]", text, maxsplit=1)[0]  # path, query, fragment
    text = text.rsplit("@", 1)[-1]  # user info
    text = re.sub(r":\d+$", "", text).rstrip(".")  # port, trailing root dot
    text = text.replace("。", ".")
    if not text:
        raise InvalidIdentifier(i18n.IDENTIFIERS["domain_empty"])
    try:
        ascii_form = text.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidIdentifier(i18n.IDENTIFIERS["domain_format"].format(raw=raw)) from exc
    labels = ascii_form.split(".")
    if len(ascii_form) > 253:  # RFC 1035's limit, and the width every domain column has
        raise InvalidIdentifier(i18n.IDENTIFIERS["domain_too_long"].format(raw=raw[:60]))
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise InvalidIdentifier(i18n.IDENTIFIERS["domain_format"].format(raw=raw))
    if labels[-1].isdigit():
        raise InvalidIdentifier(i18n.IDENTIFIERS["domain_is_ip"].format(raw=raw))
    return ascii_form


# --- Chinese text --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional Chinese input (pasted from Hong Kong/Taiwan sources) as Simplified."""
    return _t2s().convert(text) if text else text


def normalize_name(raw: str) -> str:
    """A person's name: trimmed, inner spaces removed for Chinese names, Simplified."""
    text = " ".join((raw or "").split())
    if re.fullmatch(r"[\u3400-\u9fff·\s]+", text):
        text = text.replace(" ", "")
    return to_simplified(text)
