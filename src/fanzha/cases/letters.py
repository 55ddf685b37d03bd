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
    raise FontMissing(
        "服务器未安装中文字体，无法生成 PDF 文书（可下载 Excel）。"
        "请安装 fonts-noto-cjk，或用 FANZHA_PDF_FONT 指定字体文件"
    )


def by_bank(letter: Letter) -> dict[str, list[LetterLine]]:
    groups: dict[str, list[LetterLine]] = defaultdict(list)
    for line in letter.lines:
        groups[line.bank or "（未填开户行）"].append(line)
    return dict(groups)


def stop_payment_pdf(letter: Letter, font: tuple[str, int]) -> bytes:
    """One 紧急止付通知书 per bank, each on its own page."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    path, index = font
    pdf.add_font("cjk", fname=path, collection_font_number=index)
    pdf.set_title(f"紧急止付通知书 {letter.case_no}")
    for number, (bank, lines) in enumerate(by_bank(letter).items(), start=1):
        pdf.add_page()
        pdf.set_font("cjk", size=18)
        pdf.cell(0, 12, "紧急止付通知书", align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=10)
        pdf.cell(0, 7, f"{letter.case_no}-ZF{number:02d}", align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=12)
        pdf.cell(0, 9, f"{bank}：", new_x="LMARGIN", new_y="NEXT")
        first = min(line.starts_at for line in lines)
        last = max(line.expires_at for line in lines)
        pdf.multi_cell(
            0,
            7,
            f"    我单位正在办理 {letter.case_no} 号电信网络诈骗案件（{letter.fraud_type}）。"
            "根据《中华人民共和国反电信网络诈骗法》及电信网络新型违法犯罪案件冻结资金返还的有关"
            f"规定，请对下列账户立即采取紧急止付措施，止付期限四十八小时，自 "
            f"{clock.local(first)} 起至 {clock.local(last)} 止，"
            "并将止付结果及账户余额即时反馈我单位。",
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
            table.row(["序号", "账号", "户名", "开户地", "涉案转入（元）", "止付截止"])
            for i, line in enumerate(lines, start=1):
                table.row(
                    [
                        str(i),
                        line.account,
                        line.account_name,
                        line.branch_city or "本市",
                        format_yuan(line.amount_fen),
                        clock.local(line.expires_at) + ("（续止付）" if line.terms > 1 else ""),
                    ]
                )
        pdf.ln(8)
        pdf.set_font("cjk", size=12)
        pdf.cell(0, 8, letter.unit_name, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(
            0,
            8,
            clock.local(letter.issued_at, "%Y年%m月%d日"),
            align="R",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_font("cjk", size=10)
        pdf.cell(0, 7, f"经办人：{letter.officer}", new_x="LMARGIN", new_y="NEXT")
    out = BytesIO()
    pdf.output(out)
    return out.getvalue()


EXCEL_COLUMNS = (
    "序号",
    "案件编号",
    "收款账号",
    "户名",
    "开户行",
    "开户地",
    "涉案转入金额（元）",
    "止付起始",
    "止付截止",
    "止付次数",
)


def stop_payment_workbook(letter: Letter) -> bytes:
    rows = [
        [
            i,
            letter.case_no,
            line.account,
            line.account_name,
            line.bank,
            line.branch_city or "本市",
            format_yuan(line.amount_fen),
            clock.local(line.starts_at),
            clock.local(line.expires_at),
            line.terms,
        ]
        for i, line in enumerate(letter.lines, start=1)
    ]
    widths = [6, 22, 24, 16, 28, 10, 16, 18, 18, 8]
    return excel.workbook_from_rows("紧急止付账户", EXCEL_COLUMNS, rows, widths)
