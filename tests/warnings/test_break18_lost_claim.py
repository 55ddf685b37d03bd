"""A dissuader who loses the race for a door visit is told so in Chinese, and every way back
the page offers opens (found by a new user's break test: "返回刚才的记录" pointed at the
claim's own path, /warnings/tasks/N, which no page answers)."""

from __future__ import annotations

import re

import pytest

from tests.helpers import csrf_token, login
from tests.warnings.test_field import _door_visit

pytestmark = pytest.mark.usefixtures("city")


def test_the_loser_of_a_claim_gets_links_back_that_all_open(client, session):
    _, task = _door_visit(client, session)
    login(client, "dissuader_a")
    claim = f"/warnings/tasks/{task.id}/claim"
    assert client.post(claim, data={"csrf_token": csrf_token(client)}).status_code == 303
    lost = client.post(claim, data={"csrf_token": csrf_token(client)})
    assert lost.status_code == 409 and "该任务已被他人认领" in lost.text
    back = re.search(r'<p class="error-back">(.*?)</p>', lost.text, re.S).group(1)
    links = re.findall(r'href="([^"]+)"', back)
    assert links
    for href in links:
        assert client.get(href).status_code in (200, 303), href
