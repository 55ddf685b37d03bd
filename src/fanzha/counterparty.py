"""The one gate deciding whether a value written as "the other side" names an account.

Statements, pasted transfers, typed indicators and pushes all meet values such as `/`
(Alipay's "no counterparty"), `wuq***@qq.com` (masked by the platform), `中国工商银行` or
`中国工商银行储蓄卡(1234)` (a bank and a card tail). Those describe the other side; they do not
identify it, and one of them shared by two statements must never link two cases, become an
indicator or a stop-payment. Pure: text in, a typed verdict out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from fanzha.i18n import common as i18n


class Kind(StrEnum):
    account = "account"  # a bank account or card number (digits)
    phone = "phone"  # a mainland mobile number (a platform login is often one)
    email = "email"  # a platform login written as an e-mail address
    platform = "platform"  # another platform login (letters and digits)
    description = "description"  # names, placeholders, masked values: not an identifier


class Reason(StrEnum):
    empty = "empty"
    placeholder = "placeholder"
    masked = "masked"
    card_tail = "card_tail"
    bank_name = "bank_name"
    too_short = "too_short"
    text = "text"


@dataclass(frozen=True, slots=True)
class Verdict:
    kind: Kind
    key: str  # the stored form (digits; logins lower-case); "" for a description
    reason: Reason | None = None  # why a description is not an identifier
    tail: str = ""  # the last digits a masked number or a card tail shows

    @property
    def is_identifier(self) -> bool:
        return self.kind is not Kind.description

    @property
    def message(self) -> str:
        """Why the value is not an identifier, in Chinese (empty for identifiers)."""
        return i18n.COUNTERPARTY[self.reason.value] if self.reason else ""


# What exports and officers write for "nothing here".
PLACEHOLDERS = frozenset(
    {
        "无",
        "空",
        "暂无",
        "不详",
        "未知",
        "未提供",
        "无对方账号",
        "null",
        "none",
        "nil",
        "n/a",
        "na",
        "nan",
        "0",
    }
)
_MASK = re.compile(r"[*＊•●×]|x{3,}", re.IGNORECASE)
_TAIL = re.compile(r"(\d{3,6})\s*[)）]?\s*$")
_CARD_TAIL = re.compile(r"(?:尾号\s*(\d{3,6})|[(（]\s*(?:尾号)?\s*(\d{3,6})\s*[)）])\s*$")
_BANK_WORDS = ("银行", "信用社", "农商", "储蓄卡", "信用卡", "借记卡", "银联", "余额宝", "零钱")
_SEPARATORS = re.compile(r"[\s\-]")
_MOBILE = re.compile(r"(?:\+?86)?(1[3-9]\d{9})")
_EMAIL = re.compile(r"[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+")
_LOGIN = re.compile(r"[a-z][a-z0-9_\-.]{5,63}|wxid_[a-z0-9_]+|[0-9a-z]{6,64}")


def classify(raw: object) -> Verdict:
    """What a counterparty (or own account) cell names. Digits 8–30 long are an account, a
    mainland mobile number a phone, an e-mail or letters-and-digits login a platform account;
    anything else (blank, placeholder, masked, a bank name, a card tail, a name) is a
    description with its reason."""
    if isinstance(raw, float) and raw.is_integer():  # an account Excel stored as a number
        raw = f"{raw:.0f}"
    return _classify(str(raw if raw is not None else ""))


# A statement names its own account on every row and a few counterparts many times.
@lru_cache(maxsize=1 << 16)
def _classify(written: str) -> Verdict:
    text = unicodedata.normalize("NFKC", written).strip()
    if not text:
        return Verdict(Kind.description, "", Reason.empty)
    lowered = text.lower()
    if lowered in PLACEHOLDERS or not any(ch.isalnum() for ch in text):
        return Verdict(Kind.description, "", Reason.placeholder)
    if _MASK.search(text):
        tail = _TAIL.search(text)
        return Verdict(Kind.description, "", Reason.masked, tail.group(1) if tail else "")
    card = _CARD_TAIL.search(text)
    if card and not text.replace(" ", "").isdigit():
        return Verdict(Kind.description, "", Reason.card_tail, card.group(1) or card.group(2))
    if any(word in text for word in _BANK_WORDS):
        return Verdict(Kind.description, "", Reason.bank_name)
    compact = _SEPARATORS.sub("", lowered)
    digits = compact.removeprefix("+")
    if digits.isdigit():
        mobile = _MOBILE.fullmatch(digits)
        if mobile:
            return Verdict(Kind.phone, mobile.group(1))
        if 8 <= len(digits) <= 30:
            return Verdict(Kind.account, digits)
        return Verdict(Kind.description, "", Reason.too_short)
    if _EMAIL.fullmatch(compact):
        return Verdict(Kind.email, compact[:64])
    if _LOGIN.fullmatch(compact) and any(ch.isdigit() for ch in compact):
        return Verdict(Kind.platform, compact[:64])
    return Verdict(Kind.description, "", Reason.text)


def account_of(raw: object) -> str:
    """The stored account a cell names, or "" when it names none (see `classify`)."""
    # Most cells of a statement are plain account numbers: decided without normalising or
    # caching them (a 1M-row statement names 300,000 accounts, more than any cache keeps).
    if type(raw) is str and raw.isascii() and raw.isdigit() and 8 <= len(raw) <= 30:
        mobile = _MOBILE.fullmatch(raw) if len(raw) in (11, 13) else None
        return mobile.group(1) if mobile else raw
    return classify(raw).key
