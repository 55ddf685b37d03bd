"""The tips inbox's Excel: the filtered tips, numbers in the text masked, the reporter only as
实名/匿名, counts and ids as numbers, the export audited."""

from __future__ import annotations

import io
import re

import pytest
from cryptography.fernet import Fernet
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.config import get_settings
from fanzha.masking import mask_numbers_in_text
from fanzha.public import tips
from tests.helpers import CANARY_ID_NUMBER, CANARY_NAMES, CANARY_PHONE, audit_entries, login

pytestmark = pytest.mark.usefixtures("city")
SUSPECT = "13812345678"


@pytest.fixture(autouse=True)
def vault_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "vault_keys", Fernet.generate_key().decode())


def test_the_inbox_export_is_masked_numeric_and_audited(client, session: Session):
    named, _ = tips.submit(
        session,
        category="cards",
        description=f"收卡人电话 {SUSPECT}，卡号 6222 0202 0000 1234，在夜市东门",
        reporter=tips.Reporter(CANARY_NAMES[0], CANARY_PHONE, CANARY_ID_NUMBER),
    )
    tips.reply(session, Principal.system(), named, "已收到")
    session.flush()
    login(client, "duty")
    response = client.get("/tips?q=夜市东门&export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header, *rows = list(sheet.iter_rows())
    names = [c.value for c in header]
    [row] = [r for r in rows if r[0].value == named.id]
    cell = dict(zip(names, row, strict=True))
    assert cell["编号"].data_type == "n" and cell["往来消息数"].value == 1
    assert cell["图片数"].value == 0 and cell["收到时间"].is_date
    assert "138****5678" in cell["内容（号码已脱敏）"].value
    assert "6222 **** **** 1234" in cell["内容（号码已脱敏）"].value
    assert cell["举报方式"].value == "实名"
    everything = " ".join(str(c.value) for r in sheet.iter_rows() for c in r)
    for secret in (SUSPECT, CANARY_PHONE, CANARY_ID_NUMBER, CANARY_NAMES[0]):
        assert secret not in everything
    assert audit_entries(session, "list.page_exported", target_type="tips")


@given(st.text(alphabet="0123456789 -X电话卡号", max_size=60))
def test_no_run_of_seven_digits_survives_masking(text: str):
    masked = mask_numbers_in_text(text)
    assert re.search(r"\d(?:[ \-]?\d){6,}", masked) is None, masked
