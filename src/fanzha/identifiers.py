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
from stdnum import luhn, numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

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


# A mobile as call logs write it: +86/86 in front, or the 0 an exchange adds to a mobile
# from another area.
_CN_MOBILE = re.compile(r"(?:\+?86|0)?(1[3-9]\d{9})")

# IP-dialling and carrier prefixes that call logs and carrier records keep in front of the
# number dialled (17951 China Mobile IP, 12593 China Mobile, 17911/10193 China Unicom,
# 17909 China Telecom ...). No Chinese number starts with them, so one in front of a number
# that stays valid without it is dropped.
_DIAL_PREFIXES = (
    "17951",
    "17950",
    "17911",
    "17910",
    "17909",
    "17908",
    "17901",
    "17969",
    "12593",
    "10193",
    "11808",
    "96688",
    "12520",
)


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
    """A phone number in any writing call logs and statements use: +86/0086/86 in front,
    carrier and IP-dialling prefixes (17951, 12593 ...), spaces, dashes, brackets,
    full-width digits, landlines with their area code. Returns the E.164 form (short service
    numbers stay bare digits); raises InvalidIdentifier with the reason in Chinese."""
    text = _SEPARATORS.sub("", _ascii_digits(raw or ""))
    if not text:
        raise InvalidIdentifier(i18n.IDENTIFIERS["phone_empty"])
    if not re.fullmatch(r"\+?\d+", text):
        raise InvalidIdentifier(i18n.IDENTIFIERS["phone_not_digits"].format(raw=raw))
    if len(text) > 11 and text.startswith(_DIAL_PREFIXES):
        try:
            return _normalize_digits(text[5:], raw, default_region)
        except InvalidIdentifier:
            pass  # not a prefix after all: the whole number decides
    return _normalize_digits(text, raw, default_region)


def _normalize_digits(text: str, raw: str, default_region: str) -> PhoneInfo:
    if text.startswith("00"):
        text = "+" + text[2:]
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
        if _landline_beyond_metadata(parsed):
            return PhoneInfo(
                number=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
                kind="landline",
                carrier="",
                region=geocoder.description_for_valid_number(parsed, "zh"),
            )
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


def _landline_beyond_metadata(parsed: phonenumbers.PhoneNumber) -> bool:
    """A Chinese fixed line in a range libphonenumber's metadata does not list (carriers
    allocate ahead of it; Hypothesis found 010-8000xxxx refused): accepted when its area code
    is known and the subscriber part has that area's length (8 digits after 010 and 02X, 7 or
    8 after a three-digit code) and does not start with 0 or 1. A call log is evidence."""
    if parsed.country_code != 86:
        return False
    national = str(parsed.national_number)
    mobile_or_service = national.startswith("1") and not national.startswith("10")  # 010 is Beijing
    if mobile_or_service or not geocoder.description_for_valid_number(parsed, "zh"):
        return False
    two_digit_area = national.startswith(("10", "2"))
    subscriber = national[2:] if two_digit_area else national[3:]
    if subscriber[:1] in ("", "0", "1"):
        return False
    return len(subscriber) == 8 if two_digit_area else len(subscriber) in (7, 8)


# --- resident ID numbers (GB 11643) ------------------------------------------------------


@dataclass(frozen=True)
class IdNumberInfo:
    number: str  # 18 characters, check character upper-case
    birth_date: date | None  # None when the digits are not a real day (a note says so)
    gender: Literal["male", "female"]
    province: str
    county: str
    # What the officer should know but is no reason to refuse a real document: a region code
    # the list does not know or created after the birth year (IDs were issued from 1984, so
    # older people carry newer codes), a birth date that cannot be a day.
    notes: tuple[str, ...] = ()


def _birth_date(number: str) -> date | None:
    try:
        return ric.get_birth_date(number)
    except ValidationError:
        return None


def _region(number: str, birth_year: int | None) -> tuple[str, str, str]:
    """(province, county, note) from the region code; the note is empty when all is usual."""
    info: dict[str, str] = {}
    for _part, props in numdb.get("cn/loc").info(number[:6]):
        info.update(props)
    if "county" not in info:
        return info.get("province", ""), "", i18n.IDENTIFIERS["id_note_region_unknown"]
    spans = []
    for county in info["county"].split(","):
        span, _, name = county[1:].partition("]") if county.startswith("[") else ("-", "", county)
        start, _, end = span.partition("-")
        spans.append((int(start or 0), int(end or 9999), name))
    for start, end, name in spans:
        if birth_year is None or start <= birth_year <= end:
            return info.get("province", ""), name, ""
    later = [s for s in spans if s[0] > (birth_year or 0)]
    if later:
        start, _end, name = min(later)
        note = i18n.IDENTIFIERS["id_note_region_later"].format(county=name, year=start)
    else:
        _start, end, name = max(spans, key=lambda s: s[1])
        note = i18n.IDENTIFIERS["id_note_region_retired"].format(county=name, year=end)
    return info.get("province", ""), name, note


def normalize_id_number(raw: str) -> IdNumberInfo:
    """An 18-character resident ID number. Refused (InvalidIdentifier) only when it cannot
    be one: wrong length or characters, or a wrong check character. An unknown or later
    region code and an impossible or future birth date are `notes`, never refusals."""
    text = _SEPARATORS.sub("", _ascii_digits(raw or "")).upper()
    if not text:
        raise InvalidIdentifier(i18n.IDENTIFIERS["id_empty"])
    if len(text) != 18 or not re.fullmatch(r"\d{17}[\dX]", text):
        raise InvalidIdentifier(i18n.IDENTIFIERS["id_length"].format(raw=raw))
    if ric.calc_check_digit(text) != text[-1]:
        raise InvalidIdentifier(i18n.IDENTIFIERS["id_checksum"].format(raw=raw))
    notes = []
    birth_date = _birth_date(text)
    if birth_date is None:
        notes.append(i18n.IDENTIFIERS["id_note_birth_invalid"].format(digits=text[6:14]))
    elif birth_date > date.today():
        notes.append(i18n.IDENTIFIERS["id_note_born_later"].format(day=birth_date.isoformat()))
    province, county, region_note = _region(text, birth_date.year if birth_date else None)
    if region_note:
        notes.append(region_note)
    return IdNumberInfo(
        number=text,
        birth_date=birth_date,
        gender="male" if int(text[16]) % 2 else "female",
        province=province,
        county=county,
        notes=tuple(notes),
    )


def id_number_notes(number: str | None) -> tuple[str, ...]:
    """The notes an officer sees beside a stored ID number (empty for none or a usual one)."""
    if not number:
        return ()
    try:
        return normalize_id_number(number).notes
    except InvalidIdentifier:
        return ()  # stored before the checks, shown as it is


def id_birth_date(number: str) -> date | None:
    """The birth date of an ID number already checked by `normalize_id_number` (no second
    validation on the intake path); None when the digits are not a real, past day."""
    birth = _birth_date(number)
    return birth if birth is not None and birth <= date.today() else None


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


def name_initials(name: str | None) -> str:
    """The pinyin initials of a name as an officer types them in the search box: 张三丰 → zsf.
    Latin letters are kept (lower-cased), other characters dropped; "" for no name. Heteronyms
    take pypinyin's usual reading (单 → d), the reading most names in the demo follow."""
    if not name:
        return ""
    from pypinyin import Style, lazy_pinyin

    letters = lazy_pinyin(normalize_name(name), style=Style.FIRST_LETTER, errors="default")
    return "".join(ch for ch in "".join(letters).lower() if "a" <= ch <= "z")[:50]
