"""Odd values a duty officer's browser (or an attacker) may put in the reward pages' query
strings and forms: answered with the page or a Chinese message, never an error page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from fanzha.rewards.models import RewardApplication
from tests.helpers import login, post_form

pytestmark = pytest.mark.usefixtures("city")
ODD = ["²", "9" * 5000, "99999999999"]


@pytest.mark.parametrize("raw", ODD)
def test_odd_numbers_in_the_query_string_show_the_page(client, raw):
    login(client, "duty")
    assert client.get(f"/rewards/new?warning_id={raw}").status_code == 200
    assert client.get(f"/rewards/register?year={raw}").status_code == 200


@pytest.mark.parametrize("raw", ODD)
def test_an_odd_staff_id_is_refused_beside_the_form(client, session, raw):
    login(client, "duty")
    before = session.scalar(select(func.count()).select_from(RewardApplication))
    posted = post_form(
        client,
        "/rewards/new",
        {
            "ground": "frontline_stop",
            "amount_fen": "1000",
            "deed": "劝阻",
            "justification": "档位",
            "staff_id": raw,
        },
    )
    assert posted.status_code == 422
    assert session.scalar(select(func.count()).select_from(RewardApplication)) == before
