"""Money: integer fen (分) everywhere; yuan only at the edge, parsed and printed exactly."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from fanzha.i18n import common as i18n

_UNITS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}


class InvalidAmount(ValueError):
    """Text that is not an amount of money; the message is shown to the user."""


def parse_yuan(raw: str) -> int:
    """'1,234.56' / '1234.5元' / '￥80' / '5.2万' / '-300' → fen. Exact: no float ever."""
    text = unicodedata.normalize("NFKC", raw or "").strip().replace(",", "").replace(" ", "")
    text = text.removeprefix("¥").removeprefix("￥").removesuffix("元").removesuffix("人民币")
    scale = Decimal(1)
    if text and text[-1] in _UNITS:
        scale, text = _UNITS[text[-1]], text[:-1]
    if not re.fullmatch(r"[+-]?\d+(\.\d+)?", text):
        raise InvalidAmount(i18n.MONEY["unreadable"].format(raw=raw))
    try:
        fen = Decimal(text) * scale * 100
    except InvalidOperation as exc:
        raise InvalidAmount(i18n.MONEY["unreadable"].format(raw=raw)) from exc
    if fen != fen.to_integral_value():
        raise InvalidAmount(i18n.MONEY["sub_fen"].format(raw=raw))
    return int(fen)


def format_yuan(fen: int) -> str:
    """12345678 → '123,456.78'."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def split_proportionally(total_fen: int, weights: list[int]) -> list[int]:
    """Share `total_fen` in proportion to `weights` (each victim's loss), in whole fen that add
    up exactly to the total: everyone gets the floor of their exact share, and the fen left
    over go one each to the largest remainders (ties: the larger weight, then the earlier
    line), so the result never depends on rounding luck."""
    if total_fen < 0 or any(w < 0 for w in weights):
        raise ValueError("amounts must not be negative")
    whole = sum(weights)
    if not weights or whole == 0:
        raise ValueError("nothing to share in proportion to")
    shares = [total_fen * w // whole for w in weights]
    remainders = [total_fen * w % whole for w in weights]
    left = total_fen - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], -weights[i], i))
    for i in order[:left]:
        shares[i] += 1
    return shares
