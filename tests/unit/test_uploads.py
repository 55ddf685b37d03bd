"""Upload limits without a database: counting CSV fields in place, and the request-body cap
that stops reading at the limit."""

from __future__ import annotations

import asyncio
import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanzha.config import get_settings
from fanzha.uploads import MIB, TooLarge, csv_fields
from fanzha.web.limits import FORM_OVERHEAD, BodyLimitMiddleware

# Any text a cell can hold on one line: commas, quotes, tabs, Chinese.
cells = st.text(st.sampled_from(list('ab,"\t 甲乙1')), max_size=8)


@given(st.lists(cells, min_size=1, max_size=30), st.sampled_from([",", "\t"]))
def test_fields_are_counted_as_the_csv_module_splits_them(row, delimiter):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerow(row)
    line = out.getvalue().rstrip("\n")
    assert len(next(csv.reader([line], delimiter=delimiter))) == len(row)
    assert csv_fields(line, delimiter) == len(row)
    assert csv_fields(line.encode(), delimiter.encode()) == len(row)


def _post(path: str, chunk: bytes, chunks: int, headers: list | None = None) -> list[int]:
    """Offer `chunks` chunks of `chunk` through the cap to an app that reads the whole body;
    the list returned (filled in even when the cap refuses) counts the chunks handed over."""
    served: list[int] = []

    async def receive():
        served.append(len(chunk))
        return {"type": "http.request", "body": chunk, "more_body": len(served) < chunks}

    async def app(scope, receive, send):
        while (await receive()).get("more_body"):
            pass

    scope = {"type": "http", "path": path, "headers": headers or []}
    try:
        asyncio.run(BodyLimitMiddleware(app)(scope, receive, None))
    except TooLarge:
        served.append(-1)  # refused
    return served


def test_a_body_is_read_only_up_to_its_routes_limit(monkeypatch):
    monkeypatch.setattr(get_settings(), "upload_excel_mb", 1)
    chunk = b"x" * (64 << 10)
    # 1.25 MiB: under the file limit plus the room for the form's other fields.
    assert _post("/warnings/import", chunk, 20)[-1] != -1
    # 62.5 MiB offered: refused at the chunk that crossed the cap, the rest never read.
    served = _post("/warnings/import", chunk, 1_000)
    assert served[-1] == -1
    assert len(served) - 1 == (MIB + FORM_OVERHEAD) // len(chunk) + 1
    # A statement upload has the statement limit (200 MB by default).
    assert _post("/cases/7/statements", chunk, 100)[-1] != -1
    # A body with a file is told its file is too big; one without (a phone's JSON sync queue)
    # that what it submits is, and to send it in parts.
    for content_type, told in (
        (b"multipart/form-data; boundary=x", "文件超过 1 MB 上限"),
        (b"application/json", "提交的内容超过 1 MB 上限，请分批提交"),
        (None, "提交的内容超过 1 MB 上限"),
    ):
        headers = [(b"content-type", content_type)] if content_type else []
        with pytest.raises(TooLarge, match=told):
            asyncio.run(
                BodyLimitMiddleware(_reader)(
                    {"type": "http", "path": "/x", "headers": headers}, _endless(chunk), None
                )
            )


async def _reader(scope, receive, send):
    while (await receive()).get("more_body"):
        pass


def _endless(chunk: bytes):
    async def receive():
        return {"type": "http.request", "body": chunk, "more_body": True}

    return receive


def test_a_declared_length_over_the_limit_is_refused_before_any_byte_is_read(monkeypatch):
    monkeypatch.setattr(get_settings(), "upload_statement_mb", 0.5)
    spy = []

    async def receive():
        spy.append(1)
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {
        "type": "http",
        "path": "/cases/7/statements",
        "headers": [
            (b"content-type", b"multipart/form-data; boundary=x"),
            (b"content-length", str(600 << 20).encode()),
        ],
    }
    with pytest.raises(TooLarge, match=r"文件超过 0\.5 MB 上限"):
        asyncio.run(BodyLimitMiddleware(_reader)(scope, receive, None))
    assert spy == []
