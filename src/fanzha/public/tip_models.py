"""Tips (线索举报): what a citizen (or staff, for 110 / letters / visits) reported, the messages
between the center and the reporter, and the attachments.

A tip never holds who reported it: a 实名 reporter's name, phone and ID number are in the vault
(`vault_record_id`); the receipt code is kept only as a keyed lookup hash (one indexed query)
and a salted scrypt hash that must also match (fanzha.public.tips).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, LargeBinary, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from fanzha.db import Base
from fanzha.types import enum_column


class TipCategory(StrEnum):
    den = "den"  # 诈骗窝点
    cards = "cards"  # 两卡收购贩卖
    withdrawal = "withdrawal"  # 可疑取款
    card_opening = "card_opening"  # 可疑办卡
    site = "site"  # 涉诈网址/APP
    other = "other"  # 其他


class TipChannel(StrEnum):
    web = "web"  # 公众网站
    call110 = "call110"  # 110
    letter = "letter"  # 来信
    visit = "visit"  # 来访


class TipStatus(StrEnum):
    new = "new"  # 待处理
    assigned = "assigned"  # 已交办
    closed = "closed"  # 已办结


class TipOutcome(StrEnum):
    confirmed = "confirmed"  # 查实
    partly = "partly"  # 部分查实
    unfounded = "unfounded"  # 不实
    duplicate = "duplicate"  # 重复
    known = "known"  # 已掌握


class Tip(Base):
    __tablename__ = "tips"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    channel: Mapped[TipChannel] = mapped_column(enum_column(TipChannel, "tip_channel"))
    category: Mapped[TipCategory] = mapped_column(enum_column(TipCategory, "tip_category"))
    description: Mapped[str] = mapped_column(Text)
    anonymous: Mapped[bool] = mapped_column(Boolean)
    vault_record_id: Mapped[int | None] = mapped_column(ForeignKey("vault_records.id"))
    # HMAC-SHA256 of the code under the server's tip key: the one indexed lookup.
    code_lookup: Mapped[str] = mapped_column(String(64), unique=True)
    code_salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    code_hash: Mapped[bytes] = mapped_column(LargeBinary(32))  # scrypt(code, salt)
    status: Mapped[TipStatus] = mapped_column(enum_column(TipStatus, "tip_status"))
    outcome: Mapped[TipOutcome | None] = mapped_column(enum_column(TipOutcome, "tip_outcome"))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("tips.id"))
    lead_id: Mapped[int | None] = mapped_column(BigInteger)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now(), index=True)
    assigned_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]


class TipMessage(Base):
    """One message on a tip: from the center (`author_id` set) or from the reporter."""

    __tablename__ = "tip_messages"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    tip_id: Mapped[int] = mapped_column(ForeignKey("tips.id", ondelete="CASCADE"), index=True)
    from_center: Mapped[bool] = mapped_column(Boolean)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class TipAttachment(Base):
    """A picture the reporter sent: the original sealed on disk (never served, sha256 kept)
    and a copy with every piece of metadata stripped, the only file staff see."""

    __tablename__ = "tip_attachments"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    tip_id: Mapped[int] = mapped_column(ForeignKey("tips.id", ondelete="CASCADE"), index=True)
    original_sha256: Mapped[str] = mapped_column(String(64))
    original_bytes: Mapped[int] = mapped_column(Integer)
    original_path: Mapped[str] = mapped_column(String(200))
    copy_path: Mapped[str] = mapped_column(String(200))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
