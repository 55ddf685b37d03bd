"""Excel cells: text stays text whatever it starts with, numbers stay numbers; and no module
writes a sheet except through fanzha.excel."""

from __future__ import annotations

import ast
import io
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from fanzha import excel

SRC = Path(excel.__file__).parent


def read_back(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows()]


@given(
    st.one_of(
        st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
        st.sampled_from(["=", "+", "-", "@", "\t", "\r", "#"]).flatmap(
            lambda start: st.text(max_size=20).map(lambda rest: start + rest)
        ),
    )
)
# Building the character table is slow on the first draw, not the test.
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_comes_back_as_the_same_text(value):
    # openpyxl escapes what XML cannot carry; what it keeps must be the text we wrote.
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    assume(value)
    [[(got, kind)]] = read_back(excel.plain_workbook([("表", [[value]])]))
    # XML turns a lone carriage return into a line feed; nothing else may change.
    assert (got, kind) == (value.replace("\r\n", "\n").replace("\r", "\n"), "s")


@given(st.sampled_from(excel.FORMULA_STARTS), st.text(max_size=20))
def test_formula_like_text_is_recognised(start, rest):
    assert excel.is_formula_like(start + rest)


@given(st.text(max_size=20).filter(lambda t: not t.startswith(excel.FORMULA_STARTS)))
def test_other_text_is_not(text):
    assert not excel.is_formula_like(text)


def test_numbers_dates_and_blanks_keep_their_type():
    content = excel.workbook_from_rows(
        "表", ["金额", "日期", "空", "文本"], [[-1200, date(2026, 11, 30), None, "-1200"]]
    )
    [_, [amount, day, blank, text]] = read_back(content)
    assert amount == (-1200, "n")
    assert day[1] == "d"
    assert blank == (None, "n")
    assert text == ("-1200", "s")


def test_templates_and_exports_store_formula_text_as_text():
    content = excel.workbook_from_rows("表", ["=SUM(A1)"], [["@cmd", "+1", "=1+1"]])
    rows = read_back(content)
    assert rows[0][0] == ("=SUM(A1)", "s")
    assert rows[1] == [("@cmd", "s"), ("+1", "s"), ("=1+1", "s")]


# What may be imported from openpyxl outside fanzha/excel.py: ways to read a workbook, and the
# constant that says a workbook counts its dates from 1904 (Excel for Mac).
_READERS = frozenset({"load_workbook", "read_dimension", "CALENDAR_MAC_1904"})


def _writes_sheets(path: Path) -> list[str]:
    """How `path` writes a workbook by itself: openpyxl's Workbook, or a cell's value set."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("openpyxl"):
            found += [
                f"imports {a.name} from {node.module}" for a in node.names if a.name not in _READERS
            ]
        elif isinstance(node, ast.Import):
            found += [f"imports {a.name}" for a in node.names if a.name.startswith("openpyxl")]
        elif _makes_sheets(node):
            found.append(f"uses .{node.attr} (line {node.lineno})")
    return found


def _makes_sheets(node: ast.AST) -> bool:
    """`openpyxl.Workbook` or any `.create_sheet`; xlwt's Workbook (the demo's .xls bank
    files) writes a string as a label cell, a formula only through xlwt.Formula."""
    if not isinstance(node, ast.Attribute):
        return False
    if node.attr == "create_sheet":
        return True
    return node.attr == "Workbook" and ast.unparse(node.value).startswith("openpyxl")


def test_no_module_writes_a_sheet_except_through_fanzha_excel():
    # The walker reads every module's source: importing anything from openpyxl but
    # load_workbook (reading is fine), or making sheets (.Workbook, .create_sheet) outside
    # fanzha/excel.py would bypass `excel.put`. It misses a sheet written into a workbook
    # that was loaded for reading; none is.
    offenders = {
        str(path.relative_to(SRC)): found
        for path in SRC.rglob("*.py")
        if path.name != "excel.py" or path.parent != SRC
        if (found := _writes_sheets(path))
    }
    assert offenders == {}
