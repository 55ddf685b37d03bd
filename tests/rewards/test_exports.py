"""Reward exports carry money as numbers a spreadsheet can sum (yuan, two decimals), not text."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.clock import SHANGHAI
from fanzha.config import get_settings
from fanzha.excel import YUAN_FORMAT
from fanzha.i18n import rewards as i18n
from fanzha.rewards import service
from tests.helpers import login
from tests.rewards.test_rewards import confirmed, who

pytestmark = pytest.mark.usefixtures("city")


@pytest.fixture(autouse=True)
def vault_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "vault_keys", Fernet.generate_key().decode())


def sheet_rows(content: bytes):
    return list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows())


def test_the_reward_list_and_register_exports_hold_money_as_numbers(client, session: Session):
    app = confirmed(session)  # 2,000 yuan
    service.verify_account(session, who(session, "reviewer"), app.beneficiaries[0])
    today = clock.now().astimezone(SHANGHAI).date()
    service.pay(session, who(session, "reviewer"), app, "ZZ20261201777", today)
    session.flush()
    login(client, "reviewer")

    listed = client.get(f"/rewards?q={app.number}&export=xlsx")
    assert listed.status_code == 200
    header, *rows = sheet_rows(listed.content)
    amount = [c.value for c in header].index(i18n.TEXT["amount"])
    [row] = [r for r in rows if r[0].value == app.number]
    assert row[amount].value == 2000 and not isinstance(row[amount].value, str)
    assert row[amount].data_type == "n" and row[amount].number_format == YUAN_FORMAT

    register = client.get(f"/rewards/register?year={today.year}&export=xlsx")
    header, *rows = sheet_rows(register.content)
    paid = [c.value for c in header].index("发放金额（元）")
    [ground] = [r for r in rows if r[0].value == i18n.GROUNDS[app.ground]]
    assert ground[paid].data_type == "n" and ground[paid].number_format == YUAN_FORMAT
    assert ground[paid].value >= 2000
    days = [c.value for c in header].index("平均发放天数")
    assert all(r[days].value is None or r[days].data_type == "n" for r in rows)
