"""The letter of a 协查: pages with a title, a reference, the addressee, the request, a table
and the signing unit, as a PDF (the CJK font embedded, so it prints the same on any machine),
and the same rows as an Excel sheet for the other side's systems. Built from plain data; no
database here. The stop-payment notice to banks and the transfer of a warning to another
city's center are both written through it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from fanzha import clock, excel
from fanzha.i18n import liaison as i18n

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
class Table:
    headings: Sequence[str]
    widths: Sequence[float]  # millimetres
    rows: list[list[str]]


@dataclass(frozen=True)
class Page:
    """One letter on its own page."""

    title: str
    reference: str  # the letter's number, top right
    addressee: str  # "江西省公安厅反诈中心："
    body: str  # the request, one paragraph
    signer: str  # the unit that sends it
    issued_at: datetime
    officer: str
    table: Table | None = None
    after: list[str] = field(default_factory=list)  # paragraphs below the table


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
    """The CJK font to embed: `configured` when it exists, else a common one. FontMissing."""
    for path in (configured, *FONT_CANDIDATES):
        if path and Path(path).is_file():
            return _face(path)
    raise FontMissing(i18n.LETTER["font_missing"])


def pdf(pages: Sequence[Page], *, title: str, font: tuple[str, int]) -> bytes:
    """The pages as one PDF document."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    document = FPDF(format="A4")
    document.set_auto_page_break(auto=True, margin=18)
    path, index = font
    document.add_font("cjk", fname=path, collection_font_number=index)
    document.set_title(title)
    line = {"new_x": "LMARGIN", "new_y": "NEXT"}
    for page in pages:
        document.add_page()
        document.set_font("cjk", size=18)
        document.cell(0, 12, page.title, align="C", **line)
        document.set_font("cjk", size=10)
        document.cell(0, 7, page.reference, align="R", **line)
        document.set_font("cjk", size=12)
        document.cell(0, 9, page.addressee, **line)
        document.multi_cell(0, 7, page.body, **line)
        if page.table is not None:
            document.ln(3)
            document.set_font("cjk", size=9)
            plain_header = FontFace(emphasis="", fill_color=(235, 235, 235))
            with document.table(
                col_widths=tuple(page.table.widths),
                text_align="CENTER",
                line_height=6,
                headings_style=plain_header,
            ) as table:
                table.row(list(page.table.headings))
                for row in page.table.rows:
                    table.row([str(cell) for cell in row])
        document.set_font("cjk", size=12)
        for paragraph in page.after:
            document.ln(2)
            document.multi_cell(0, 7, paragraph, **line)
        document.ln(8)
        document.cell(0, 8, page.signer, align="R", **line)
        document.cell(
            0, 8, clock.local(page.issued_at, i18n.LETTER["date_format"]), align="R", **line
        )
        document.set_font("cjk", size=10)
        document.cell(0, 7, i18n.LETTER["officer"].format(officer=page.officer), **line)
    out = BytesIO()
    document.output(out)
    return out.getvalue()


def workbook(sheet: str, headings: Sequence[str], rows: list[list], widths: list[int]) -> bytes:
    """The letter's rows as an Excel sheet."""
    return excel.workbook_from_rows(sheet, list(headings), rows, widths)
