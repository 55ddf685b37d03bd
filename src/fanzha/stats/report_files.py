"""A stored report as files: an Excel workbook (numbers stay numbers: counts, yuan with two
decimals, percentages as fractions with a % format) and a PDF (the CJK font embedded, the
trend charts drawn server-side by matplotlib). Built from the report's frozen content only,
so a file made today shows what was submitted. No database here.

The content is the JSON `fanzha.stats.reports.snapshot` writes: `figures` (one per headline
indicator: value, previous, year_earlier, mom_pct, yoy_pct; fractions for percentages),
`ranking` (the child units by one indicator) and `trend` (points per indicator).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any

from fanzha import excel
from fanzha.i18n import reports as i18n
from fanzha.liaison.letters import find_font
from fanzha.money import format_yuan

T = i18n.TEXT
PERCENT_FORMAT = "0.0%"
COUNT_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0"


@dataclass(frozen=True)
class Document:
    """What a file shows: the frozen content and the words around it."""

    title: str
    version_label: str
    status_label: str
    content: Mapping[str, Any]
    notable: str
    generated_line: str
    submitted_line: str = ""
    differences: Sequence[Mapping[str, Any]] = ()
    restated_from: str = ""  # "第1版" when this is a restatement


# --- values ----------------------------------------------------------------------------------


def cell_value(value: Any, fmt: str) -> tuple[Any, str | None]:
    """A figure as an Excel cell value and number format; None (no data) is "—" as text."""
    if value is None:
        return T["missing"], None
    if fmt == "money":
        return Decimal(int(value)).scaleb(-2), excel.YUAN_FORMAT
    if fmt == "rate":
        return float(value), PERCENT_FORMAT
    if fmt == "count":
        return int(value), COUNT_FORMAT
    if fmt == "per_10k":
        return float(value), "#,##0.00"
    return float(value), DECIMAL_FORMAT


def text_value(value: Any, fmt: str) -> str:
    """A figure as text for the page and the PDF."""
    if value is None:
        return T["missing"]
    if fmt == "money":
        return format_yuan(int(value))
    if fmt == "rate":
        return f"{float(value) * 100:.1f}%"
    if fmt == "count":
        return f"{int(value):,}"
    if fmt == "per_10k":
        return f"{float(value):,.2f}"
    return f"{float(value):,.1f}"


def rank_text(item: Mapping[str, Any]) -> str:
    """A child unit's place: "2", "2（并列）" when tied, "—" without a value."""
    if item.get("rank") is None:
        return T["missing"]
    return T["tied"].format(rank=item["rank"]) if item.get("tied") else str(item["rank"])


def change_text(fraction: float | None) -> str:
    """A 同比/环比 change as "+12.3%" / "−4.0%", or "—" when there is nothing to compare."""
    if fraction is None:
        return T["missing"]
    sign = "+" if fraction > 0 else ("−" if fraction < 0 else "")
    return f"{sign}{abs(fraction) * 100:.1f}%"


# --- Excel -----------------------------------------------------------------------------------


def _header(ws, row: int, headers: Sequence[str]) -> None:
    excel.header_row(ws, row, headers)


def _put(ws, row: int, column: int, value: Any, fmt: str) -> None:
    shown, number_format = cell_value(value, fmt)
    cell = excel.put(ws, row, column, shown)
    if number_format:
        cell.number_format = number_format
    else:
        excel.align(cell, right=True)


def _change(ws, row: int, column: int, fraction: float | None) -> None:
    _put(ws, row, column, fraction, "rate")


def workbook(doc: Document) -> bytes:
    """The report as .xlsx: 主要指标 (with 同比/环比), 下级单位排名, 趋势, 典型案例."""
    wb, ws = excel.new_workbook(i18n.SHEETS["headline"])
    excel.emphasise(
        excel.put(ws, 1, 1, f"{doc.title}（{doc.version_label}，{doc.status_label}）"), 14
    )
    excel.put(ws, 2, 1, doc.generated_line)
    if doc.submitted_line:
        excel.put(ws, 2, 4, doc.submitted_line)
    headers = [T[k] for k in ("indicator", "value", "previous", "mom", "year_earlier", "yoy")]
    _header(ws, 4, [*headers, T["definition"]])
    for row, figure in enumerate(doc.content.get("figures", []), start=5):
        fmt = figure["format"]
        excel.put(ws, row, 1, figure["name"])
        _put(ws, row, 2, figure["value"], fmt)
        _put(ws, row, 3, figure["previous"], fmt)
        _change(ws, row, 4, figure["mom_pct"])
        _put(ws, row, 5, figure["year_earlier"], fmt)
        _change(ws, row, 6, figure["yoy_pct"])
        excel.put(ws, row, 7, figure.get("definition", ""))
    _widths(ws, [26, 16, 16, 10, 16, 10, 60])
    row = 6 + len(doc.content.get("figures", []))
    for note in doc.content.get("notes", []):
        excel.put(ws, row, 1, note)
        row += 1
    if doc.differences:
        row += 1
        excel.emphasise(excel.put(ws, row, 1, T["differences"].format(version=doc.restated_from)))
        _header(ws, row + 1, [T["indicator"], T["old"], T["new"]])
        for offset, diff in enumerate(doc.differences, start=row + 2):
            excel.put(ws, offset, 1, diff["name"])
            _put(ws, offset, 2, diff["old"], diff["format"])
            _put(ws, offset, 3, diff["new"], diff["format"])
    ws.freeze_panes = "A5"

    ranking = doc.content.get("ranking") or {}
    ws = excel.add_sheet(wb, i18n.SHEETS["ranking"])
    if ranking:
        excel.emphasise(excel.put(ws, 1, 1, T["ranking_of"].format(name=ranking["name"])))
        _header(ws, 2, [T["rank"], T["unit"], T["value"], T["per_10k"], T["small"], T["tied_mark"]])
        for row, item in enumerate(ranking["rows"], start=3):
            excel.put(ws, row, 1, item["rank"] if item.get("rank") is not None else T["missing"])
            excel.put(ws, row, 2, item["unit"])
            _put(ws, row, 3, item["value"], ranking["format"])
            _put(ws, row, 4, item.get("per_10k"), "per_10k")
            excel.put(ws, row, 5, T["small"] if item.get("small") else "")
            excel.put(ws, row, 6, T["tied_mark"] if item.get("tied") else "")
    _widths(ws, [8, 24, 16, 12, 10, 8])

    ws = excel.add_sheet(wb, i18n.SHEETS["trend"])
    series = doc.content.get("trend", [])
    if series:
        labels = [label for label, _ in series[0]["points"]]
        _header(ws, 1, [T["period"], *[s["name"] for s in series]])
        for row, label in enumerate(labels, start=2):
            excel.put(ws, row, 1, label)
            for column, one in enumerate(series, start=2):
                _put(ws, row, column, one["points"][row - 2][1], one["format"])
    _widths(ws, [12] + [18] * len(series))

    ws = excel.add_sheet(wb, i18n.SHEETS["notable"])
    excel.emphasise(excel.put(ws, 1, 1, T["notable"]))
    cell = excel.put(ws, 2, 1, doc.notable or T["notable_empty"])
    excel.align(cell, wrap=True)
    ws.column_dimensions["A"].width = 100
    return excel.save(wb)


def _widths(ws, widths: Sequence[int]) -> None:
    excel.column_widths(ws, widths)


# --- charts and PDF --------------------------------------------------------------------------


CHART_WIDTH_IN, CHART_HEIGHT_IN = 7.2, 2.3  # the figure's width, and height per indicator


def chart_png(series: Sequence[Mapping[str, Any]], font_path: str) -> bytes:
    """The indicators' trends as one PNG (matplotlib, no display), a line chart per indicator
    stacked in one figure (one render, not one per chart), Chinese titles and labels drawn in
    the embedded CJK font."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    font = font_manager.FontProperties(fname=font_path, size=9)
    figure = Figure(figsize=(CHART_WIDTH_IN, CHART_HEIGHT_IN * len(series)), dpi=150)
    for axes, one in zip(figure.subplots(len(series), squeeze=False)[:, 0], series, strict=True):
        _trend_axes(matplotlib, axes, one, font)
    figure.tight_layout()
    out = BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _trend_axes(matplotlib, axes, series: Mapping[str, Any], font) -> None:
    labels = [label for label, _ in series["points"]]
    scale = 100.0 if series["format"] == "money" else 1.0  # fen → yuan on the axis
    shown = [None if v is None else float(v) / scale for _, v in series["points"]]
    xs = range(len(labels))
    axes.plot(
        [x for x, v in zip(xs, shown, strict=True) if v is not None],
        [v for v in shown if v is not None],
        marker="o",
        color="#1f5fbf",
        linewidth=1.6,
        markersize=3,
    )
    axes.set_xticks(list(xs), labels, fontproperties=font, rotation=0)
    axes.set_title(f"{series['name']}　{T['trend']}", fontproperties=font)
    if series["format"] == "rate":
        axes.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(xmax=1.0))
    if series["format"] == "count":
        axes.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    if series["format"] == "money":  # yuan as 12,000,000, never matplotlib's "1e7" offset
        axes.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    axes.set_ylim(bottom=0)  # counts, money and rates are never negative
    axes.grid(axis="y", alpha=0.3)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def pdf(doc: Document, font: tuple[str, int] | None = None) -> bytes:
    """The report as a PDF: title, headline figures with 环比/同比, the ranking of child units,
    the trend charts and the notable cases. Raises letters.FontMissing without a CJK font."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    path, index = font or find_font()
    document = FPDF(format="A4")
    document.set_auto_page_break(auto=True, margin=16)
    document.add_font("cjk", fname=path, collection_font_number=index)
    document.set_title(doc.title)
    line = {"new_x": "LMARGIN", "new_y": "NEXT"}
    header = FontFace(emphasis="", fill_color=(232, 238, 247))
    document.add_page()
    document.set_font("cjk", size=17)
    document.cell(0, 11, doc.title, align="C", **line)
    document.set_font("cjk", size=9)
    document.cell(0, 6, f"{doc.version_label}　{doc.status_label}", align="C", **line)
    document.cell(0, 5, doc.generated_line, align="R", **line)
    if doc.submitted_line:
        document.cell(0, 5, doc.submitted_line, align="R", **line)
    for note in doc.content.get("notes", []):
        document.multi_cell(0, 5, note, **line)  # a long note wraps, never runs off the page

    _heading(document, T["headline"], line)
    document.set_font("cjk", size=9)
    with document.table(
        col_widths=(52, 28, 28, 18, 28, 18),
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        line_height=6,
        headings_style=header,
    ) as table:
        table.row([T[k] for k in ("indicator", "value", "previous", "mom", "year_earlier", "yoy")])
        for figure in doc.content.get("figures", []):
            fmt = figure["format"]
            table.row(
                [
                    figure["name"],
                    text_value(figure["value"], fmt),
                    text_value(figure["previous"], fmt),
                    change_text(figure["mom_pct"]),
                    text_value(figure["year_earlier"], fmt),
                    change_text(figure["yoy_pct"]),
                ]
            )

    if doc.differences:
        _heading(document, T["differences"].format(version=doc.restated_from), line)
        document.set_font("cjk", size=9)
        with document.table(col_widths=(80, 45, 45), line_height=6, headings_style=header) as table:
            table.row([T["indicator"], T["old"], T["new"]])
            for diff in doc.differences:
                table.row(
                    [
                        diff["name"],
                        text_value(diff["old"], diff["format"]),
                        text_value(diff["new"], diff["format"]),
                    ]
                )

    ranking = doc.content.get("ranking") or {}
    if ranking.get("rows"):
        _heading(document, T["ranking_of"].format(name=ranking["name"]), line)
        document.set_font("cjk", size=9)
        with document.table(
            col_widths=(16, 70, 40, 30, 24),
            text_align=("CENTER", "LEFT", "RIGHT", "RIGHT", "CENTER"),
            line_height=6,
            headings_style=header,
        ) as table:
            table.row([T["rank"], T["unit"], T["value"], T["per_10k"], T["small"]])
            for item in ranking["rows"]:
                table.row(
                    [
                        rank_text(item),
                        item["unit"],
                        text_value(item["value"], ranking["format"]),
                        text_value(item.get("per_10k"), "per_10k"),
                        T["small"] if item.get("small") else "",
                    ]
                )

    series = [s for s in doc.content.get("trend", []) if s.get("points")]
    if series:
        height = document.epw * CHART_HEIGHT_IN * len(series) / CHART_WIDTH_IN
        if document.get_y() + 11 + height > document.page_break_trigger:
            document.add_page()  # the heading goes with its charts, not alone at a page foot
        _heading(document, T["trend"], line)
        document.image(BytesIO(chart_png(series, path)), w=document.epw)

    _heading(document, T["notable"], line)
    document.set_font("cjk", size=10)
    # Left-aligned: justifying stretched a line of Latin words (a pasted "=CMD| /C") across
    # the page; Chinese lines fill the width anyway.
    document.multi_cell(0, 6, doc.notable or T["notable_empty"], align="L", **line)
    out = BytesIO()
    document.output(out)
    return out.getvalue()


def _heading(document, text: str, line: Mapping[str, str]) -> None:
    document.ln(3)
    document.set_font("cjk", size=12)
    document.cell(0, 8, text, **line)
