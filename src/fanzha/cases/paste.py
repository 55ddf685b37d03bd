"""Transfers pasted from Excel into the report form: one row per line, cells split by tabs.

Pure: text in, field dictionaries and per-line errors out; the form then validates each
dictionary with TransferIn like any other input. Column order is that of PASTE_COLUMNS, the
order a bank's transaction list is usually copied in. Typed by hand, two or more spaces
separate cells too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fanzha import counterparty
from fanzha.i18n import cases as i18n
from fanzha.i18n import zh_CN
from fanzha.i18n.common import LIST_SEPARATOR
from fanzha.money import InvalidAmount, parse_yuan

PASTE_COLUMNS = i18n.PASTE_COLUMNS
_KEYS = ("at", "amount", "payer_account", "receiving_account", "receiving_name", "receiving_bank")
_CHANNEL_BY_LABEL = {
    label: key for key, label in zh_CN.TRANSFER_CHANNELS.items()
} | i18n.PASTE_CHANNEL_WORDS
_SPLIT = re.compile(r"\t|\s{2,}")  # not commas: "1,234.56" is one amount


@dataclass(frozen=True)
class PastedRow:
    line: int  # 1-based, as the officer counts the pasted lines
    fields: dict[str, object]


def parse_transfers(text: str) -> tuple[list[PastedRow], list[tuple[int, str]]]:
    """Rows with their fields, and (line, message) for each line that cannot be read. A header
    line copied along with the data is skipped."""
    rows: list[PastedRow] = []
    errors: list[tuple[int, str]] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        if not raw.strip():
            continue
        cells = [c.strip() for c in _SPLIT.split(raw.strip())]
        if cells[0] in i18n.PASTE_HEADER_WORDS:
            continue
        if len(cells) < 4:
            errors.append((number, i18n.PASTE_PROBLEMS["too_few_columns"]))
            continue
        fields: dict[str, object] = dict(zip(_KEYS, cells, strict=False))
        # A payer column copied as `/` or `6222****1234` names nobody: no account, not an error.
        if not counterparty.classify(fields.get("payer_account", "")).is_identifier:
            fields["payer_account"] = ""
        try:
            fields["amount_fen"] = parse_yuan(str(fields.pop("amount")))
        except InvalidAmount as exc:
            errors.append((number, str(exc)))
            continue
        channel = cells[6] if len(cells) > 6 else ""
        if channel:
            if channel not in _CHANNEL_BY_LABEL:
                choices = LIST_SEPARATOR.join(zh_CN.TRANSFER_CHANNELS.values())
                errors.append((number, i18n.PASTE_PROBLEMS["channel"].format(choices=choices)))
                continue
            fields["channel"] = _CHANNEL_BY_LABEL[channel]
        rows.append(PastedRow(number, fields))
    return rows, errors
