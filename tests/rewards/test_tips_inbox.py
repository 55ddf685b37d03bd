"""The tips inbox: staff see every tip city-wide, find what the center already holds on the
values a tip names, send it to a unit as a lead without retyping, reply through the
receipt-code channel and close it with an outcome; the reporter's identity is only a link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.auth.service import user_principal
from fanzha.config import get_settings
from fanzha.demo import tips as demo_tips
from fanzha.kernel.states import IllegalMove
from fanzha.linking.models import Lead
from fanzha.public import tips
from fanzha.public.tip_models import Tip, TipChannel, TipOutcome, TipStatus
from fanzha.rewards import tips_inbox as inbox
from fanzha.rewards.errors import TipChannelWeb, TipNotNew
from tests.helpers import CANARY_ID_NUMBER, CANARY_NAMES, CANARY_PHONE, login, post_form, user
from tests.linking.test_linking import new_case

pytestmark = pytest.mark.usefixtures("city")


@pytest.fixture(autouse=True)
def vault_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "vault_keys", Fernet.generate_key().decode())


def duty(session: Session):
    return user_principal(user(session, "duty"))


def test_named_values_are_normalised_from_free_text():
    found = inbox.named_indicators(
        "收卡人电话 139-1234-5678，卡号 6214 0000 0000 0000 123，网址 https://Fake-Bank.example.com/login"
    )
    assert [(n.kind, n.value) for n in found] == [
        ("phone", "+8613912345678"),
        ("account", "6214000000000000123"),
        ("domain", "fake-bank.example.com"),
    ]


def test_a_tip_naming_a_known_phone_shows_the_indicator_earlier_tips_and_held_leads(
    session: Session,
):
    new_case(session, "6214000000000777001", phones=("+8613800138555",))
    actor = duty(session)
    first, _ = tips.submit(
        session, category="cards", description="收卡电话 13800138555", reporter=None
    )
    lead = inbox.assign(
        session, actor, first, unit_id=actor.unit_id, due_at=clock.now() + timedelta(days=7)
    )
    second, _ = tips.submit(
        session, category="cards", description="又见 138 0013 8555 在收卡", reporter=None
    )
    found = inbox.duplicates(session, second)
    assert found.named[0].value == "+8613800138555" and found.named[0].indicator is not None
    assert [t.id for t in found.tips] == [first.id]
    assert [x.id for x in found.leads] == [lead.id]
    inbox.close(session, actor, second, "duplicate", duplicate_of=first.id)
    assert second.status is TipStatus.closed and second.outcome is TipOutcome.duplicate
    assert second.duplicate_of_id == first.id


def test_assigning_sends_a_lead_prefilled_from_the_tip_and_refuses_a_second_time(
    session: Session,
):
    actor = duty(session)
    tip, _ = tips.submit(
        session, category="den", description="某出租屋夜里很多人打电话", reporter=None
    )
    lead = inbox.assign(
        session, actor, tip, unit_id=actor.unit_id, due_at=clock.now() + timedelta(days=3)
    )
    stored = session.get(Lead, lead.id)
    assert stored.content == tip.description and "诈骗窝点" in stored.title
    assert tip.status is TipStatus.assigned and tip.lead_id == lead.id
    with pytest.raises(TipNotNew):
        inbox.assign(
            session, actor, tip, unit_id=actor.unit_id, due_at=clock.now() + timedelta(days=3)
        )
    inbox.close(session, actor, tip, "confirmed")
    with pytest.raises(IllegalMove):
        inbox.close(session, actor, tip, "unfounded")


def test_staff_enter_a_110_tip_but_not_a_web_one(session: Session):
    actor = duty(session)
    tip, code = inbox.enter(
        session,
        actor,
        channel="call110",
        category="withdrawal",
        description="ATM 连续取款",
        reporter=None,
    )
    assert tip.channel is TipChannel.call110 and len(code) == 16
    with pytest.raises(TipChannelWeb):
        inbox.enter(session, actor, channel="web", category="other", description="x", reporter=None)


def test_the_inbox_page_links_the_vault_and_never_shows_the_identity(client, session):
    tip, _code = tips.submit(
        session,
        category="site",
        description="假冒银行网站",
        reporter=tips.Reporter(CANARY_NAMES[4], CANARY_PHONE, CANARY_ID_NUMBER),
    )
    login(client, "duty")
    listing = client.get("/tips")
    assert listing.status_code == 200 and f"/tips/{tip.id}" in listing.text
    page = client.get(f"/tips/{tip.id}")
    assert f"/vault/records/{tip.vault_record_id}" in page.text
    for secret in (CANARY_NAMES[4], CANARY_PHONE, CANARY_ID_NUMBER):
        assert secret not in page.text and secret not in listing.text
    replied = post_form(client, f"/tips/{tip.id}/reply", {"body": "已核实，谢谢"})
    assert replied.status_code == 303
    assert "已核实，谢谢" in [m.body for m in tips.messages(session, tip) if m.from_center]
    closed = post_form(client, f"/tips/{tip.id}/close", {"outcome": "confirmed"})
    assert closed.status_code == 303
    assert "办结" in client.get(f"/tips/{tip.id}").text


def test_the_demo_city_has_tips_from_every_channel_and_the_known_code_reads_a_reply(
    session: Session,
):
    channels = set(session.scalars(select(Tip.channel).distinct()))
    assert channels == set(TipChannel)
    assert session.scalar(select(func.count()).select_from(Tip).where(Tip.lead_id.is_not(None)))
    tip = tips.find_by_code(session, demo_tips.known_code(), "demo-client")
    assert tip.anonymous
    assert any(m.from_center for m in tips.messages(session, tip))
