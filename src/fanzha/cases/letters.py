"""Letters to banks: the 紧急止付 notice for each bank as a PDF (the CJK font embedded, so it
prints the same on any machine) and the same accounts as an Excel sheet for the bank's
batch interface. Built from plain data; no database here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from fanzha import clock, excel
from fanzha.i18n import cases as i18n
from fanzha.money import format_yuan

# Debian's fonts-noto-cjk first, then other common CJK fonts; FANZHA_PDF_FONT overrides.
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


class FontMissing(RuntimeError):
    """No CJK font on the server: PDF letters cannot be made (Excel still can)."""


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


@lru_cache(maxsize=4)
def _face(path: str) -> tuple[str, int]:
    """The font file and, in a collection, the index of its Simplified Chinese face."""
    from fontTools.ttLib import TTCollection

    if not path.lower().endswith(".ttc"):
        return path, 0
    for index, font in enumerate(TTCollection(path).fonts):
        family = str(font["name"].getDebugName(1) or "")
        if family.endswith(" SC") or "Micro Hei" in family or "Ming" in family:
            return path, index
    return path, 0


def find_font(configured: str = "") -> tuple[str, int]:
    for path in (configured, *FONT_CANDIDATES):
        if path and Path(path).is_file():
            return _face(path)
    raise FontMissing(i18n.LETTER["font_missing"])


def by_bank(letter: Letter) -> dict[str, list[LetterLine]]:
    groups: dict[str, list[LetterLine]] = defaultdict(list)
    for line in letter.lines:
        groups[line.bank or i18n.LETTER["no_bank"]].append(line)
    return dict(groups)


def stop_payment_pdf(letter: Letter, font: tuple[str, int]) -> bytes:
    """One 紧急止付通知书 per bank, each on its own page."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    path, index = font
    pdf.add_font("cjk", fname=path, collection_font_number=index)
    pdf.set_title(i18n.LETTER["pdf_title"].format(case_no=letter.case_no))
    for number, (bank, lines) in enumerate(by_bank(letter).items(), start=1):
        pdf.add_page()
        pdf.set_font("cjk", size=18)
        pdf.cell(0, 12, i18n.LETTER["title"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=10)
        pdf.cell(0, 7, f"{letter.case_no}-ZF{number:02d}", align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=12)
        pdf.cell(0, 9, i18n.LETTER["addressee"].format(bank=bank), new_x="LMARGIN", new_y="NEXT")
        first = min(line.starts_at for line in lines)
        last = max(line.expires_at for line in lines)
        pdf.multi_cell(
            0,
            7,
            i18n.LETTER["body"].format(
                case_no=letter.case_no,
                fraud_type=letter.fraud_type,
                first=clock.local(first),
                last=clock.local(last),
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(3)
        pdf.set_font("cjk", size=9)
        widths = (10, 52, 34, 22, 30, 32)
        plain_header = FontFace(emphasis="", fill_color=(235, 235, 235))
        with pdf.table(
            col_widths=widths, text_align="CENTER", line_height=6, headings_style=plain_header
        ) as table:
            table.row(list(i18n.LETTER_TABLE))
            for i, line in enumerate(lines, start=1):
                table.row(
                    [
                        str(i),
                        line.account,
                        line.account_name,
                        line.branch_city or i18n.LETTER["home_city"],
                        format_yuan(line.amount_fen),
                        clock.local(line.expires_at)
                        + (i18n.LETTER["renewed"] if line.terms > 1 else ""),
                    ]
                )
        pdf.ln(8)
        pdf.set_font("cjk", size=12)
        pdf.cell(0, 8, letter.unit_name, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(
            0,
            8,
            clock.local(letter.issued_at, i18n.LETTER["date_format"]),
            align="R",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_font("cjk", size=10)
        pdf.cell(
            0,
            7,
            i18n.LETTER["officer"].format(officer=letter.officer),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    out = BytesIO()
    pdf.output(out)
    return out.getvalue()


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
    return excel.workbook_from_rows(i18n.LETTER["sheet"], EXCEL_COLUMNS, rows, widths)
