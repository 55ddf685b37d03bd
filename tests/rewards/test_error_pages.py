"""A refused reward page links back to the record it acted on and to the reward list, not only
to 工作台."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from sqlalchemy.orm import Session

from fanzha.config import get_settings
from tests.helpers import csrf_token, login
from tests.rewards.test_rewards import draft

pytestmark = pytest.mark.usefixtures("city")


@pytest.fixture(autouse=True)
def vault_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "vault_keys", Fernet.generate_key().decode())


def test_a_refused_action_links_back_to_the_application_and_the_list(client, session: Session):
    app = draft(session)  # no beneficiary yet: submitting is refused
    session.flush()
    login(client, "duty")
    refused = client.post(f"/rewards/{app.id}/submit", data={"csrf_token": csrf_token(client)})
    assert refused.status_code == 409 and "请至少添加一名奖励对象" in refused.text
    assert f'<a href="/rewards/{app.id}">返回刚才的记录</a>' in refused.text
    assert '<a href="/rewards">返回奖励申报列表</a>' in refused.text


def test_a_missing_application_links_to_the_list_not_to_itself(client):
    login(client, "reviewer")
    missing = client.get("/rewards/987654")
    assert missing.status_code == 404
    assert '<a href="/rewards">返回奖励申报列表</a>' in missing.text
    assert 'href="/rewards/987654"' not in missing.text
