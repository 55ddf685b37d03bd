from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, deferred, mapped_column

from fanzha.auth import models as _users  # noqa: F401  (the table the *_by_id keys reference)
from fanzha.cases.models import Case
from fanzha.db import Base
from fanzha.org.scope import unit_owned
from fanzha.types import enum_column


class ImportStatus(StrEnum):
    needs_mapping = "needs_mapping"  # 待映射列: a layout we do not know yet
    queued = "queued"  # 排队中
    running = "running"  # 导入中
    done = "done"  # 已导入
    failed = "failed"  # 未导入 (bad rows listed; nothing written)
    cancelled = "cancelled"  # 已取消 (by an officer; nothing written)


@unit_owned("case_id", parent=Case)
class StatementImport(Base):
    """One uploaded statement file: the original kept as evidence, and how its import went."""

    __tablename__ = "statement_imports"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    default_account: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[ImportStatus] = mapped_column(enum_column(ImportStatus, "import_status"))
    layouts: Mapped[str] = mapped_column(String(200), default="")  # the labels, for the list
    # how each table was recognised: [{"sheet", "label", "score", "matched": [headers]}]
    recognised: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONB, default=list, server_default=text("'[]'::jsonb")
    )
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    rows_imported: Mapped[int] = mapped_column(Integer, default=0)
    rows_duplicate: Mapped[int] = mapped_column(Integer, default=0)
    rows_skipped: Mapped[int] = mapped_column(Integer, default=0)  # failed or 不计收支 rows
    accounts: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    # 流水不连续 (fundflow.continuity): {"account", "after", "before" (ISO UTC), "missing_fen"}
    gaps: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list, server_default="[]")
    message: Mapped[str] = mapped_column(Text, default="")
    # the table that needs its columns mapped: {"sheet", "header_row", "headers", "signature"}
    pending: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    finished_at: Mapped[datetime | None]


@unit_owned("import_id", parent=StatementImport)
class StatementRow(Base):
    """One money movement from a statement, normalised (see fundflow.statements)."""

    __tablename__ = "statement_rows"
    __table_args__ = (
        # Tracing reads one account's movements in time order, hop by hop.
        Index("ix_statement_rows_account_at", "account", "at"),
        # 流水明细 pages a case's rows in time order (migration 0018).
        Index("ix_statement_rows_import_at", "import_id", "at", "id"),
        CheckConstraint("amount_fen > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("statement_imports.id", ondelete="CASCADE"))
    source_row: Mapped[int] = mapped_column(Integer)  # the row number in the file
    account: Mapped[str] = mapped_column(String(64))
    account_name: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[datetime]
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    direction: Mapped[str] = mapped_column(String(3))  # in / out
    counterpart: Mapped[str] = mapped_column(String(64), default="", index=True)
    counterpart_name: Mapped[str] = mapped_column(String(100), default="")
    counterpart_bank: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(10))  # fundflow.tracing.MovementKind
    balance_fen: Mapped[int | None] = mapped_column(BigInteger)
    summary: Mapped[str] = mapped_column(String(200), default="")
    serial: Mapped[str] = mapped_column(String(64), default="")
    fingerprint: Mapped[bytes] = mapped_column(LargeBinary(16), unique=True)
    # a withdrawal to the holder's own card names only its tail: that statement is requested
    own_card_tail: Mapped[str] = mapped_column(String(6), default="", server_default="")


class StatementLayout(Base):
    """A column mapping an officer made for a layout we did not know, used again next time."""

    __tablename__ = "statement_layouts"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    signature: Mapped[str] = mapped_column(String(40), unique=True)
    headers: Mapped[list[str]] = mapped_column(JSONB)
    mapping: Mapped[dict[str, int]] = mapped_column(JSONB)  # field → column index
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


@unit_owned("import_id", parent=StatementImport)
class AccountHolder(Base):
    """Who holds an account, from the 人员信息 sheet a bank returns with its statement: the
    two-card watch lists mules by person, not by card."""

    __tablename__ = "account_holders"

    account: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    id_number: Mapped[str | None] = mapped_column(String(18), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("statement_imports.id", ondelete="SET NULL")
    )
