"""The exclusion "lead already held" (线索已掌握): a reward resting on a tip the center closed
已掌握 — directly, or through the lead the tip became — is refused, and whoever looks at the
application (the applicant in draft, the reviewers after submission) reads why."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.auth.service import user_principal
from fanzha.config import get_settings
from fanzha.public import tips
from fanzha.rewards import service, tips_inbox
from fanzha.rewards.errors import RewardExcluded
from fanzha.rewards.models import EvidenceKind, RewardGround, RewardStatus
from tests.helpers import csrf_token, login, user

pytestmark = pytest.mark.usefixtures("city")
HELD = "已以“已掌握”办结"


@pytest.fixture(autouse=True)
def vault_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "vault_keys", Fernet.generate_key().decode())


def who(session: Session, username: str):
    return user_principal(user(session, username))


def a_tip(session: Session):
    tip, _ = tips.submit(
        session, category="cards", description="小区门口有人收购银行卡，一张五百元", reporter=None
    )
    return tip


def on(session: Session, evidence: list[tuple[EvidenceKind, int]]):
    app = service.create(
        session,
        who(session, "duty"),
        service.RewardDraft(
            ground=RewardGround.lead_two_cards,
            amount_fen=3_000_00,
            deed="举报收购银行卡人员",
            justification="线索抓获两卡人员 1 人",
            evidence=tuple(evidence),
        ),
    )
    service.add_anonymous(session, who(session, "duty"), app)
    return app


def test_a_tip_closed_as_already_held_blocks_its_reward_and_the_draft_says_why(
    client, session: Session
):
    tip = a_tip(session)
    tips_inbox.close(session, who(session, "duty"), tip, "known")
    app = on(session, [(EvidenceKind.tip, tip.id)])
    assert service.exclusions(session, app) == [
        f"举报 #{tip.id} {HELD}：该线索中心此前已经掌握，不予奖励"
    ]
    with pytest.raises(RewardExcluded) as refused:
        service.submit(session, who(session, "duty"), app)
    assert f"举报 #{tip.id} {HELD}" in refused.value.message
    assert app.status == RewardStatus.draft
    session.flush()
    login(client, "duty")
    page = client.get(f"/rewards/{app.id}")
    assert 'id="reward-exclusions"' in page.text and f"举报 #{tip.id} {HELD}" in page.text
    submitted = client.post(f"/rewards/{app.id}/submit", data={"csrf_token": csrf_token(client)})
    assert submitted.status_code == 409 and HELD in submitted.text


def test_a_tip_confirmed_is_no_exclusion_but_one_held_through_its_lead_is(session: Session):
    actor = who(session, "duty")
    confirmed = a_tip(session)
    tips_inbox.close(session, actor, confirmed, "confirmed")
    assert service.exclusions(session, on(session, [(EvidenceKind.tip, confirmed.id)])) == []
    held = a_tip(session)
    lead = tips_inbox.assign(
        session, actor, held, unit_id=actor.unit_id, due_at=clock.now() + timedelta(days=3)
    )
    tips_inbox.close(session, actor, held, "known")
    via_lead = on(session, [(EvidenceKind.lead, lead.id)])
    assert [f"举报 #{held.id} {HELD}" in e for e in service.exclusions(session, via_lead)] == [True]


def test_a_tip_closed_as_held_after_submission_stops_the_approval_and_the_reviewer_sees_why(
    client, session: Session
):
    tip = a_tip(session)
    app = on(session, [(EvidenceKind.tip, tip.id)])
    service.submit(session, who(session, "duty"), app)
    tips_inbox.close(session, who(session, "duty"), tip, "known")
    session.flush()
    login(client, "reviewer")
    page = client.get(f"/rewards/{app.id}")
    assert f"举报 #{tip.id} {HELD}" in page.text and "请驳回并写明理由" in page.text
    approved = client.post(
        f"/rewards/{app.id}/approve",
        data={"csrf_token": csrf_token(client), "step": "pending_review"},
    )
    assert approved.status_code == 409 and HELD in approved.text
    session.refresh(app)
    assert app.status == RewardStatus.pending_review
