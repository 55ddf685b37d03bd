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
    text,
)
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship, validates

from fanzha.auth import models as _users  # noqa: F401  (the table the *_by_id keys reference)
from fanzha.db import Base
from fanzha.fraud import FraudType
from fanzha.identifiers import name_initials
from fanzha.org.models import Unit
from fanzha.org.scope import unit_owned
from fanzha.types import enum_column
from fanzha.warnings.models import Warning


class CaseStatus(StrEnum):
    draft = "draft"  # 待受理: opened from a warning's 已被骗, or started at the desk
    registered = "registered"  # 已受理
    closed = "closed"  # 已结案
    voided = "voided"  # 已作废: not a fraud case after all


class TransferChannel(StrEnum):
    bank_transfer = "bank_transfer"  # 银行转账
    alipay = "alipay"  # 支付宝
    wechat = "wechat"  # 微信
    online_banking = "online_banking"  # 网银
    mobile_banking = "mobile_banking"  # 手机银行
    atm = "atm"  # ATM
    cash = "cash"  # 现金


@unit_owned("unit_id")
class Case(Base):
    """One report of money already lost to fraud."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    case_no: Mapped[str] = mapped_column(String(24), unique=True)  # AJ20261123-0001
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    status: Mapped[CaseStatus] = mapped_column(
        enum_column(CaseStatus, "case_status"), default=CaseStatus.draft
    )
    # The victim.
    victim_name: Mapped[str] = mapped_column(String(50), default="")
    # 张三 → zs, kept beside the name so the global search finds it by index (see validates).
    victim_name_initials: Mapped[str] = mapped_column(String(50), default="", server_default="")
    victim_phone: Mapped[str | None] = mapped_column(String(20), index=True)
    victim_id_number: Mapped[str | None] = mapped_column(String(18), index=True)
    victim_address: Mapped[str] = mapped_column(String(200), default="")
    # What happened.
    story: Mapped[str] = mapped_column(Text, default="")
    fraud_type: Mapped[FraudType] = mapped_column(enum_column(FraudType, "fraud_type"))
    loss_fen: Mapped[int] = mapped_column(BigInteger, default=0)  # the transfers' sum
    reported_at: Mapped[datetime]
    # When the first receiving account was entered: the 30-minute rule is met or missed here.
    accounts_entered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    registered_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    status_note: Mapped[str] = mapped_column(Text, default="")
    # The warning whose 已被骗 outcome opened this case.
    warning_id: Mapped[int | None] = mapped_column(ForeignKey("warnings.id"), unique=True)
    # 预后被骗: an earlier warning reached this victim, who was defrauded afterwards.
    warned_before_id: Mapped[int | None] = mapped_column(ForeignKey("warnings.id"))

    unit: Mapped[Unit] = relationship()
    transfers: Mapped[list[Transfer]] = relationship(
        back_populates="case", order_by="Transfer.at", cascade="all, delete-orphan"
    )
    # Read-only both ways; the backref gives the warning page `warning.draft_case` without the
    # warnings domain importing cases (the draft is opened by fanzha.cases.reactions).
    from_warning: Mapped[Warning | None] = relationship(
        Warning,
        foreign_keys=[warning_id],
        viewonly=True,
        backref=backref("draft_case", uselist=False, viewonly=True),
    )

    @validates("victim_name")
    def _keep_initials(self, _key: str, name: str) -> str:
        self.victim_name_initials = name_initials(name)
        return name

    __table_args__ = (
        Index("ix_cases_unit_reported", "unit_id", "reported_at"),
        # The global search: a case number, a name or its initials by prefix.
        Index(
            "ix_cases_case_no_prefix", "case_no", postgresql_ops={"case_no": "varchar_pattern_ops"}
        ),
        Index(
            "ix_cases_victim_name_prefix",
            "victim_name",
            postgresql_ops={"victim_name": "varchar_pattern_ops"},
        ),
        Index(
            "ix_cases_victim_initials",
            "victim_name_initials",
            postgresql_ops={"victim_name_initials": "varchar_pattern_ops"},
        ),
    )


@unit_owned("case_id", parent=Case)
class Transfer(Base):
    """One payment the victim made to the fraud side (the starting points of tracing)."""

    __tablename__ = "case_transfers"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    payer_account: Mapped[str] = mapped_column(String(40), default="")
    receiving_account: Mapped[str] = mapped_column(String(40), index=True)
    receiving_name: Mapped[str] = mapped_column(String(100), default="")
    receiving_bank: Mapped[str] = mapped_column(String(100), default="")
    channel: Mapped[TransferChannel] = mapped_column(
        enum_column(TransferChannel, "transfer_channel"), default=TransferChannel.bank_transfer
    )

    case: Mapped[Case] = relationship(back_populates="transfers")

    __table_args__ = (CheckConstraint("amount_fen > 0", name="amount_positive"),)


# --- the money loop: stop-payment, assistance, freeze, return ------------------------------


class StopPaymentStatus(StrEnum):
    requested = "requested"  # 待银行反馈: sent, the bank has not answered
    held = "held"  # 已止付: the bank holds money on the account
    empty = "empty"  # 无款可止: the bank answered, nothing left to hold
    frozen = "frozen"  # 已转冻结
    lapsed = "lapsed"  # 已失效: the 48 h ran out without a freeze
    released = "released"  # 已解除: lifted by the officer


@unit_owned("case_id", parent=Case)
class StopPayment(Base):
    """紧急止付 on one receiving account of a case: 48 h, renewable once."""

    __tablename__ = "stop_payments"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    account: Mapped[str] = mapped_column(String(40), index=True)
    account_name: Mapped[str] = mapped_column(String(100), default="")
    bank: Mapped[str] = mapped_column(String(100), default="")
    # The city of the account's branch when it is not ours: a 协查 goes to that city's center.
    branch_city: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[StopPaymentStatus] = mapped_column(
        enum_column(StopPaymentStatus, "stop_payment_status"), default=StopPaymentStatus.requested
    )
    terms: Mapped[int] = mapped_column(SmallInteger, default=1)  # 1, or 2 once renewed
    requested_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The bank's feedback.
    held_fen: Mapped[int | None] = mapped_column(BigInteger)
    balance_fen: Mapped[int | None] = mapped_column(BigInteger)
    feedback_at: Mapped[datetime | None]
    feedback_note: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None]

    case: Mapped[Case] = relationship()
    assist: Mapped[AssistRequest | None] = relationship(back_populates="stop_payment")

    __table_args__ = (
        UniqueConstraint("case_id", "account", name="uq_stop_payments_case_account"),
        # One running stop-payment per account across every case: a bank holds money once,
        # and two cases clicking together must end with one hold (the other joins it).
        Index(
            "uq_stop_payments_live_account",
            "account",
            unique=True,
            postgresql_where=text("status IN ('requested', 'held', 'empty')"),
        ),
        CheckConstraint("terms BETWEEN 1 AND 2", name="at_most_two_terms"),
        CheckConstraint("held_fen >= 0 AND balance_fen >= 0", name="amounts_not_negative"),
        Index("ix_stop_payments_status_expires", "status", "expires_at"),
    )


@unit_owned("case_id", parent=Case)
class HoldShare(Base):
    """A later case sharing an account's running stop-payment or active freeze instead of
    issuing a new one: the bank holds the money once, every case sharing it sees the hold."""

    __tablename__ = "hold_shares"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    stop_payment_id: Mapped[int | None] = mapped_column(
        ForeignKey("stop_payments.id", ondelete="CASCADE"), index=True
    )
    freeze_id: Mapped[int | None] = mapped_column(
        ForeignKey("freezes.id", ondelete="CASCADE"), index=True
    )
    joined_at: Mapped[datetime]
    joined_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship()

    __table_args__ = (
        CheckConstraint("(stop_payment_id IS NULL) <> (freeze_id IS NULL)", name="one_hold"),
        UniqueConstraint("case_id", "stop_payment_id", name="uq_hold_shares_case_stop"),
        UniqueConstraint("case_id", "freeze_id", name="uq_hold_shares_case_freeze"),
    )


class AssistStatus(StrEnum):
    sent = "sent"  # 已发送
    answered = "answered"  # 已回复: the other center reports what it held
    withdrawn = "withdrawn"  # 已撤回


@unit_owned("stop_payment_id", parent=StopPayment)
class AssistRequest(Base):
    """协查请求: another city's center is asked to act on an account in its city."""

    __tablename__ = "assist_requests"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    stop_payment_id: Mapped[int] = mapped_column(
        ForeignKey("stop_payments.id", ondelete="CASCADE"), unique=True
    )
    city: Mapped[str] = mapped_column(String(20))
    status: Mapped[AssistStatus] = mapped_column(
        enum_column(AssistStatus, "assist_status"), default=AssistStatus.sent
    )
    sent_at: Mapped[datetime]
    # When the answer is owed (liaison.asks.answer_due, `assist_answer_hours` after sent_at).
    due_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    held_fen: Mapped[int | None] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(Text, default="")

    stop_payment: Mapped[StopPayment] = relationship(back_populates="assist")

    __table_args__ = (CheckConstraint("held_fen >= 0", name="held_not_negative"),)


class FreezeStatus(StrEnum):
    active = "active"  # 冻结中
    unfreezing = "unfreezing"  # 解冻中: decided unrelated, the bank must act within 3 days
    unfrozen = "unfrozen"  # 已解冻
    lapsed = "lapsed"  # 已失效: expired without renewal — a red alarm
    returned = "returned"  # 已返还: the money went back to victims


@unit_owned("case_id", parent=Case)
class Freeze(Base):
    """冻结: a stop-payment converted before it lapsed; 6 months, or 1 year for a major case
    with city-level approval; renewable."""

    __tablename__ = "freezes"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    stop_payment_id: Mapped[int | None] = mapped_column(ForeignKey("stop_payments.id"), unique=True)
    account: Mapped[str] = mapped_column(String(40), index=True)
    account_name: Mapped[str] = mapped_column(String(100), default="")
    bank: Mapped[str] = mapped_column(String(100), default="")
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    major: Mapped[bool] = mapped_column(default=False)
    approval_no: Mapped[str] = mapped_column(String(60), default="")  # 市局审批文号
    approved_by: Mapped[str] = mapped_column(String(50), default="")
    status: Mapped[FreezeStatus] = mapped_column(
        enum_column(FreezeStatus, "freeze_status"), default=FreezeStatus.active
    )
    starts_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    renewals: Mapped[int] = mapped_column(SmallInteger, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The 7-day and 1-day reminders, each raised once per term.
    reminded_7d_at: Mapped[datetime | None]
    reminded_1d_at: Mapped[datetime | None]
    unfreeze_reason: Mapped[str] = mapped_column(Text, default="")
    unfreeze_due_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # A lapsed freeze stays red on the board until someone records what was done about it.
    alarm_handled_at: Mapped[datetime | None]
    alarm_note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship()

    __table_args__ = (
        CheckConstraint("amount_fen > 0", name="amount_positive"),
        CheckConstraint("NOT major OR approval_no <> ''", name="major_needs_approval"),
        Index("ix_freezes_status_expires", "status", "expires_at"),
    )


class ReturnKind(StrEnum):
    traceable = "traceable"  # 可溯源: the money is this victim's
    pooled = "pooled"  # 按比例: a share of a pool that cannot be traced to one victim


class ReturnStatus(StrEnum):
    noticed = "noticed"  # 公告中: a pooled share waits out the 30-day public notice
    ready = "ready"  # 待下达
    ordered = "ordered"  # 已下达: the bank must act within 3 working days
    done = "done"  # 已返还
    cancelled = "cancelled"  # 已撤销


@unit_owned("freeze_id", parent=Freeze)
class ReturnPool(Base):
    """Frozen money of several victims that cannot be traced to one: shared in proportion to
    each victim's loss after a public notice."""

    __tablename__ = "return_pools"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    freeze_id: Mapped[int] = mapped_column(ForeignKey("freezes.id"), index=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    notice_published_at: Mapped[datetime]
    notice_ends_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    freeze: Mapped[Freeze] = relationship()
    shares: Mapped[list[FundReturn]] = relationship(back_populates="pool", order_by="FundReturn.id")

    __table_args__ = (CheckConstraint("amount_fen > 0", name="amount_positive"),)


@unit_owned("case_id", parent=Case)
class FundReturn(Base):
    """One line of the return register: money going back to one case's victim."""

    __tablename__ = "fund_returns"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    freeze_id: Mapped[int | None] = mapped_column(ForeignKey("freezes.id"), index=True)
    pool_id: Mapped[int | None] = mapped_column(ForeignKey("return_pools.id"), index=True)
    kind: Mapped[ReturnKind] = mapped_column(enum_column(ReturnKind, "return_kind"))
    status: Mapped[ReturnStatus] = mapped_column(enum_column(ReturnStatus, "return_status"))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    ordered_at: Mapped[datetime | None]
    bank_due_at: Mapped[datetime | None]
    due_caveat: Mapped[str] = mapped_column(String(100), default="")  # calendar not published
    # 因节假日安排更新，到期时间由 … 改为 …: the last time an entered schedule moved the due time.
    due_change_note: Mapped[str] = mapped_column(String(200), default="")
    done_at: Mapped[datetime | None]
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship()
    freeze: Mapped[Freeze | None] = relationship()
    pool: Mapped[ReturnPool | None] = relationship(back_populates="shares")

    __table_args__ = (
        CheckConstraint("amount_fen > 0", name="amount_positive"),
        CheckConstraint("(kind = 'pooled') = (pool_id IS NOT NULL)", name="pooled_has_pool"),
    )


@unit_owned("case_id", parent=Case)
class CaseArrest(Base):
    """Suspects arrested on a case (抓获嫌疑人), as its officers enter them: one row per
    arrest, counted by the local day of the arrest and the case's unit."""

    __tablename__ = "case_arrests"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    arrested_on: Mapped[date] = mapped_column(index=True)  # Asia/Shanghai day
    suspects: Mapped[int] = mapped_column(SmallInteger)
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    case: Mapped[Case] = relationship()

    __table_args__ = (CheckConstraint("suspects BETWEEN 1 AND 999", name="suspects_range"),)
