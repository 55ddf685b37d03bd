"""结案 with money still held needs a reason a reader can see: one made of invisible
characters (zero-width spaces, full-width blanks) is refused like an empty one (found by a
new user's break test posting the confirmed form directly)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fanzha.cases.service import readable
from tests.cases.test_money import fire, report
from tests.desk.test_confirm_and_history import close
from tests.helpers import login

pytestmark = pytest.mark.usefixtures("city")

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u3000\u00a0 \t"


def test_a_reason_of_invisible_characters_does_not_close_a_case_with_holds(client, session):
    case = report(session)
    login(client, "station_a")
    assert fire(client, f"/cases/{case.id}/stop-payments").status_code == 200
    refused = close(client, case.id, confirmed="1", note="\u200b\u3000\u200b")
    assert refused.status_code == 422
    assert "结案须填写说明" in refused.text
    session.refresh(case)
    assert case.status != "closed"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=INVISIBLE))
def test_only_invisible_text_is_never_readable(text):
    assert not readable(text)


def test_any_visible_character_is_readable():
    assert readable("\u200b已抓获") and readable("。")
