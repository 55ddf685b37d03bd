"""The exclusions of the reward scheme (不予奖励情形), checked when an application is
submitted and again at each approval, and shown to whoever reads it."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from fanzha.config import get_settings
from fanzha.i18n import rewards as i18n
from fanzha.i18n.roles import STAFF_KINDS
from fanzha.i18n.vault import FIELDS as IDENTITY_FIELDS
from fanzha.linking import values
from fanzha.linking.models import CaseIndicator, Indicator, IndicatorKind
from fanzha.org.models import Staff
from fanzha.public.tip_models import Tip, TipOutcome
from fanzha.rewards.models import BeneficiaryKind, EvidenceKind, RewardApplication, RewardGround
from fanzha.vault import service as vault


def exclusions(session: Session, app: RewardApplication) -> list[str]:
    """Why a beneficiary may not be rewarded, in Chinese, one line each:
    - police and auxiliaries acting within their duties, except under ground 9 (settings);
    - a beneficiary whose phone, ID number or account is an indicator of a case the
      application rests on (a suspect or a mule is not a helper);
    - a tip it rests on (or the tip a linked lead came from) closed 已掌握: the center
      already held that lead, so the report brought nothing new."""
    found: list[str] = [
        i18n.EXCLUSIONS["known"].format(number=tip_id) for tip_id in _known_tips(session, app)
    ]
    duty_kinds = set(get_settings().reward_duty_staff_kinds)
    case_ids = [e.ref_id for e in app.evidence if e.kind == EvidenceKind.case]
    marked = _case_values(session, case_ids)
    for person in app.beneficiaries:
        if person.kind == BeneficiaryKind.staff and app.ground != RewardGround.frontline_stop:
            staff = session.get(Staff, person.staff_id)
            if staff is not None and staff.kind.value in duty_kinds:
                found.append(
                    i18n.EXCLUSIONS["duty"].format(
                        name=person.label, kind=STAFF_KINDS.get(staff.kind.value, staff.kind)
                    )
                )
        if person.vault_record_id is None or not marked:
            continue
        identity = vault.values_for_checks(session, person.vault_record_id)
        for field, kind in (
            ("phone", IndicatorKind.phone),
            ("bank_account", IndicatorKind.account),
        ):
            raw = getattr(identity, field)
            if raw and (kind, values.normalize(kind.value, raw)) in marked:
                found.append(
                    i18n.EXCLUSIONS["suspect"].format(
                        name=person.label, field=IDENTITY_FIELDS[field]
                    )
                )
    return found


def _known_tips(session: Session, app: RewardApplication) -> list[int]:
    """The ids of the tips the application rests on, directly or through the lead a tip
    became, that were closed 已掌握."""
    tip_ids = [e.ref_id for e in app.evidence if e.kind == EvidenceKind.tip]
    lead_ids = [e.ref_id for e in app.evidence if e.kind == EvidenceKind.lead]
    if not tip_ids and not lead_ids:
        return []
    return list(
        session.scalars(
            select(Tip.id)
            .where(
                or_(Tip.id.in_(tip_ids), Tip.lead_id.in_(lead_ids)),
                Tip.outcome == TipOutcome.known,
            )
            .order_by(Tip.id)
        )
    )


def _case_values(session: Session, case_ids: list[int]) -> set[tuple[IndicatorKind, str]]:
    if not case_ids:
        return set()
    rows = session.execute(
        select(Indicator.kind, Indicator.value)
        .join(CaseIndicator, CaseIndicator.indicator_id == Indicator.id)
        .where(CaseIndicator.case_id.in_(case_ids))
    )
    return {(kind, value) for kind, value in rows}
