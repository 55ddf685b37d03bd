"""Excel import of a platform export: template, the good rows received and each bad row
reported, idempotent."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from fanzha.warnings.importer import COLUMNS
from fanzha.warnings.models import Grade, Warning, WarningSource
from tests.helpers import audit_entries, csrf_token, login
from tests.warnings.factories import address_in

pytestmark = pytest.mark.usefixtures("city")
HEADER = [c.header for c in COLUMNS]


def sheet(rows: list[dict[str, object]]) -> bytes:
    """A platform export: the template's headers, cells given by header."""
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append([row.get(h, "") for h in HEADER])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def row(number: int, **cells: object) -> dict[str, object]:
    return {
        "预警来源": "省级平台",
        "预警编号": f"JS-2026-{number:06d}",
        "下发时间": "2026/11/23 14:05",
        "姓名": "陈桂兰",
        "手机号": f"1390000{number:04d}",
        "诈骗类型": "虚假网络投资理财",
        "涉诈电话": "17012345678",
        "涉及金额（元）": "5.2万",
        **cells,
    }


def upload(client, content: bytes):
    return client.post(
        "/warnings/import",
        data={"csrf_token": csrf_token(client)},
        files={"file": ("预警导出.xlsx", content)},
    )


def stored(session) -> int:
    return session.scalar(select(func.count()).select_from(Warning))


def test_the_template_has_the_headers_and_drop_downs(client):
    login(client, "duty")
    response = client.get("/warnings/import/template")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb.worksheets[0][1]] == HEADER
    formulas = " ".join(dv.formula1 for dv in wb.worksheets[0].data_validations.dataValidation)
    assert "省级平台" in formulas and "刷单返利" in formulas


def test_an_export_is_received_graded_and_routed_like_the_api(client, session):
    login(client, "duty")
    address = address_in(session)
    content = sheet(
        [
            row(1, 住址=address, 资金正在转出="是"),
            row(2, 下发时间="2026年11月23日 09时30分", **{"涉及金额（元）": ""}),
        ]
    )
    before = stored(session)
    response = upload(client, content)
    assert response.status_code == 200, response.text
    assert "已导入 2 行预警：新增 2 条" in response.text
    assert stored(session) == before + 2
    first = session.scalars(select(Warning).where(Warning.external_id == "JS-2026-000001")).one()
    assert first.source == WarningSource.province
    assert first.grade == Grade.urgent  # money is moving now
    assert first.routed and first.grid_id is not None
    assert first.amount_fen == 5_200_000
    assert first.person_phone == "+8613900000001"
    second = session.scalars(select(Warning).where(Warning.external_id == "JS-2026-000002")).one()
    assert second.issued_at.hour == 1 and second.issued_at.minute == 30  # 09:30 Shanghai in UTC
    assert audit_entries(session, "warning.import")[-1].detail["created"] == 2


def test_importing_the_same_export_twice_adds_nothing(client, session):
    login(client, "duty")
    content = sheet([row(11), row(12), row(13)])
    assert upload(client, content).status_code == 200
    before = stored(session)
    again = upload(client, content)
    assert again.status_code == 200
    assert "新增 0 条，此前已接收 3 条" in again.text
    assert stored(session) == before


def test_bad_rows_are_listed_with_their_row_number_and_the_good_ones_received(client, session):
    login(client, "duty")
    content = sheet(
        [
            row(21),
            row(22, 手机号="1234"),
            row(23, 下发时间="昨天下午"),
            row(24, **{"涉及金额（元）": "五千"}),
            row(25, 资金正在转出="可能"),
            row(21),
            row(26, 手机号="", 身份证号="", 住址=""),
            row(27, 预警来源="微博"),
            row(28, 涉诈APP="", 备注=""),  # optional cells left empty: a good row
        ]
    )
    before = stored(session)
    response = upload(client, content)
    assert response.status_code == 200
    text = response.text
    assert "已导入 2 行预警：新增 2 条，此前已接收 0 条" in text
    assert "另有 7 行有误，未导入" in text
    for number in (3, 4, 5, 6, 7, 8, 9):
        assert f"<td>第 {number} 行</td>" in text
    assert "<td>第 2 行</td>" not in text and "<td>第 10 行</td>" not in text
    assert "无法识别的时间：昨天下午" in text
    assert text.count("<td>第 4 行</td>") == 1  # the unreadable time, not also "必填"
    assert "无法识别的金额：五千" in text
    assert "与第 2 行重复：JS-2026-000021" in text
    assert "至少需要手机号、身份证号或地址之一" in text
    assert stored(session) == before + 2
    received = set(session.scalars(select(Warning.external_id).where(Warning.id > 0)))
    assert {"JS-2026-000021", "JS-2026-000028"} <= received
    assert "JS-2026-000022" not in received
    assert audit_entries(session, "warning.import")[-1].detail["refused"] == 7

    # The officer uploads the same file again: nothing doubled, the bad rows listed again.
    again = upload(client, content)
    assert again.status_code == 200
    assert "新增 0 条，此前已接收 2 条" in again.text and "另有 7 行有误" in again.text
    assert stored(session) == before + 2


def test_a_file_whose_every_row_is_bad_is_a_422(client, session):
    login(client, "duty")
    before = stored(session)
    response = upload(client, sheet([row(31, 手机号="1234"), row(32, 预警来源="微博")]))
    assert response.status_code == 422
    assert "另有 2 行有误" in response.text and stored(session) == before


def test_a_file_that_is_not_an_export_is_refused_in_chinese(client, session):
    login(client, "duty")
    response = upload(client, b"not a workbook")
    assert response.status_code == 422
    assert "无法读取文件" in response.text
    wrong = Workbook()
    wrong.active.append(["编号", "姓名"])
    buffer = io.BytesIO()
    wrong.save(buffer)
    response = upload(client, buffer.getvalue())
    assert response.status_code == 422
    assert "表头与模板不符" in response.text


def test_station_officers_cannot_import(client):
    login(client, "station_a")
    assert client.get("/warnings/import").status_code == 403
