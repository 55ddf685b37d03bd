"""Cell values the way banks and payment platforms write them: placeholders for "nothing",
amounts with currency signs, separators, signs and 借/贷 markers, times as text, as Excel
date cells or as serial numbers in either of Excel's date systems, and a date and a time in
two columns. Plain data, no database.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from fanzha.clock import SHANGHAI
from fanzha.i18n import fundflow as i18n
from fanzha.money import InvalidAmount, parse_yuan

# What exports write in a cell that holds nothing: a dash of any length, a slash, 无.
PLACEHOLDERS = frozenset(
    {"", "-", "--", "---", "—", "——", "－", "/", "\\", "无", "null", "none", "n/a", "nan"}
)


def is_placeholder(value: object) -> bool:
    """True for None and for the texts that mean an empty cell (`-`, `--`, `—`, `/`, `无` …)."""
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    text = value.strip()
    # every placeholder is short: most cells are decided without normalising them
    return len(text) <= 4 and unicodedata.normalize("NFKC", text).strip().lower() in PLACEHOLDERS


def clean(value: object) -> object:
    """A cell with a placeholder is an empty cell (None); anything else as it was."""
    return None if is_placeholder(value) else value


# --- amounts --------------------------------------------------------------------------------

_PLAIN_AMOUNT = re.compile(r"([+-]?)(\d+)(?:\.(\d{1,2}))?")
# 借 (debit) makes an amount leave the account, 贷 (credit) come in; written before or after.
_DEBIT_MARKS = ("借方", "借", "dr")
_CREDIT_MARKS = ("贷方", "贷", "cr")


def _strip_mark(text: str) -> tuple[str, int]:
    lowered = text.lower()
    for marks, sign in ((_DEBIT_MARKS, -1), (_CREDIT_MARKS, 1)):
        for mark in marks:
            if lowered.startswith(mark):
                return text[len(mark) :].strip(), sign
            if lowered.endswith(mark):
                return text[: -len(mark)].strip(), sign
    return text, 1


def parse_amount(raw: object) -> int:
    """'1,234.56' / '¥80' / '100.00元' / '-300' / '-¥100' / '¥-100' / '300.00-' /
    '1,000.00借' / '贷 50' / '(1,000.00)' / an Excel number → signed fen, exactly (借, a
    minus and brackets make it negative). Raises InvalidAmount naming the text for anything else."""
    if isinstance(raw, bool):
        raise InvalidAmount(i18n.ROW_PROBLEMS["amount_unreadable"].format(raw=raw))
    if isinstance(raw, int):
        return raw * 100
    if isinstance(raw, float | Decimal):
        fen = Decimal(str(raw)) * 100
        if fen != fen.to_integral_value():
            raise InvalidAmount(i18n.ROW_PROBLEMS["amount_sub_fen"].format(raw=raw))
        return int(fen)
    written = str(raw or "")
    text = unicodedata.normalize("NFKC", written).strip().replace(",", "").replace(" ", "")
    match = _PLAIN_AMOUNT.fullmatch(text)
    if match:  # the common case, without Decimal
        sign, whole, cents = match.groups()
        fen = int(whole) * 100 + int((cents or "0").ljust(2, "0"))
        return -fen if sign == "-" else fen
    text, sign = _strip_mark(text)
    if text[:1] == "(" and text[-1:] == ")":  # accounting style: (1,000.00) is a debit
        text, sign = text[1:-1], -sign
    if text[-1:] in ("+", "-") and text[:-1]:  # "300.00-": the sign after the number
        text = text[-1] + text[:-1]
    # "-¥100.00" as some exports write it: the sign before the currency sign.
    if text[:1] in "+-" and text[1:2] == "¥":
        text = text[0] + text[2:]
    try:
        return sign * parse_yuan(text)
    except InvalidAmount:
        raise InvalidAmount(i18n.ROW_PROBLEMS["amount_unreadable"].format(raw=written)) from None


# --- times ----------------------------------------------------------------------------------


class InvalidTime(ValueError):
    pass


_DATE_TIME = re.compile(
    r"(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?"
    r"(?:[\sT]*(\d{1,2})[:时]?(\d{2})(?:[:分]?(\d{2})(?:\.\d+)?)?秒?)?"
)
_TIME_ONLY = re.compile(r"(\d{1,2}):?(\d{2}):?(\d{2})?")
# An Excel serial written as text: five digits of days (1927–2173), a fraction of the day.
_SERIAL_TEXT = re.compile(r"\d{5}(?:\.\d+)?")
# Serial numbers an Excel statement can hold: 1950-01-01 to 2099-12-31 (1900 system).
SERIAL_RANGE = (18264, 73051)
_EPOCHS = {False: datetime(1899, 12, 30), True: datetime(1904, 1, 1)}


def from_serial(serial: float, *, date1904: bool = False) -> datetime:
    """An Excel serial date-time (days since the workbook's epoch, the time as a fraction of
    the day) → a naive local datetime, to the nearest second."""
    return _EPOCHS[date1904] + timedelta(seconds=round(float(serial) * 86400))


def _is_serial(value: float) -> bool:
    return SERIAL_RANGE[0] <= value < SERIAL_RANGE[1]


def _local_to_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=SHANGHAI)
    return value.astimezone(UTC)


def _clock_of(raw: object, date1904: bool) -> time | datetime | None:
    """The time-of-day column beside a date column: a time cell, a fraction of a day, digits
    (93012 → 09:30:12) or text; a full serial date-time there is taken whole."""
    if isinstance(raw, time):
        return raw
    if isinstance(raw, float | int) and not isinstance(raw, bool):
        if isinstance(raw, float) and not raw.is_integer():
            if 0 <= raw < 1:
                return (datetime.min + timedelta(seconds=round(raw * 86400))).time()
            if _is_serial(raw):
                return from_serial(raw, date1904=date1904)
            return None
        raw = f"{int(raw):06d}" if int(raw) < 1_000_000 else str(int(raw))
    written = unicodedata.normalize("NFKC", str(raw or "")).strip()
    match = _TIME_ONLY.fullmatch(written)
    if not match:
        return None
    h, m, s = match.groups()
    try:
        return time(int(h), int(m), int(s or 0))
    except ValueError:
        return None


def parse_time(raw: object, day: object = None, *, date1904: bool = False) -> datetime:
    """'2023-05-16 10:02:33', '20230516100233', '2023/5/16 10:02', '2023年5月16日 10:02',
    Excel date cells, Excel serial numbers (45719.4168… in the 1900 system, or the 1904 one
    when `date1904`), or a date column and a time column → an aware UTC datetime. Raises
    InvalidTime naming the text."""
    if isinstance(raw, datetime):
        return _local_to_utc(raw)
    if day is not None:
        clock_time = _clock_of(raw, date1904)
        if isinstance(clock_time, datetime):
            return _local_to_utc(clock_time)
        if clock_time is not None:
            base = parse_time(day, date1904=date1904).astimezone(SHANGHAI).date()
            return datetime.combine(base, clock_time, SHANGHAI).astimezone(UTC)
    if isinstance(raw, date):
        return datetime.combine(raw, time(), SHANGHAI).astimezone(UTC)
    if isinstance(raw, float | int) and not isinstance(raw, bool) and _is_serial(raw):
        return _local_to_utc(from_serial(raw, date1904=date1904))
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # 20250303 stored as a number
    written = unicodedata.normalize("NFKC", str(raw if raw is not None else "")).strip()
    if _SERIAL_TEXT.fullmatch(written) and _is_serial(float(written)):
        return _local_to_utc(from_serial(float(written), date1904=date1904))
    match = _DATE_TIME.fullmatch(written)
    if not match:
        raise InvalidTime(
            i18n.ROW_PROBLEMS["time_unreadable"].format(
                text=written or i18n.ROW_PROBLEMS["time_empty"]
            )
        )
    y, mo, d, h, mi, s = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(y, mo, d, h, mi, s, tzinfo=SHANGHAI).astimezone(UTC)
    except ValueError as exc:
        raise InvalidTime(i18n.ROW_PROBLEMS["time_impossible"].format(text=written)) from exc
