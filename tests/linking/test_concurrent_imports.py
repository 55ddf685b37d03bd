"""Two analysts importing overlapping indicator sheets at the same moment, each in its own
committed transaction on this module's own database: they wait for each other, never
deadlock, and every value is on its cases once."""

from __future__ import annotations

import io
import threading

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from fanzha.linking import indicators
from fanzha.linking.models import CaseIndicator, Indicator
from tests.linking.test_linking import SYSTEM, account, new_case

pytestmark = pytest.mark.usefixtures("city")


def _sheet(rows: list[tuple[str, str]]) -> bytes:
    book = Workbook()
    book.active.append(["案件编号", "要素类型", "要素值", "备注"])
    for case_no, value in rows:
        book.active.append([case_no, "微信号", value, ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import_together(engine: Engine, files: list[bytes]) -> list[Exception]:
    """Each file imported in its own thread and transaction, started at the same moment."""
    barrier = threading.Barrier(len(files))
    failures: list[Exception] = []

    def run(content: bytes) -> None:
        try:
            with Session(engine) as session:
                barrier.wait()
                report = indicators.import_indicators(session, SYSTEM, content)
                assert report.errors == []
                session.commit()
        except Exception as exc:  # reported by the test
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(f,)) for f in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def test_overlapping_indicator_imports_in_reverse_order_never_deadlock(engine: Engine):
    with Session(engine) as setup:
        case_nos = [new_case(setup, account(900 + n)).case_no for n in range(6)]
        setup.commit()
    for round_ in range(8):
        # Case n gets values n and n+1: neighbours share one, so the two files, in opposite
        # orders, each need a value the other has just attached.
        rows = [(no, f"wxid_r{round_}_{n + k}") for n, no in enumerate(case_nos) for k in (0, 1)]
        failures = _import_together(engine, [_sheet(rows), _sheet(rows[::-1])])
        assert failures == [], f"round {round_}: {failures[0]!r}"
        with Session(engine) as check:
            edges = check.scalar(
                select(func.count())
                .select_from(CaseIndicator)
                .join(Indicator, Indicator.id == CaseIndicator.indicator_id)
                .where(Indicator.value.like(f"wxid_r{round_}_%"))
            )
        assert edges == len(rows)
