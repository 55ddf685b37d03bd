"""风险查询: yes for a value blocked (封停已完成) or in a confirmed gang's cases, no for anything
else, never a case detail; every query counted per indicator per day, not who asked; the staff
page shows this week's asked indicators."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from fanzha.errors import InvalidInput
from fanzha.linking import blocking, gangs
from fanzha.linking.models import BlockStatus, BlockTarget
from fanzha.public import risk
from fanzha.public.models import RiskQueryCount
from tests.helpers import login, post_form
from tests.linking.test_linking import SYSTEM, account, indicator, new_case

pytestmark = pytest.mark.usefixtures("city")

BLOCKED, DRAFTED = "13800138111", "13800138222"


@pytest.fixture
def known(session):
    """A phone whose block is done, one whose block is only drafted, and an account of a
    confirmed gang (two cases paying it)."""
    shared = account(777_001)
    case = new_case(session, shared, phones=("+86" + BLOCKED, "+86" + DRAFTED))
    new_case(session, shared)
    blocked = indicator(session, "phone", "+86" + BLOCKED)
    blocking.request_block(session, SYSTEM, blocked, reason="诈骗电话", unit_id=case.unit_id)
    drafted = indicator(session, "phone", "+86" + DRAFTED)
    blocking.request_block(session, SYSTEM, drafted, reason="诈骗电话", unit_id=case.unit_id)
    blocking.submit_batch(session, SYSTEM, BlockTarget.china_mobile)
    request = blocking.list_requests(session, indicator_id=blocked.id, limit=1)[0][0]
    blocking.transition(session, SYSTEM, request, BlockStatus.accepted)
    blocking.transition(session, SYSTEM, request, BlockStatus.done)
    gang = gangs.gang_of_case(session, case.id)
    return {"shared": shared, "gang": gang}


def ask(client, kind: str, value: str):
    return post_form(client, "/public/risk", {"kind": kind, "value": value})


def test_a_blocked_number_is_yes_and_an_unknown_one_is_no(client, session, known):
    yes = ask(client, "phone", "138 0013 8111")
    assert yes.status_code == 200 and 'data-verdict="yes"' in yes.text
    assert "高风险" in yes.text and "96110" in yes.text
    assert "诈骗电话" not in yes.text  # the block's reason, a case detail, never shown
    no = ask(client, "phone", "13912345678")
    assert 'data-verdict="no"' in no.text and "暂未发现" in no.text
    drafted = ask(client, "phone", DRAFTED)  # known, but no block done: no
    assert 'data-verdict="no"' in drafted.text


def test_an_account_of_a_confirmed_gang_is_yes_only_once_confirmed(client, session, known):
    assert 'data-verdict="no"' in ask(client, "account", known["shared"]).text
    gangs.confirm_gang(session, SYSTEM, known["gang"])
    assert 'data-verdict="yes"' in ask(client, "account", known["shared"]).text


def test_a_bad_value_is_answered_in_chinese_beside_the_field(client, known):
    response = ask(client, "url", "not a domain")
    assert response.status_code == 422
    assert "网址" in response.text or "域名" in response.text
    assert ask(client, "fax", "123").status_code == 422


def test_each_query_is_counted_per_indicator_and_day_and_shown_to_staff(client, session, known):
    for _ in range(3):
        ask(client, "phone", BLOCKED)
    ask(client, "phone", "13912345678")
    blocked = indicator(session, "phone", "+86" + BLOCKED)
    hits = session.scalar(
        select(func.sum(RiskQueryCount.hits)).where(RiskQueryCount.indicator_id == blocked.id)
    )
    assert hits == 3
    # Nothing of who asked, nor the unknown number itself, is stored.
    columns = set(RiskQueryCount.__table__.columns.keys())
    assert columns == {"day", "kind", "indicator_id", "shard", "hits", "confirmed"}
    login(client, "analyst")
    page = client.get("/citizens/risk")
    assert page.status_code == 200
    assert "+86" + BLOCKED in page.text and "已认定涉诈" in page.text
    assert "13912345678" not in page.text


@settings(max_examples=60, deadline=None)
@given(kind=st.sampled_from(sorted(risk.QUERY_KINDS)), raw=st.text(max_size=80))
def test_any_input_is_candidates_or_a_chinese_refusal(kind, raw):
    try:
        pairs = risk.candidates(kind, raw)
    except InvalidInput as exc:
        assert exc.message and exc.field == "value"
    else:
        assert pairs and all(k in risk.QUERY_KINDS[kind] for k, _ in pairs)
