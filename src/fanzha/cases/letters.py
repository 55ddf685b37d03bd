"""Letters to banks: the 紧急止付 notice for each bank as a PDF (the CJK font embedded, so it
prints the same on any machine) and the same accounts as an Excel sheet for the bank's
batch interface. Built from plain data; no database here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from fanzha import clock, excel
from fanzha.i18n import cases as i18n
from fanzha.liaison import letters as liaison_letters
from fanzha.money import format_yuan

# The font and the page layout are the 协查 letter's (fanzha.liaison.letters), shared with the
# transfer of a warning to another city's center.
FontMissing = liaison_letters.FontMissing
find_font = liaison_letters.find_font


@dataclass(frozen=True)
class LetterLine:
    account: str
    account_name: str
    bank: str
    branch_city: str
    amount_fen: int  # what the victim paid into the account
    starts_at: datetime
    expires_at: datetime
    terms: int


@dataclass(frozen=True)
class Letter:
    case_no: str
    fraud_type: str
    unit_name: str
    officer: str
    issued_at: datetime
    lines: list[LetterLine]


def by_bank(letter: Letter) -> dict[str, list[LetterLine]]:
    groups: dict[str, list[LetterLine]] = defaultdict(list)
    for line in letter.lines:
        groups[line.bank or i18n.LETTER["no_bank"]].append(line)
    return dict(groups)


def stop_payment_pdf(letter: Letter, font: tuple[str, int]) -> bytes:
    """One 紧急止付通知书 per bank, each on its own page."""
    pages = []
    for number, (bank, lines) in enumerate(by_bank(letter).items(), start=1):
        first = min(line.starts_at for line in lines)
        last = max(line.expires_at for line in lines)
        rows = [
            [
                str(i),
                line.account,
                line.account_name,
                line.branch_city or i18n.LETTER["home_city"],
                format_yuan(line.amount_fen),
                clock.local(line.expires_at) + (i18n.LETTER["renewed"] if line.terms > 1 else ""),
            ]
            for i, line in enumerate(lines, start=1)
        ]
        pages.append(
            liaison_letters.Page(
                title=i18n.LETTER["title"],
                reference=f"{letter.case_no}-ZF{number:02d}",
                addressee=i18n.LETTER["addressee"].format(bank=bank),
                body=i18n.LETTER["body"].format(
                    case_no=letter.case_no,
                    fraud_type=letter.fraud_type,
                    first=clock.local(first),
                    last=clock.local(last),
                ),
                signer=letter.unit_name,
                issued_at=letter.issued_at,
                officer=letter.officer,
                table=liaison_letters.Table(i18n.LETTER_TABLE, (10, 52, 34, 22, 30, 32), rows),
            )
        )
    title = i18n.LETTER["pdf_title"].format(case_no=letter.case_no)
    return liaison_letters.pdf(pages, title=title, font=font)


EXCEL_COLUMNS = i18n.LETTER_EXCEL_COLUMNS


def stop_payment_workbook(letter: Letter) -> bytes:
    rows = [
        [
            i,
            letter.case_no,
            line.account,
            line.account_name,
            line.bank,
            line.branch_city or i18n.LETTER["home_city"],
            excel.Yuan(line.amount_fen),
            clock.local(line.starts_at),
            clock.local(line.expires_at),
            line.terms,
        ]
        for i, line in enumerate(letter.lines, start=1)
    ]
    widths = [6, 22, 24, 16, 28, 10, 16, 18, 18, 8]
    return liaison_letters.workbook(i18n.LETTER["sheet"], EXCEL_COLUMNS, rows, widths)
