"""Rewards in the demo city, through the real services and over the past year: applications on
every one of the nine grounds in every status, ground-9 rewards filled from warnings closed
已劝阻, two beneficiaries sharing one deed, two payment clocks that ran out unpaid, and one
anonymous reporter paid after coming to the counter with the receipt code.

Citizens' identities go into the vault; without a vault key (a real database with no
FANZHA_VAULT_KEYS) the citizen beneficiaries become anonymous reporters instead."""

from __future__ import annotations

import random
from datetime import timedelta

from faker import Faker
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock, identifiers
from fanzha.auth.models import User
from fanzha.auth.service import user_principal
from fanzha.cases.models import Case
from fanzha.demo.warnings import MOBILE_PREFIXES
from fanzha.errors import DomainError
from fanzha.i18n.rewards import GROUNDS
from fanzha.org.models import Staff, StaffKind
from fanzha.rewards import clocks, service
from fanzha.rewards.models import BeneficiaryKind, EvidenceKind, RewardGround, RewardStatus
from fanzha.vault import keys
from fanzha.vault.service import Identity
from fanzha.warnings.models import Outcome, Warning

# How far each application gets, in the order of the review.
STEPS = (
    RewardStatus.draft,
    RewardStatus.pending_review,
    RewardStatus.pending_recheck,
    RewardStatus.pending_foundation,
    RewardStatus.confirmed,
    RewardStatus.paid,
    RewardStatus.rejected,
)

DEEDS = {
    RewardGround.stopped_transfer: (
        "在银行网点发现老人按“客服”指示准备转账，上前劝阻并报警，避免损失 {yuan} 元"
    ),
    RewardGround.lead_solved_case: (
        "举报小区出租屋内多人使用多部手机昼夜拨打电话，经查为诈骗窝点，抓获 {n} 人"
    ),
    RewardGround.lead_fugitive: "发现网上追逃的电诈嫌疑人在本市务工，及时报警协助抓获",
    RewardGround.lead_two_cards: "举报有人在校园高价收购银行卡、电话卡，协助抓获收卡人员 {n} 人",
    RewardGround.lead_abroad: "提供亲属被招募偷渡出境从事电诈的线索，其回国后被依法处理",
    RewardGround.caught_suspect: "在取款机旁发现多人持多张银行卡连续取现，当场协助民警抓获 {n} 人",
    RewardGround.bank_staff_report: "柜员发现客户连续大额取现且言语可疑，报告后抓获取款“车手”",
    RewardGround.telecom_staff_report: "营业员发现同一人持多张身份证集中办卡，报告后抓获 {n} 人",
    RewardGround.frontline_stop: (
        "接预警后上门劝阻，当事人正准备向“投资导师”转账，成功拦下 {yuan} 元"
    ),
}


def _user(session: Session, username: str):
    return user_principal(session.scalars(select(User).where(User.username == username)).one())


def _vault_ready() -> bool:
    try:
        keys.configured_keys()
    except DomainError:
        return False
    return True


def build(session: Session, *, seed: int) -> dict[str, int]:
    rng = random.Random(seed + 21)
    fake = Faker("zh_CN")
    fake.seed_instance(seed + 21)
    applicant, first, second = (
        _user(session, "duty"),
        _user(session, "reviewer"),
        _user(session, "reviewer2"),
    )
    vault_ready = _vault_ready()
    helpers = list(
        session.scalars(
            select(Staff.id)
            .where(Staff.kind.in_([StaffKind.auxiliary, StaffKind.grid_worker]))
            .order_by(Staff.id)
            .limit(200)
        )
    )
    case_ids = list(session.scalars(select(Case.id).order_by(Case.id).limit(200)))
    dissuaded = list(
        session.scalars(
            select(Warning.id)
            .where(Warning.outcome == Outcome.dissuaded, Warning.protected_fen > 0)
            .order_by(Warning.id.desc())
            .limit(40)
        )
    )
    now = clock.now()
    made = 0
    for gi, ground in enumerate(RewardGround):
        for step in STEPS:
            # Spread over the year; the ones still under way are recent.
            finished = step in (RewardStatus.paid, RewardStatus.rejected)
            back = rng.randint(40, 330) if finished else rng.randint(1, 12)
            if step == RewardStatus.confirmed:
                back = 5 + (gi % 3)
            at = now - timedelta(days=back, hours=rng.randint(0, 8))
            with clock.pinned(at):
                app = _apply(
                    session, applicant, ground, rng, fake, case_ids, dissuaded, helpers, vault_ready
                )
            _advance(session, app, step, at, applicant, first, second, rng)
            made += 1
    made += _lapsed_and_anonymous(session, applicant, first, second, rng, fake, now)
    clocks.chase(session, now)
    session.flush()
    return {"rewards": made}


def _apply(session, applicant, ground, rng, fake, case_ids, dissuaded, helpers, vault_ready):
    low, high = service.band_fen(ground)
    amount = rng.randrange(low // 100, high // 100 + 1, 100) * 100 or low
    n = rng.randint(1, 6)
    staff_id = None
    evidence: list[tuple[EvidenceKind, int]] = []
    deed = DEEDS[ground].format(yuan=f"{rng.randint(3, 60) * 10_000:,}", n=n)
    if ground == RewardGround.frontline_stop and dissuaded:
        filled = service.from_warning(session, applicant, dissuaded.pop())
        deed, staff_id = filled["deed"], filled["staff_id"]
        evidence.append((EvidenceKind.warning, filled["warning_id"]))
    elif ground != RewardGround.stopped_transfer and case_ids:
        evidence.append((EvidenceKind.case, rng.choice(case_ids)))
    app = service.create(
        session,
        applicant,
        service.RewardDraft(
            ground=ground,
            amount_fen=min(max(amount, low), high),
            deed=deed,
            justification=f"依据《奖励办法》{GROUNDS[ground].split('：')[0]}，按建议档位核定",
            major=ground in service.MAJOR_GROUNDS and n >= 5,
            arrests=n
            if ground not in (RewardGround.stopped_transfer, RewardGround.frontline_stop)
            else 0,
            evidence=tuple(evidence),
        ),
    )
    if ground == RewardGround.frontline_stop:
        primary = staff_id or rng.choice(helpers)
        service.add_staff(session, applicant, app, primary)
        other = rng.choice(helpers)
        if rng.random() < 0.3 and other != primary:  # 一事多人: a grid worker went too
            service.add_staff(session, applicant, app, other)
    elif vault_ready:
        service.add_citizen(session, applicant, app, _citizen(fake, rng))
    else:
        service.add_anonymous(session, applicant, app)
    return app


def _citizen(fake: Faker, rng: random.Random) -> Identity:
    return Identity(
        name=fake.name(),
        phone=identifiers.normalize_phone(
            f"{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 99_999_999):08d}"
        ).number,
        id_number=fake.ssn(),
        bank_account=f"6217{rng.randint(0, 10**15 - 1):015d}",
        bank_name=rng.choice(
            ["中国建设银行示例市分行", "中国工商银行示例市分行", "江苏银行示例市分行"]
        ),
    )


def _advance(session, app, step, at, applicant, first, second, rng) -> None:
    """Walk the application through the review up to `step`, a few hours per step."""
    if step == RewardStatus.draft:
        return
    t = at
    with clock.pinned(t := t + timedelta(hours=2)):
        service.submit(session, applicant, app)
    if step == RewardStatus.pending_review:
        return
    if step == RewardStatus.rejected:
        with clock.pinned(t + timedelta(days=1)):
            service.reject(session, first, app, "事迹材料不足以认定，请补充后重新申报")
        return
    with clock.pinned(t := t + timedelta(days=1)):
        service.approve(session, first, app)
    if step == RewardStatus.pending_recheck:
        return
    with clock.pinned(t := t + timedelta(days=1)):
        service.approve(session, second, app)
    if step == RewardStatus.pending_foundation:
        return
    with clock.pinned(t := t + timedelta(days=2)):
        service.confirm(session, first, app, f"示见基〔{t:%Y}〕{rng.randint(1, 99)}号")
    for person in app.beneficiaries:
        if person.kind == BeneficiaryKind.anonymous:
            continue  # identified at the counter when they come (see below)
        with clock.pinned(t + timedelta(hours=3)):
            service.verify_account(session, first, person)
    if step == RewardStatus.confirmed:
        return
    paid = t + timedelta(days=rng.randint(3, 13))
    with clock.pinned(paid):
        service.pay(
            session,
            first,
            app,
            f"ZZ{paid:%Y%m%d}{app.id:05d}",
            paid.astimezone(clock.SHANGHAI).date(),
        )


def _lapsed_and_anonymous(session, applicant, first, second, rng, fake, now) -> int:
    """Two rewards confirmed more than 15 days ago and still unpaid; one anonymous reporter
    paid at the counter."""
    made = 0
    for days in (26, 22):
        at = now - timedelta(days=days)
        with clock.pinned(at):
            app = service.create(
                session,
                applicant,
                service.RewardDraft(
                    ground=RewardGround.lead_two_cards,
                    amount_fen=300_000,
                    deed=DEEDS[RewardGround.lead_two_cards].format(n=2, yuan=""),
                    justification="依据《奖励办法》第四项，按建议档位核定",
                    arrests=2,
                ),
            )
            service.add_anonymous(session, applicant, app)
        _advance(session, app, RewardStatus.confirmed, at, applicant, first, second, rng)
        made += 1
    at = now - timedelta(days=30)
    with clock.pinned(at):
        app = service.create(
            session,
            applicant,
            service.RewardDraft(
                ground=RewardGround.lead_solved_case,
                amount_fen=1_000_000,
                deed="匿名举报城郊民房内有人架设多部“猫池”设备，经查为诈骗窝点，抓获 4 人",
                justification="依据《奖励办法》第二项，线索直接破案，按建议档位上限核定",
                arrests=4,
            ),
        )
        anonymous = service.add_anonymous(session, applicant, app)
    with clock.pinned(at):
        service.submit(session, applicant, app)
    with clock.pinned(at + timedelta(days=1)):
        service.approve(session, first, app)
    with clock.pinned(at + timedelta(days=2)):
        service.approve(session, second, app)
    with clock.pinned(at + timedelta(days=4)):
        service.confirm(session, first, app, "示见基〔2026〕7号")
    if not _vault_ready():  # the reporter's identity has nowhere to go: still awaited
        return made + 1
    paid = at + timedelta(days=9)
    with clock.pinned(paid):
        service.claim_in_person(session, first, anonymous, _citizen(fake, rng))
        service.pay(
            session,
            first,
            app,
            f"ZZ{paid:%Y%m%d}{app.id:05d}",
            paid.astimezone(clock.SHANGHAI).date(),
        )
    return made + 1
