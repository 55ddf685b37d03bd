"""An action answered in place on the warning page (htmx) brings 处理记录 up to date too
(found by a new user's break test: the attempt just recorded was missing from the history
until the page was reloaded)."""

from __future__ import annotations

import pytest

from tests.helpers import login
from tests.warnings.test_ladder import htmx, receive

pytestmark = pytest.mark.usefixtures("city")


def test_recording_an_attempt_in_place_refreshes_the_history(client, session):
    warning = receive(session)
    login(client, "station_a")
    answer = client.post(
        f"/warnings/{warning.id}/attempts",
        headers=htmx(client),
        data={"kind": "call_96110", "result": "reached", "note": ""},
    )
    assert answer.status_code == 200
    assert 'id="history" aria-label="处理记录" hx-swap-oob="true"' in answer.text
    history = answer.text[answer.text.index('id="history"') :]
    assert "记录劝阻" in history
    page = client.get(f"/warnings/{warning.id}").text  # the whole page: one history, in place
    assert page.count('id="history"') == 1 and "hx-swap-oob" not in page
