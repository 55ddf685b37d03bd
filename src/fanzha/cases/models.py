from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fanzha.db import Base
from fanzha.fraud import FraudType
from fanzha.org.models import Unit
from fanzha.types import enum_column


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
    atm = "atm"  # ATM
    cash = "cash"  # 现金


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
    victim_phone: Mapped[str | None] = mapped_column(String(20), index=True)
    victim_id_number: Mapped[str | None] = mapped_column(String(18), index=True)
    victim_address: Mapped[str] = mapped_column(String(200), default="")
    # What happened.
    story: Mapped[str] = mapped_column(Text, default="")
    fraud_type: Mapped[FraudType] = mapped_column(enum_column(FraudType, "fraud_type"))
    loss_fen: Mapped[int] = mapped_column(BigInteger, default=0)  # the transfers' sum
    reported_at: Mapped[datetime]
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

    __table_args__ = (Index("ix_cases_unit_reported", "unit_id", "reported_at"),)


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
