"""Indicator values in their one stored form, so the same account or number written two ways
links the cases it appears in. Pure; builds on `fanzha.identifiers`."""

from __future__ import annotations

import ipaddress
import re
import unicodedata

from fanzha import counterparty
from fanzha.i18n import common
from fanzha.i18n import linking as i18n
from fanzha.identifiers import (
    InvalidIdentifier,
    normalize_bank_account,
    normalize_domain,
    normalize_phone,
    to_simplified,
)


def _text(raw: str) -> str:
    return unicodedata.normalize("NFKC", raw or "").strip()


# Kinds whose values statements and transfers also carry: they pass the counterparty gate.
_ACCOUNT_KINDS = frozenset({"account", "alipay"})


def normalize(kind: str, raw: str) -> str:
    """The canonical value of an indicator of `kind`; InvalidIdentifier with a message an
    officer understands when it cannot be one."""
    text = _text(raw)
    if not text:
        raise InvalidIdentifier(i18n.VALUES["empty"])
    verdict = counterparty.classify(text)
    # `/`, `--`, 无 name nothing of any kind: an APP written `/` would link every such case.
    placeholder = verdict.reason is counterparty.Reason.placeholder
    if placeholder or (kind in _ACCOUNT_KINDS and not verdict.is_identifier):
        raise InvalidIdentifier(
            common.COUNTERPARTY["not_identifier"].format(raw=raw, reason=verdict.message)
        )
    if kind == "account":
        return normalize_bank_account(text).number
    if kind == "phone":
        return normalize_phone(text).number
    if kind == "domain":
        return normalize_domain(text)
    if kind == "qq":
        if not re.fullmatch(r"[1-9]\d{4,11}", text):
            raise InvalidIdentifier(i18n.VALUES["qq"].format(raw=raw))
        return text
    if kind == "wechat":
        # 微信号: 6–20 letters, digits, _ or -, starting with a letter (case-insensitive);
        # old accounts may be a QQ number or a phone, kept as written.
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]{5,19}|\d{5,12}|wxid_[A-Za-z0-9]+", text):
            raise InvalidIdentifier(i18n.VALUES["wechat"].format(raw=raw))
        return text.lower()
    if kind == "alipay":
        if "@" in text:
            if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
                raise InvalidIdentifier(i18n.VALUES["alipay"].format(raw=raw))
            return text.lower()
        return normalize_phone(text).number
    if kind == "ip":
        try:
            return str(ipaddress.ip_address(text))
        except ValueError as exc:
            raise InvalidIdentifier(i18n.VALUES["ip"].format(raw=raw)) from exc
    if kind == "device":
        value = re.sub(r"[\s:-]", "", text).upper()
        if not re.fullmatch(r"[0-9A-F]{8,40}", value):
            raise InvalidIdentifier(i18n.VALUES["device"].format(raw=raw))
        return value
    if kind == "app":
        if len(text) > 100:
            raise InvalidIdentifier(i18n.VALUES["app_too_long"])
        return to_simplified(" ".join(text.split())).lower()
    raise InvalidIdentifier(i18n.VALUES["unknown_kind"].format(kind=kind))


def normalize_pattern(kind: str, raw: str) -> str:
    """An exclusion: a value normalised like any other, or a pattern with * kept as written
    (lower-case for the kinds stored lower-case)."""
    text = _text(raw)
    if "*" not in text:
        return normalize(kind, text)
    if text.strip("*") == "":
        raise InvalidIdentifier(i18n.VALUES["wildcard_only"])
    if kind in ("domain", "wechat", "alipay", "app"):
        text = text.lower()
    if kind in ("account", "qq"):
        text = re.sub(r"[\s-]", "", text)
    return text
