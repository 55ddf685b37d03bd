"""The statement files from the field (tests/fundflow/files, see the field reports) imported
through the page: the layout it was recognised as and why, by content, and the prompt for
the one thing missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanzha.fundflow.models import ImportStatus
from tests.fundflow.test_statements import imported, report, rows_of, upload
from tests.helpers import csrf_token, login

pytestmark = pytest.mark.usefixtures("city")

FILES = Path(__file__).parent / "files"
CARD = "6222020200112233445"


def send(client, session, name: str, upload_as: str | None = None, account: str = ""):
    login(client, "duty")
    case = report(session)
    content = (FILES / name).read_bytes()
    return imported(session, upload(client, case, upload_as or name, content, account))


def test_the_alipay_2023_export_says_it_was_recognised_as_alipay_and_why(client, session):
    record = send(client, session, "r01_alipay_2023.csv")
    assert record.status is ImportStatus.done, record.errors
    assert record.layouts == "支付宝交易明细"
    page = client.get(f"/statements/{record.id}").text
    assert "识别为支付宝交易明细（匹配度 100%，依据表头：交易订单号、商家订单号" in page
    rows = rows_of(session, "13812345678")
    assert rows[0].serial == "20250303200040011100990000000001"
    assert "/" not in {r.counterpart for r in rows}


def test_a_wechat_bill_asks_only_for_the_holders_account(client, session):
    record = send(client, session, "r02_wechat_2025.xlsx")
    assert record.status is ImportStatus.needs_mapping
    page = client.get(f"/statements/{record.id}").text
    assert "已识别出这份流水的格式" in page and "填写账号并导入" in page
    assert "没有识别出这份流水的格式" not in page
    response = client.post(
        f"/statements/{record.id}/mapping",
        data={"csrf_token": csrf_token(client)},
        follow_redirects=False,
    )
    assert response.status_code == 422 and "本方账号" in response.text
    response = client.post(
        f"/statements/{record.id}/mapping",
        data={"csrf_token": csrf_token(client), "default_account": "wxid_mule01"},
        follow_redirects=False,
    )
    record = imported(session, response)
    assert (record.status, record.layouts) == (ImportStatus.done, "微信支付账单"), record.errors
    assert [r.amount_fen for r in rows_of(session, "wxid_mule01")][:2] == [12_345_60, 2_000_00]


@pytest.mark.parametrize(
    "name", ["r04_bank_dash.xlsx", "r05_bank_html.xls", "r07_serial_dates.xlsx"]
)
def test_bank_files_with_dashes_html_or_serial_dates_import(client, session, name):
    record = send(client, session, name)
    assert record.status is ImportStatus.done, record.errors
    rows = rows_of(session, CARD)
    assert [(r.direction, r.amount_fen) for r in rows] == [("in", 5_000_00), ("out", 4_800_00)]
    assert rows[0].at.isoformat() == "2025-03-03T02:00:12+00:00"  # 10:00:12 in 示例市


def test_a_pdf_is_named_for_what_it_is(client, session):
    login(client, "duty")
    case = report(session)
    response = upload(client, case, "流水.xls", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    assert response.status_code == 200
    assert "这个文件是PDF 文档，不是流水表格" in response.text
