"""Reward applications: two approvals by two people, the foundation's confirmation, payment to
verified accounts within 15 days, the exclusions of the scheme, and the register's figures."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha import clock, deadlines
from fanzha.auth.service import user_principal
from fanzha.clock import SHANGHAI
from fanzha.config import get_settings
from fanzha.kernel.states import IllegalMove
from fanzha.linking.models import CaseIndicator, Indicator, IndicatorKind
from fanzha.org.models import Staff, StaffKind
from fanzha.public import tips
from fanzha.rewards import clocks, register, service, tips_inbox
from fanzha.rewards.errors import (
    RewardAmountOutOfRange,
    RewardClaimCodeWrong,
    RewardExcluded,
    RewardNoBeneficiary,
    RewardOwnApplication,
    RewardSameApprover,
    RewardUnverifiedAccount,
    RewardWarningNotDissuaded,
)
from fanzha.rewards.models import (
    BeneficiaryKind,
    EvidenceKind,
    RewardApplication,
    RewardBeneficiary,
    RewardGround,
    RewardStatus,
)
from fanzha.vault.service import Identity
from fanzha.warnings import ladder
from fanzha.warnings.models import Outcome
from tests.cases.test_money import report
from tests.helpers import CANARY_NAME, CANARY_PHONE, csrf_token, login, user
from tests.warnings.test_ladder import receive

pytestmark = pytest.mark.usefixtures("city")
CITIZEN = Identity(name=CANARY_NAME, phone=CANARY_PHONE, bank_account="6222020200005678")


@pytest.fixture(autouse=True)
def vault_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "vault_keys", Fernet.generate_key().decode())


def who(session: Session, username: str):
    return user_principal(user(session, username))


def draft(session: Session, *, ground=RewardGround.stopped_transfer, yuan=2_000, evidence=()):
    return service.create(
        session,
        who(session, "duty"),
        service.RewardDraft(
            ground=ground,
            amount_fen=yuan * 100,
            deed="在银行柜台劝阻老人向“安全账户”转账 20 万元",
            justification="避免损失 20 万元，按第一项建议档位",
            evidence=tuple(evidence),
        ),
    )


def confirmed(session: Session) -> RewardApplication:
    app = draft(session)
    service.add_citizen(session, who(session, "duty"), app, CITIZEN)
    service.submit(session, who(session, "duty"), app)
    service.approve(session, who(session, "reviewer"), app)
    service.approve(session, who(session, "admin"), app)
    service.confirm(session, who(session, "admin"), app, "连见基金〔2026〕18号")
    return app


def test_a_reward_goes_from_draft_to_paid_through_two_different_approvers(session: Session):
    app = confirmed(session)
    assert app.status == RewardStatus.confirmed
    assert app.pay_due_at is not None and app.first_approved_by_id != app.second_approved_by_id
    with pytest.raises(RewardUnverifiedAccount):
        service.pay(session, who(session, "reviewer"), app, "ZZ20261201001", date.today())
    service.verify_account(session, who(session, "reviewer"), app.beneficiaries[0])
    today = clock.now().astimezone(SHANGHAI).date()
    service.pay(session, who(session, "reviewer"), app, "ZZ20261201001", today)
    assert app.status == RewardStatus.paid and app.paid_on == today


def test_the_applicant_never_approves_and_the_second_approver_is_never_the_first(
    session: Session,
):
    app = draft(session)
    service.add_citizen(session, who(session, "duty"), app, CITIZEN)
    service.submit(session, who(session, "duty"), app)
    with pytest.raises(RewardOwnApplication):
        service.approve(session, who(session, "duty"), app)
    service.approve(session, who(session, "reviewer"), app)
    with pytest.raises(RewardSameApprover):
        service.approve(session, who(session, "reviewer"), app)
    assert app.status == RewardStatus.pending_recheck


def test_the_state_machine_refuses_skipping_steps(session: Session):
    app = draft(session)
    with pytest.raises(RewardNoBeneficiary):
        service.submit(session, who(session, "duty"), app)
    with pytest.raises(IllegalMove):
        service.confirm(session, who(session, "admin"), app, "文号")
    paid_before_confirmed = confirmed(session)
    service.reject(session, who(session, "admin"), draft_submitted(session), "事迹不实")
    with pytest.raises(IllegalMove):
        service.reject(session, who(session, "admin"), paid_before_confirmed, "已确认后不能驳回")


def draft_submitted(session: Session) -> RewardApplication:
    app = draft(session)
    service.add_citizen(session, who(session, "duty"), app, CITIZEN)
    service.submit(session, who(session, "duty"), app)
    return app


def test_the_amount_stays_within_the_scheme(session: Session):
    with pytest.raises(RewardAmountOutOfRange):
        draft(session, yuan=199)
    with pytest.raises(RewardAmountOutOfRange):
        draft(session, yuan=50_001)
    app = draft(session, yuan=8_000)  # above ground 1's suggested 5,000: allowed, flagged
    assert service.outside_band(app) == (20_000, 500_000)


def test_an_officer_acting_within_duty_is_excluded_except_under_ground_nine(session: Session):
    officer = session.scalars(select(Staff).where(Staff.kind == StaffKind.officer)).first()
    app = draft(session)
    service.add_staff(session, who(session, "duty"), app, officer.id)
    with pytest.raises(RewardExcluded) as refused:
        service.submit(session, who(session, "duty"), app)
    assert "履行职责" in refused.value.message
    ground_nine = draft(session, ground=RewardGround.frontline_stop)
    service.add_staff(session, who(session, "duty"), ground_nine, officer.id)
    service.submit(session, who(session, "duty"), ground_nine)
    assert ground_nine.status == RewardStatus.pending_review


def test_a_beneficiary_whose_account_is_an_indicator_of_the_case_is_excluded(session: Session):
    value = "6230580000123456789"
    case = report(session, accounts=[(value, "建设银行示例市分行")])
    linked = session.scalar(
        select(Indicator.value)
        .join(CaseIndicator, CaseIndicator.indicator_id == Indicator.id)
        .where(CaseIndicator.case_id == case.id, Indicator.kind == IndicatorKind.account)
    )
    assert linked == value  # the case's receiving account is one of its indicators
    account = (case.id, value)
    app = draft(
        session, ground=RewardGround.lead_solved_case, evidence=[(EvidenceKind.case, account[0])]
    )
    mule = Identity(name="王某", bank_account=account[1])
    service.add_citizen(session, who(session, "duty"), app, mule)
    with pytest.raises(RewardExcluded) as refused:
        service.submit(session, who(session, "duty"), app)
    assert "银行账号出现在关联案件的涉案要素中" in refused.value.message


@given(
    total=st.integers(min_value=20_000, max_value=5_000_000),
    weights=st.lists(st.integers(min_value=1, max_value=100), min_size=1, max_size=12),
)
def test_beneficiaries_split_one_reward_exactly_to_the_fen(total: int, weights: list[int]):
    app = RewardApplication(amount_fen=total)
    app.beneficiaries = [RewardBeneficiary(weight=w, kind=BeneficiaryKind.citizen) for w in weights]
    service.share_out(app)
    shares = [b.share_fen for b in app.beneficiaries]
    assert sum(shares) == total
    whole = sum(weights)
    for share, weight in zip(shares, weights, strict=True):
        assert abs(share - total * weight / whole) < 1


@pytest.mark.parametrize(
    ("confirmed_at", "last_day"),
    [
        (datetime(2026, 9, 20, 10, tzinfo=SHANGHAI), date(2026, 10, 8)),  # 国庆 moves it on
        (datetime(2026, 1, 31, 10, tzinfo=SHANGHAI), date(2026, 2, 24)),  # 春节 at a month end
        (datetime(2026, 3, 16, 10, tzinfo=SHANGHAI), date(2026, 3, 31)),  # a month's last day
    ],
)
def test_the_payment_clock_is_fifteen_days_with_a_last_day_off_moved_on(
    confirmed_at: datetime, last_day: date
):
    due = deadlines.calendar_days_due(confirmed_at, 15)
    assert due.last_day == last_day
    assert due.due_at == datetime.combine(
        last_day + timedelta(days=1), datetime.min.time(), SHANGHAI
    )


def test_the_clock_reminds_once_and_alarms_once(session: Session):
    app = confirmed(session)
    session.flush()
    before = app.pay_due_at - timedelta(days=1)
    assert app.id in clocks.chase(session, before)[0]
    assert app.id not in clocks.chase(session, before + timedelta(hours=1))[0]
    after = app.pay_due_at + timedelta(minutes=1)
    assert app.id in clocks.chase(session, after)[1]
    assert app.id not in clocks.chase(session, after + timedelta(hours=1))[1]
    assert clocks.is_lapsed(app, after)


def test_the_register_counts_what_the_records_say(session: Session):
    app = confirmed(session)
    service.verify_account(session, who(session, "reviewer"), app.beneficiaries[0])
    service.pay(
        session, who(session, "reviewer"), app, "ZZ1", clock.now().astimezone(SHANGHAI).date()
    )
    draft_submitted(session)
    session.flush()
    year = clock.now().astimezone(SHANGHAI).year
    figures = {
        f.ground: f for f in register.figures(session, who(session, "reviewer"), year, clock.now())
    }
    direct = session.scalar(
        select(func.count()).where(
            RewardApplication.ground == RewardGround.stopped_transfer,
            RewardApplication.submitted_at.is_not(None),
        )
    )
    row = figures[RewardGround.stopped_transfer]
    assert row.applied == direct
    assert row.paid >= 1 and row.paid_fen >= 200_000 and row.mean_days_to_pay is not None


def test_a_ground_nine_application_is_filled_from_a_dissuaded_warning(client, session: Session):
    warning = receive(session)
    ladder.close(
        session,
        who(session, "station_a"),
        warning,
        outcome=Outcome.dissuaded,
        protected_fen=470_000_00,
    )
    session.flush()
    filled = service.from_warning(session, who(session, "duty"), warning.id)
    assert filled["ground"] == RewardGround.frontline_stop and "470,000.00" in filled["deed"]
    assert filled["staff_id"] == user(session, "station_a").staff_id
    open_one = receive(session)
    session.flush()
    with pytest.raises(RewardWarningNotDissuaded):
        service.from_warning(session, who(session, "duty"), open_one.id)
    login(client, "duty")
    page = client.get(f"/rewards/new?warning_id={warning.id}")
    assert page.status_code == 200 and "第九项" in page.text and f"#{warning.id}" in page.text


def test_the_pages_show_no_identity_and_walk_the_review(client, session: Session):
    app = draft_submitted(session)
    session.flush()
    login(client, "reviewer")
    page = client.get(f"/rewards/{app.id}")
    assert page.status_code == 200 and CANARY_NAME not in page.text and "周*" in page.text
    approved = client.post(
        f"/rewards/{app.id}/approve", data={"csrf_token": csrf_token(client)}, follow_redirects=True
    )
    assert "待复核" in approved.text
    again = client.post(f"/rewards/{app.id}/approve", data={"csrf_token": csrf_token(client)})
    assert again.status_code == 403 and "复核人不能与审核人为同一人" in again.text
    listed = client.get("/rewards?status=pending_recheck")
    assert app.number in listed.text and CANARY_NAME not in listed.text
    export = client.get("/rewards?export=xlsx")
    assert export.status_code == 200
    assert client.get("/rewards/register").status_code == 200


def test_a_bad_form_shows_the_record_again_with_the_field_named(client, session: Session):
    app = confirmed(session)
    session.flush()
    login(client, "reviewer")
    refused = client.post(
        f"/rewards/{app.id}/pay",
        data={"transfer_ref": "ZZ9", "paid_on": "明天", "csrf_token": csrf_token(client)},
    )
    assert refused.status_code == 422
    assert "发放日期" in refused.text and app.number in refused.text
    assert app.status == RewardStatus.confirmed


def test_a_dissuaded_warning_offers_the_reward_application(client, session: Session):
    warning = receive(session)
    ladder.close(
        session,
        who(session, "station_a"),
        warning,
        outcome=Outcome.dissuaded,
        protected_fen=80_000_00,
    )
    session.flush()
    login(client, "duty")
    page = client.get(f"/warnings/{warning.id}")
    assert f'href="/rewards/new?warning_id={warning.id}"' in page.text


def test_an_anonymous_tip_becomes_a_reward_paid_after_the_reporter_comes_to_the_counter(
    client, session: Session
):
    tip, code = tips.submit(
        session, category="den", description="城郊民房内多人用“猫池”拨打电话", reporter=None
    )
    tips_inbox.close(session, who(session, "duty"), tip, "confirmed")
    session.flush()
    login(client, "duty")
    assert f'href="/rewards/new?tip_id={tip.id}"' in client.get(f"/tips/{tip.id}").text
    form = client.get(f"/rewards/new?tip_id={tip.id}")
    assert f"举报 #{tip.id}" in form.text
    created = client.post(
        "/rewards/new",
        data={
            "ground": "lead_solved_case",
            "amount_fen": "8000",
            "deed": f"据举报 #{tip.id} 破获窝点",
            "justification": "线索直接破案",
            "tip_id": str(tip.id),
            "csrf_token": csrf_token(client),
        },
    )
    assert created.status_code == 303
    app = session.scalars(
        select(RewardApplication).order_by(RewardApplication.id.desc()).limit(1)
    ).one()
    assert [(e.kind, e.ref_id) for e in app.evidence] == [(EvidenceKind.tip, tip.id)]
    [reporter] = app.beneficiaries
    assert reporter.kind == BeneficiaryKind.anonymous
    service.submit(session, who(session, "duty"), app)
    service.approve(session, who(session, "reviewer"), app)
    service.approve(session, who(session, "reviewer2"), app)
    service.confirm(session, who(session, "reviewer"), app, "示见基〔2026〕9号")
    with pytest.raises(RewardUnverifiedAccount):
        service.pay(session, who(session, "reviewer"), app, "ZZ9", clock.now().date())
    with pytest.raises(RewardClaimCodeWrong):  # someone else's code, or none, claims nothing
        service.claim_in_person(session, who(session, "reviewer"), reporter, CITIZEN, "1" * 16)
    service.claim_in_person(session, who(session, "reviewer"), reporter, CITIZEN, code)
    today = clock.now().astimezone(SHANGHAI).date()
    service.pay(session, who(session, "reviewer"), app, "ZZ9", today)
    assert app.status == RewardStatus.paid and code  # the code itself is never stored
