"""Reward applications (奖励申报) on the nine grounds of the Lianyungang scheme (DOMAIN.md
workflow 5; 连云港市防范打击治理电信网络诈骗犯罪有功人民群众专项奖励办法, 2024 revision):
200–50,000 yuan, confirmed by the police and the 见义勇为 foundation, paid by transfer within
15 days of the foundation's confirmation.

草稿 → 待审核 → 待复核 → 待基金会确认 → 已确认 → 已发放, or 已驳回 from any review step. The
reviewer never approves their own application and the second approver is never the first.
Money in fen; several beneficiaries of one deed split the amount by largest remainder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock, deadlines
from fanzha.access import Permission, Principal
from fanzha.audit.models import AuditAction
from fanzha.audit.service import record as audit
from fanzha.auth.models import User
from fanzha.cases.models import Case
from fanzha.config import get_settings
from fanzha.fields import visible_text
from fanzha.holidays import service as holidays
from fanzha.i18n import rewards as i18n
from fanzha.i18n.public import TIP_CATEGORIES
from fanzha.kernel import states
from fanzha.linking.models import Lead
from fanzha.masking import mask_name
from fanzha.money import format_yuan, split_proportionally
from fanzha.org import scope
from fanzha.org.models import Staff
from fanzha.public import tips as public_tips
from fanzha.public.tip_models import Tip
from fanzha.rewards.errors import (
    RewardAmountOutOfRange,
    RewardBeneficiaryNotFound,
    RewardClaimCodeWrong,
    RewardClaimNotAnonymous,
    RewardEvidenceNotFound,
    RewardExcluded,
    RewardFoundationRefMissing,
    RewardJustificationMissing,
    RewardNoAccount,
    RewardNoBeneficiary,
    RewardNotDraft,
    RewardOwnApplication,
    RewardPaidOnInvalid,
    RewardReasonMissing,
    RewardSameApprover,
    RewardStaffNotFound,
    RewardStaffTwice,
    RewardStepChanged,
    RewardTransferRefMissing,
    RewardUnverifiedAccount,
    RewardVerifyAnonymous,
    RewardWarningNotDissuaded,
    RewardWeightInvalid,
)
from fanzha.rewards.exclusions import exclusions
from fanzha.rewards.models import (
    BeneficiaryKind,
    EvidenceKind,
    RewardApplication,
    RewardBeneficiary,
    RewardEvidence,
    RewardGround,
)
from fanzha.rewards.models import RewardStatus as S
from fanzha.vault import service as vault
from fanzha.warnings.models import Outcome, Warning

SCHEME_LOW_FEN, SCHEME_HIGH_FEN = 20_000, 5_000_000  # 200–50,000 yuan
MAJOR_GROUNDS = frozenset({RewardGround.lead_solved_case, RewardGround.caught_suspect})
REVIEW = (S.pending_review, S.pending_recheck, S.pending_foundation)

MACHINE = states.machine(
    "reward",
    i18n.SUBJECT,
    "reward_applications",
    {
        S.draft: {S.pending_review},
        S.pending_review: {S.pending_recheck, S.rejected},
        S.pending_recheck: {S.pending_foundation, S.rejected},
        S.pending_foundation: {S.confirmed, S.rejected},
        S.confirmed: {S.paid},
        S.paid: set(),
        S.rejected: set(),
    },
    initial={S.draft},
    labels=i18n.STATUSES,
    action=AuditAction.reward_transition,
    stamps={
        S.pending_review: "submitted_at",
        S.pending_recheck: "first_approved_at",
        S.pending_foundation: "second_approved_at",
        S.confirmed: "confirmed_at",
        S.paid: "paid_at",
        S.rejected: "rejected_at",
    },
)
_EVIDENCE_MODELS = {
    EvidenceKind.warning: Warning,
    EvidenceKind.case: Case,
    EvidenceKind.lead: Lead,
    EvidenceKind.tip: Tip,
}


@dataclass(frozen=True)
class RewardDraft:
    """What the applicant fills in (validated at the edge by rewards.schemas.RewardIn)."""

    ground: RewardGround
    amount_fen: int
    deed: str
    justification: str
    major: bool = False
    arrests: int = 0
    evidence: tuple[tuple[EvidenceKind, int], ...] = ()


def band_fen(ground: RewardGround, major: bool = False) -> tuple[int, int]:
    """The suggested band of a ground in fen (settings), the top of the scheme for 重奖."""
    low, high = get_settings().reward_bands_yuan[ground.value]
    if major and ground in MAJOR_GROUNDS:
        high = SCHEME_HIGH_FEN // 100
    return low * 100, high * 100


def outside_band(app: RewardApplication) -> tuple[int, int] | None:
    """The band an amount lies outside of (shown to the approvers), or None."""
    low, high = band_fen(app.ground, app.major)
    return None if low <= app.amount_fen <= high else (low, high)


def _check_amount(amount_fen: int) -> None:
    if not SCHEME_LOW_FEN <= amount_fen <= SCHEME_HIGH_FEN:
        raise RewardAmountOutOfRange(
            field="amount_fen", low=format_yuan(SCHEME_LOW_FEN), high=format_yuan(SCHEME_HIGH_FEN)
        )


def create(
    session: Session, actor: Principal, data: RewardDraft, *, unit_id: int | None = None
) -> RewardApplication:
    """A draft in the applicant's unit (or `unit_id`, for the system). Raises
    RewardAmountOutOfRange (outside 200–50,000), RewardJustificationMissing,
    RewardEvidenceNotFound (a record the applicant cannot see)."""
    _check_amount(data.amount_fen)
    if not data.justification.strip() or not data.deed.strip():
        raise RewardJustificationMissing(field="justification")
    if unit_id is None:
        unit = scope.own_unit(session, actor)
        unit_id = unit.id if unit else None
    app = RewardApplication(
        unit_id=unit_id,
        ground=data.ground,
        major=data.major and data.ground in MAJOR_GROUNDS,
        amount_fen=data.amount_fen,
        deed=data.deed.strip(),
        justification=data.justification.strip(),
        arrests=data.arrests,
        created_by_id=actor.user_id,
    )
    states.begin(MACHINE, app, S.draft)
    session.add(app)
    session.flush()
    app.number = f"JL{clock.now().astimezone(clock.SHANGHAI):%Y%m%d}{app.id:05d}"
    for kind, ref in dict.fromkeys(data.evidence):
        if not _evidence_visible(session, actor, kind, ref):
            raise RewardEvidenceNotFound(kind=i18n.EVIDENCE_KINDS[kind], ref=ref)
        app.evidence.append(RewardEvidence(kind=kind, ref_id=ref))
    audit(
        session,
        actor,
        AuditAction.reward_created,
        target_type="reward_applications",
        target_id=app.id,
        summary=i18n.AUDIT["created"].format(number=app.number, ground=i18n.GROUNDS[app.ground]),
    )
    return app


def _evidence_visible(session: Session, actor: Principal, kind: EvidenceKind, ref: int) -> bool:
    model = _EVIDENCE_MODELS[kind]
    if session.get(model, ref) is None:
        return False
    if kind == EvidenceKind.tip:  # tips belong to no unit: whoever reads the inbox sees them
        return actor.can(Permission.tips_read)
    return scope.in_scope(session, actor, model, ref)


def from_tip(session: Session, actor: Principal, tip_id: int) -> dict:
    """What an application pre-fills from a tip: the tip as evidence and its gist as the
    deed. Raises RewardEvidenceNotFound when the tip is not there (or not readable)."""
    tip = session.get(Tip, tip_id)
    if tip is None or not actor.can(Permission.tips_read):
        raise RewardEvidenceNotFound(kind=i18n.EVIDENCE_KINDS["tip"], ref=tip_id)
    return {
        "tip_id": tip.id,
        "deed": i18n.TEXT["from_tip"].format(
            number=tip.id, category=TIP_CATEGORIES[tip.category], text=tip.description[:200]
        ),
    }


def add_reporter(
    session: Session, actor: Principal, app: RewardApplication, tip_id: int, weight=1
) -> RewardBeneficiary:
    """The tip's reporter as beneficiary: a 实名 reporter through the identity the vault already
    holds (nothing copied), an anonymous one to be identified at the counter."""
    _draft(app)
    tip = session.get(Tip, tip_id)
    if tip is None:
        raise RewardEvidenceNotFound(kind=i18n.EVIDENCE_KINDS["tip"], ref=tip_id)
    if tip.anonymous or tip.vault_record_id is None:
        return add_anonymous(session, actor, app, weight)
    person = RewardBeneficiary(
        kind=BeneficiaryKind.citizen,
        label=i18n.TEXT["reporter"].format(kind=i18n.BENEFICIARY_KINDS["citizen"]),
        weight=_weight(weight),
        vault_record_id=tip.vault_record_id,
    )
    app.beneficiaries.append(person)
    session.flush()
    _audit_added(session, actor, app)
    return person


def from_warning(session: Session, actor: Principal, warning_id: int) -> dict:
    """What a ground-9 application pre-fills from a warning closed 已劝阻 with money protected:
    the ground, the warning as evidence, the amount protected in the deed, and the member of
    staff who closed it. Raises RewardWarningNotDissuaded."""
    warning = scope.get_scoped(session, actor, Warning, warning_id)
    if warning.outcome != Outcome.dissuaded:
        raise RewardWarningNotDissuaded()
    closer = session.get(User, warning.closed_by_id) if warning.closed_by_id else None
    return {
        "ground": RewardGround.frontline_stop,
        "warning_id": warning.id,
        "deed": i18n.TEXT["from_warning"].format(
            number=f"#{warning.id}", yuan=format_yuan(warning.protected_fen)
        ),
        "staff_id": closer.staff_id if closer else None,
    }


def _draft(app: RewardApplication) -> None:
    if app.status != S.draft:
        raise RewardNotDraft()


def _weight(weight: int) -> int:
    if not 1 <= weight <= 100:
        raise RewardWeightInvalid(field="weight")
    return weight


def add_citizen(
    session: Session, actor: Principal, app: RewardApplication, identity: vault.Identity, weight=1
) -> RewardBeneficiary:
    """A citizen beneficiary: name, phone, ID number and account go into the vault; the
    application keeps only a masked label. Raises RewardNotDraft, VaultIdentityEmpty."""
    _draft(app)
    person = RewardBeneficiary(
        kind=BeneficiaryKind.citizen,
        label=f"{mask_name(identity.name)}（{i18n.BENEFICIARY_KINDS['citizen']}）",
        weight=_weight(weight),
    )
    app.beneficiaries.append(person)
    session.flush()
    person.vault_record_id = vault.store(
        session, actor, identity, subject_kind="reward_beneficiary", subject_ref=person.id
    ).id
    _audit_added(session, actor, app)
    return person


def add_staff(
    session: Session,
    actor: Principal,
    app: RewardApplication,
    staff_id: int,
    weight=1,
    account: vault.Identity | None = None,
) -> RewardBeneficiary:
    """A member of staff (auxiliary, grid worker, bank staff on the roster). Their account for
    the transfer, when given, goes into the vault. Raises RewardStaffNotFound, RewardStaffTwice."""
    _draft(app)
    staff = session.get(Staff, staff_id)
    if staff is None or not scope.in_scope(session, actor, Staff, staff_id):
        raise RewardStaffNotFound(field="staff_id")
    if any(b.staff_id == staff_id for b in app.beneficiaries):
        raise RewardStaffTwice(field="staff_id")
    person = RewardBeneficiary(
        kind=BeneficiaryKind.staff,
        staff_id=staff_id,
        label=f"{mask_name(staff.name)}（{i18n.BENEFICIARY_KINDS['staff']}）",
        weight=_weight(weight),
    )
    app.beneficiaries.append(person)
    session.flush()
    if account is not None and not account.is_empty():
        person.vault_record_id = vault.store(
            session, actor, account, subject_kind="reward_beneficiary", subject_ref=person.id
        ).id
    _audit_added(session, actor, app)
    return person


def add_anonymous(
    session: Session, actor: Principal, app: RewardApplication, weight=1
) -> RewardBeneficiary:
    """An anonymous reporter: paid against their receipt code in person, when the identity
    shown at the counter is recorded into the vault (`claim_in_person`)."""
    _draft(app)
    person = RewardBeneficiary(
        kind=BeneficiaryKind.anonymous,
        label=i18n.BENEFICIARY_KINDS["anonymous"],
        weight=_weight(weight),
    )
    app.beneficiaries.append(person)
    session.flush()
    _audit_added(session, actor, app)
    return person


def _audit_added(session: Session, actor: Principal, app: RewardApplication) -> None:
    audit(
        session,
        actor,
        AuditAction.reward_beneficiary_added,
        target_type="reward_applications",
        target_id=app.id,
        summary=i18n.AUDIT["beneficiary_added"].format(number=app.number),
    )


def share_out(app: RewardApplication) -> None:
    """Each beneficiary's share of the amount by weight, in fen adding up exactly."""
    people = list(app.beneficiaries)
    if not people:
        return
    for person, fen in zip(
        people, split_proportionally(app.amount_fen, [p.weight for p in people]), strict=True
    ):
        person.share_fen = fen


def submit(session: Session, actor: Principal, app: RewardApplication) -> None:
    """草稿 → 待审核. Raises RewardNoBeneficiary, RewardExcluded naming every reason."""
    if not app.beneficiaries:
        raise RewardNoBeneficiary()
    found = exclusions(session, app)
    if found:
        raise RewardExcluded(reasons="；".join(found))
    share_out(app)
    states.move(session, MACHINE, app, S.pending_review, actor=actor, label=app.number)


def approve(
    session: Session, actor: Principal, app: RewardApplication, seen: S | None = None
) -> None:
    """待审核 → 待复核 (审核) or 待复核 → 待基金会确认 (复核). The applicant never approves;
    the second approver is never the first. `seen` is the status the approver's page showed:
    when another reviewer moved it meanwhile, RewardStepChanged (409), so a click on a stale
    审核 page never becomes the 复核. Raises RewardOwnApplication, RewardSameApprover,
    RewardExcluded (a reason found since submission), IllegalMove (409) from another status."""
    # Two reviewers at once take turns, and each decides on the status as it now is
    # (flushed first, so the re-read keeps this transaction's own changes).
    session.flush()
    session.refresh(app, with_for_update=True)
    if seen is not None and app.status != seen:
        raise RewardStepChanged()
    if actor.user_id is not None and actor.user_id == app.created_by_id:
        raise RewardOwnApplication()
    # A reason may arise after submission (the tip closed 已掌握 meanwhile): no approval then.
    found = exclusions(session, app)
    if found:
        raise RewardExcluded(reasons="；".join(found))
    if app.status == S.pending_recheck:
        if actor.user_id == app.first_approved_by_id:
            raise RewardSameApprover()
        states.move(session, MACHINE, app, S.pending_foundation, actor=actor, label=app.number)
        app.second_approved_by_id = actor.user_id
        return
    states.move(session, MACHINE, app, S.pending_recheck, actor=actor, label=app.number)
    app.first_approved_by_id = actor.user_id


def confirm(
    session: Session, actor: Principal, app: RewardApplication, foundation_ref: str
) -> None:
    """The 见义勇为 foundation confirmed (its reference kept): 已确认, and the payment clock
    starts — 15 days (settings), a last day off work moving to the next working day."""
    ref = " ".join((foundation_ref or "").split())[:60]
    if not ref:
        raise RewardFoundationRefMissing(field="foundation_ref")
    states.move(session, MACHINE, app, S.confirmed, actor=actor, label=app.number)
    app.foundation_ref = ref
    app.pay_due_at = pay_due(session, app.confirmed_at)


def pay_due(session: Session, confirmed_at: datetime) -> datetime:
    """When the payment is due: `reward_pay_days` calendar days after confirmation."""
    schedule = holidays.schedule(session)
    return deadlines.calendar_days_due(
        confirmed_at, get_settings().reward_pay_days, schedule
    ).due_at


def reject(session: Session, actor: Principal, app: RewardApplication, reason: str) -> None:
    """已驳回 from any review step, with the reason. Raises RewardReasonMissing, IllegalMove."""
    reason = " ".join(visible_text(reason).split())[:500]
    if not reason:
        raise RewardReasonMissing(field="reason")
    states.move(session, MACHINE, app, S.rejected, actor=actor, label=app.number, reason=reason)
    app.rejected_reason = reason


def beneficiary(session: Session, app: RewardApplication, beneficiary_id: int) -> RewardBeneficiary:
    person = session.get(RewardBeneficiary, beneficiary_id)
    if person is None or person.application_id != app.id:
        raise RewardBeneficiaryNotFound()
    return person


def verify_account(session: Session, actor: Principal, person: RewardBeneficiary) -> None:
    """The account the transfer goes to was checked against the person (at the bank). An
    anonymous reporter has none until they come to the counter: RewardVerifyAnonymous (409);
    a citizen with no bank account in the vault: RewardNoAccount (409)."""
    if person.kind == BeneficiaryKind.anonymous and person.vault_record_id is None:
        raise RewardVerifyAnonymous()
    # A transfer needs an account: a citizen on file by name or phone only has none to check.
    if person.kind == BeneficiaryKind.citizen and (
        person.vault_record_id is None
        or not vault.values_for_checks(session, person.vault_record_id).bank_account
    ):
        raise RewardNoAccount()
    person.verified_at = clock.now()
    person.verified_by_id = actor.user_id
    audit(
        session,
        actor,
        AuditAction.reward_account_verified,
        target_type="reward_applications",
        target_id=person.application_id,
        summary=i18n.AUDIT["verified"].format(number=person.application.number),
    )


def claim_in_person(
    session: Session,
    actor: Principal,
    person: RewardBeneficiary,
    identity: vault.Identity,
    code: str = "",
) -> None:
    """An anonymous reporter came to the counter with their receipt code: the ID shown and
    the account given are recorded into the vault, and the account counts as verified.
    When the reward rests on tips, `code` must be the receipt code of one of them
    (RewardClaimCodeWrong); RewardClaimNotAnonymous for anyone but an anonymous reporter."""
    if person.kind != BeneficiaryKind.anonymous:
        raise RewardClaimNotAnonymous()
    if not claim_code_ok(session, person.application, code):
        raise RewardClaimCodeWrong(field="code")
    person.vault_record_id = vault.store(
        session, actor, identity, subject_kind="payout_claimant", subject_ref=person.id
    ).id
    person.verified_at = clock.now()
    person.verified_by_id = actor.user_id
    audit(
        session,
        actor,
        AuditAction.reward_claimed,
        target_type="reward_applications",
        target_id=person.application_id,
        summary=i18n.AUDIT["claimed"].format(number=person.application.number),
    )


def claim_code_ok(session: Session, app: RewardApplication, code: str) -> bool:
    """Whether `code` is the receipt code of a tip `app` rests on (True when it rests on
    none: a reporter entered without a tip has no code to show)."""
    tip_ids = [e.ref_id for e in app.evidence if e.kind == EvidenceKind.tip]
    if not tip_ids:
        return True
    return any(
        public_tips.code_matches(tip, code)
        for tip in session.scalars(select(Tip).where(Tip.id.in_(tip_ids)))
    )


def pay(
    session: Session, actor: Principal, app: RewardApplication, transfer_ref: str, paid_on: date
) -> None:
    """已确认 → 已发放, with the transfer's reference and date, to verified accounts only.
    Raises RewardUnverifiedAccount naming who, RewardTransferRefMissing, RewardPaidOnInvalid."""
    MACHINE.check(app.status, S.paid)  # a reward not confirmed yet is not paid, whatever else
    ref = " ".join((transfer_ref or "").split())[:60]
    if not ref:
        raise RewardTransferRefMissing(field="transfer_ref")
    for person in app.beneficiaries:
        if person.verified_at is None:
            raise RewardUnverifiedAccount(name=person.label)
    today = clock.now().astimezone(clock.SHANGHAI).date()
    confirmed_on = app.confirmed_at.astimezone(clock.SHANGHAI).date() if app.confirmed_at else None
    if paid_on > today or (confirmed_on and paid_on < confirmed_on):
        raise RewardPaidOnInvalid(field="paid_on")
    states.move(session, MACHINE, app, S.paid, actor=actor, label=app.number)
    app.transfer_ref, app.paid_on = ref, paid_on
    audit(
        session,
        actor,
        AuditAction.reward_paid,
        target_type="reward_applications",
        target_id=app.id,
        summary=i18n.AUDIT["paid"].format(number=app.number, ref=ref),
    )
