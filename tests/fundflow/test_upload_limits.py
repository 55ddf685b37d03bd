"""Upload limits on statement files and Excel imports: refused before parsing, with the limit
named, and nothing stored."""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from fanzha.access import Principal
from fanzha.config import get_settings
from fanzha.demo import statement_files as files
from fanzha.fundflow import imports
from fanzha.fundflow.models import ImportStatus, StatementImport
from fanzha.uploads import TooLarge
from tests.fundflow.test_statements import FIRST, FIRST_LINES, imported, report, rows_of, upload
from tests.helpers import csrf_token, login

pytestmark = pytest.mark.usefixtures("city")

HEADER = "本方账号,交易时间,交易金额,借贷标志,交易方账号\n"
ROW = "6217001111222233334,2026-09-16 10:00:00,100.00,贷,6222020200112233445\n"


def stored(session) -> int:
    return session.scalar(select(func.count()).select_from(StatementImport))


def wide_csv(columns: int) -> bytes:
    head = ",".join(f"列{i}" for i in range(columns))
    return (head + "\n" + ",".join("1" for _ in range(columns)) + "\n").encode()


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def without_dimensions(content: bytes) -> bytes:
    """The same workbook with no <dimension> in its sheets, as some exporters write it: its
    size is known only by reading it."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension [^>]*/>", b"", data)
            target.writestr(item, data)
    return out.getvalue()


def test_a_csv_a_million_columns_wide_is_refused_at_once_and_not_stored(client, session):
    login(client, "duty")
    case = report(session)
    content = wide_csv(1_000_001)
    before = stored(session)
    response = upload(client, case, "宽表.csv", content)
    assert response.status_code == 200
    assert "列数 1000001 超过上限 200 列" in response.text
    assert stored(session) == before


def test_the_width_is_read_off_the_bytes_without_splitting_the_row(session):
    content = wide_csv(1_000_001)
    case = report(session)
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge, match="列数 1000001 超过上限 200 列"):
            imports.start_import(
                session, Principal.system(), case=case, filename="宽表.csv", content=content
            )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # A million fields as Python strings take tens of MB; the file itself is 10 MB.
    assert peak < len(content) // 10


def test_a_file_over_the_byte_limit_is_refused_before_it_is_read(client, session, monkeypatch):
    monkeypatch.setattr(get_settings(), "upload_statement_mb", 0.25)
    login(client, "duty")
    case = report(session)
    session.commit()  # the refused request rolls its transaction back
    content = (HEADER + ROW * 20_000).encode()  # 1.6 MB: over the file limit and the form room
    before = stored(session)
    response = upload(client, case, "大.csv", content)
    assert response.status_code == 413
    assert "文件超过 0.25 MB 上限" in response.text
    # Under the request cap (the form's room) but over the file limit: refused by the service.
    response = upload(client, case, "大.csv", (HEADER + ROW * 5_000).encode())
    assert "文件超过 0.25 MB 上限" in response.text
    assert stored(session) == before


def test_rows_over_the_limit_are_refused_whatever_the_format(client, session, monkeypatch):
    monkeypatch.setattr(get_settings(), "upload_max_rows", 5)
    login(client, "duty")
    case = report(session)
    before = stored(session)
    response = upload(client, case, "长.csv", (HEADER + ROW * 9).encode())
    assert "行数 10 超过上限 5 行" in response.text
    lines = files.bank_debit_credit_xlsx(FIRST_LINES * 3)
    assert "超过上限 5 行" in upload(client, case, "长.xlsx", lines).text
    xls = files.bank_signed_xls(FIRST_LINES * 3)
    assert "超过上限 5 行" in upload(client, case, "长.xls", xls).text
    assert stored(session) == before
    # No declared size: counted as the rows stream, the import fails at the row over it.
    record = imported(session, upload(client, case, "长.xlsx", without_dimensions(lines)))
    assert record.status is ImportStatus.failed
    assert "行数 6 超过上限 5 行" in record.errors[-1]["message"]
    assert rows_of(session, FIRST) == []


def test_columns_over_the_limit_are_refused_in_xlsx_and_xls(client, session, monkeypatch):
    login(client, "duty")
    case = report(session)
    before = stored(session)
    wide = xlsx([[f"列{i}" for i in range(250)], list(range(250))])
    assert "列数 250 超过上限 200 列" in upload(client, case, "宽.xlsx", wide).text
    response = upload(client, case, "宽.xlsx", without_dimensions(wide))
    assert "列数 250 超过上限 200 列" in response.text
    monkeypatch.setattr(get_settings(), "upload_max_columns", 5)
    response = upload(client, case, "宽.xls", files.bank_signed_xls(FIRST_LINES))
    assert re.search(r"列数 \d+ 超过上限 5 列", response.text)
    assert stored(session) == before


def test_an_absurd_header_or_cell_is_refused_with_the_limit(client, session):
    login(client, "duty")
    case = report(session)
    before = stored(session)
    header = "本方账号,交易时间,交易金额,借贷标志," + "说" * 300 + "\n"
    response = upload(client, case, "长表头.csv", (header + ROW).encode())
    assert "表头第 5 列超过 200 个字符上限" in response.text
    assert stored(session) == before
    # csv's own field limit, met in the rows: the import fails naming it, nothing imported.
    huge_cell = HEADER + ROW + ROW.replace("贷,", "贷," + "x" * 200_000 + ",", 1)
    record = imported(session, upload(client, case, "长单元格.csv", huge_cell.encode()))
    assert record.status is ImportStatus.failed
    assert record.errors[-1]["message"] == "第 3 行有单元格超过 131072 个字符上限"
    assert rows_of(session, FIRST) == []


def test_excel_imports_have_the_limits_too(client, session, monkeypatch):
    login(client, "duty")
    wide = xlsx([[f"列{i}" for i in range(250)]])
    response = client.post(
        "/warnings/import",
        data={"csrf_token": csrf_token(client)},
        files={"file": ("预警导出.xlsx", wide)},
    )
    assert response.status_code == 413
    assert "列数 250 超过上限 200 列" in response.text
    monkeypatch.setattr(get_settings(), "upload_excel_mb", 0.001)
    response = client.post(
        "/warnings/import",
        data={"csrf_token": csrf_token(client)},
        files={"file": ("预警导出.xlsx", wide)},
    )
    assert response.status_code == 413
    assert "文件超过 0.001 MB 上限" in response.text


@pytest.mark.parametrize(
    "content",
    [
        # A NUL in an unknown layout's header (kept as JSON for the mapping page) was a 500.
        "列A,列\x00B,列C\n1,2,3\n",
        # ...and in a known layout's rows, stored as text.
        HEADER + ROW.replace("贷", "贷\x00").replace("6222020200112233445", "62220\x0102001"),
    ],
)
def test_control_characters_in_a_statement_are_dropped_not_a_500(client, session, content):
    case = report(session)
    login(client, "duty")
    response = upload(client, case, "nul.csv", content.encode())
    record = imported(session, response)
    assert "\x00" not in str(record.pending) and record.status != ImportStatus.failed
