"""How personal data looks when it is not deliberately unmasked (lists, exports, logs).

张*三 / 138****1234 / 3201**********123X / 6222 **** **** 1234
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A run of seven or more digits in free text (a space or dash between two digits allowed),
# an ID number's final X included: a phone, ID, card or account number typed into a message.
_LONG_NUMBER = re.compile(r"\d(?:[ \-]?\d){6,}[Xx]?")


def mask_name(name: str | None) -> str:
    if not name:
        return ""
    if len(name) == 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    digits = phone[3:] if phone.startswith("+86") else phone.lstrip("+")
    if len(digits) < 7:
        return digits[:1] + "*" * (len(digits) - 1)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_id_number(number: str | None) -> str:
    if not number:
        return ""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_bank_account(number: str | None) -> str:
    if not number:
        return ""
    if len(number) <= 8:
        return "*" * (len(number) - 4) + number[-4:]
    hidden_groups = -(-(len(number) - 8) // 4)  # ceiling: one **** per hidden group of four
    return " ".join([number[:4], *["****"] * hidden_groups, number[-4:]])


def mask_numbers_in_text(text: str | None) -> str:
    """Free text with every long number in it masked as its kind would be: 11 digits as a
    phone, 18 as an ID number, any other run of seven or more as an account."""

    def masked(match: re.Match[str]) -> str:
        digits = re.sub(r"[ \-]", "", match.group())
        if len(digits) == 11:
            return mask_phone(digits)
        if len(digits) == 18:
            return mask_id_number(digits)
        return mask_bank_account(digits)

    return _LONG_NUMBER.sub(masked, text or "")


def mask_address(address: str | None) -> str:
    """The address down to its street: the text before the first digit, never more than half of
    it ("江滨区石家庄路378号明珠苑3栋501" → "江滨区石家庄路****"): where, not whose door."""
    if not address:
        return ""
    digit = next((i for i, ch in enumerate(address) if ch.isdigit()), len(address))
    return address[: min(digit, len(address) // 2)] + "****"


@dataclass(frozen=True)
class Person:
    """A person as a page shows them: masked unless deliberately revealed (and audited)."""

    name: str
    phone: str
    id_number: str
    address: str
    masked: bool


def person_view(
    name: str,
    phone: str | None,
    id_number: str | None,
    address: str,
    *,
    masked: bool,
    masked_address: str,
) -> Person:
    """`masked_address` is what may show instead of the address (a compound, a unit)."""
    if not masked:
        return Person(name, phone or "", id_number or "", address, False)
    return Person(
        mask_name(name), mask_phone(phone), mask_id_number(id_number), masked_address, True
    )
