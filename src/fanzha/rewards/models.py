"""Reward applications (奖励申报), their beneficiaries and the records they rest on."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fanzha.db import Base
from fanzha.org.scope import unit_owned
from fanzha.types import enum_column


class RewardGround(StrEnum):
    """The nine grounds of the Lianyungang scheme, in its order (DOMAIN.md workflow 5)."""

    stopped_transfer = "stopped_transfer"
    lead_solved_case = "lead_solved_case"
    lead_fugitive = "lead_fugitive"
    lead_two_cards = "lead_two_cards"
    lead_abroad = "lead_abroad"
    caught_suspect = "caught_suspect"
    bank_staff_report = "bank_staff_report"
    telecom_staff_report = "telecom_staff_report"
    frontline_stop = "frontline_stop"


class RewardStatus(StrEnum):
    draft = "draft"  # 草稿
    pending_review = "pending_review"  # 待审核
    pending_recheck = "pending_recheck"  # 待复核
    pending_foundation = "pending_foundation"  # 待基金会确认
    confirmed = "confirmed"  # 已确认: the 15-day payment clock runs
    paid = "paid"  # 已发放
    rejected = "rejected"  # 已驳回


class BeneficiaryKind(StrEnum):
    citizen = "citizen"  # 群众, identity in the vault
    staff = "staff"  # 工作人员 (ground 9 and bank/telecom staff on the roster)
    anonymous = "anonymous"  # 匿名举报人: identity recorded at the counter when paid


class EvidenceKind(StrEnum):
    warning = "warning"
    case = "case"
    lead = "lead"
    tip = "tip"  # a citizen's 线索举报 (the public site, 110, letters, visits)


@unit_owned("unit_id")
class RewardApplication(Base):
    __tablename__ = "reward_applications"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), default="")  # JL2026120100001
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    ground: Mapped[RewardGround] = mapped_column(enum_column(RewardGround, "reward_ground"))
    status: Mapped[RewardStatus] = mapped_column(enum_column(RewardStatus, "reward_status"))
    major: Mapped[bool] = mapped_column(default=False)  # 重奖: grounds 2 and 6 only
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    deed: Mapped[str] = mapped_column(Text)
    justification: Mapped[str] = mapped_column(Text)
    arrests: Mapped[int] = mapped_column(SmallInteger, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    submitted_at: Mapped[datetime | None]
    first_approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    first_approved_at: Mapped[datetime | None]
    second_approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    second_approved_at: Mapped[datetime | None]
    foundation_ref: Mapped[str] = mapped_column(String(60), default="")
    confirmed_at: Mapped[datetime | None]
    pay_due_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    lapsed_at: Mapped[datetime | None]  # the alarm raised when the clock ran out unpaid
    paid_at: Mapped[datetime | None]
    paid_on: Mapped[date | None]
    transfer_ref: Mapped[str] = mapped_column(String(60), default="")
    rejected_at: Mapped[datetime | None]
    rejected_reason: Mapped[str] = mapped_column(String(500), default="")

    beneficiaries: Mapped[list[RewardBeneficiary]] = relationship(
        back_populates="application", order_by="RewardBeneficiary.id"
    )
    evidence: Mapped[list[RewardEvidence]] = relationship(order_by="RewardEvidence.id")

    __table_args__ = (
        CheckConstraint("amount_fen BETWEEN 20000 AND 5000000", name="amount_in_scheme"),
        CheckConstraint("arrests >= 0", name="arrests_not_negative"),
        Index("ix_reward_applications_status_due", "status", "pay_due_at"),
        Index("ix_reward_applications_unit", "unit_id"),
    )


@unit_owned("application_id", parent=RewardApplication)
class RewardBeneficiary(Base):
    """One person a reward goes to; several share one deed's reward by `weight` (largest
    remainder, to the fen). A citizen's identity and account are in the vault only."""

    __tablename__ = "reward_beneficiaries"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("reward_applications.id", ondelete="CASCADE")
    )
    kind: Mapped[BeneficiaryKind] = mapped_column(enum_column(BeneficiaryKind, "beneficiary_kind"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    vault_record_id: Mapped[int | None] = mapped_column(ForeignKey("vault_records.id"))
    # Shown in lists instead of the name: "张*（群众）", "匿名举报人".
    label: Mapped[str] = mapped_column(String(40))
    weight: Mapped[int] = mapped_column(SmallInteger, default=1)
    share_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    application: Mapped[RewardApplication] = relationship(back_populates="beneficiaries")

    __table_args__ = (
        CheckConstraint("weight BETWEEN 1 AND 100", name="weight_range"),
        UniqueConstraint("application_id", "staff_id", name="uq_reward_beneficiaries_staff"),
    )


class RewardEvidence(Base):
    """A record the application rests on: a warning, case, lead or tip, by id."""

    __tablename__ = "reward_evidence"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("reward_applications.id", ondelete="CASCADE")
    )
    kind: Mapped[EvidenceKind] = mapped_column(enum_column(EvidenceKind, "reward_evidence_kind"))
    ref_id: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        UniqueConstraint("application_id", "kind", "ref_id", name="uq_reward_evidence_ref"),
    )
