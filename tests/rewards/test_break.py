"""Odd values a duty officer's browser (or an attacker) may put in the reward pages' query
strings and forms: answered with the page or a Chinese message, never an error page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from fanzha.rewards.models import RewardApplication
from tests.helpers import login, post_form
from tests.rewards.test_rewards import vault_key  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("city", "vault_key")
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


def _draft_by_duty(client) -> str:
    """A draft reward (ground 1, 20 yuan) made by the duty officer; its page's URL."""
    login(client, "duty")
    made = post_form(
        client,
        "/rewards/new",
        {
            "ground": "stopped_transfer",
            "amount_fen": "2000",
            "deed": "劝阻",
            "justification": "档位",
        },
    )
    return made.headers["location"]


def test_a_citizen_without_a_bank_account_cannot_be_verified_or_paid(client, session):
    url = _draft_by_duty(client)
    added = post_form(
        client, f"{url}/beneficiaries", {"kind": "citizen", "name": "王五", "phone": "13712345678"}
    )
    assert added.status_code == 303
    app = session.get(RewardApplication, int(url.rsplit("/", 1)[1]))
    person = app.beneficiaries[0]
    client.cookies.clear()
    login(client, "reviewer")
    refused = post_form(client, f"{url}/beneficiaries/{person.id}/verify")
    assert refused.status_code == 409
    assert "该奖励对象没有登记收款银行账号，无法核实账户" in refused.text
    session.refresh(person)
    assert person.verified_at is None


def test_a_click_on_a_stale_review_page_does_not_become_the_recheck(client, session):
    url = _draft_by_duty(client)
    post_form(client, f"{url}/beneficiaries", {"kind": "anonymous"})
    assert post_form(client, f"{url}/submit").status_code == 303
    client.cookies.clear()
    login(client, "reviewer")
    page = client.get(url)
    assert 'name="step" value="pending_review"' in page.text
    assert post_form(client, f"{url}/approve", {"step": "pending_review"}).status_code == 303
    client.cookies.clear()
    login(client, "reviewer2")  # opened the page while it was still 待审核
    stale = post_form(client, f"{url}/approve", {"step": "pending_review"})
    assert stale.status_code == 409 and "该申报刚由他人处理过" in stale.text
    app = session.get(RewardApplication, int(url.rsplit("/", 1)[1]))
    session.refresh(app)
    assert app.status == "pending_recheck"
    assert post_form(client, f"{url}/approve", {"step": "pending_recheck"}).status_code == 303
