"""The vault's tables: identities as ciphertext, and the requests to see one."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Index, LargeBinary, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from fanzha.db import Base
from fanzha.types import enum_column


class VaultRequestStatus(StrEnum):
    pending = "pending"  # 待审批
    approved = "approved"  # 已批准: a grant until `expires_at`
    refused = "refused"  # 已拒绝


class VaultRecord(Base):
    """One person's identity (name, phone, ID number, bank account) as a Fernet token. Only
    `subject_kind`/`subject_ref` say whose it is (线索举报人 of tip 12); nothing readable
    about the person is stored beside the token, so lists, exports and backups carry none."""

    __tablename__ = "vault_records"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(30))
    subject_ref: Mapped[str] = mapped_column(String(60))
    token: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # When the token was last written (stored or re-encrypted under the current key).
    encrypted_at: Mapped[datetime] = mapped_column(server_default=func.now())

    __table_args__ = (Index("ix_vault_records_subject", "subject_kind", "subject_ref"),)


class VaultRequest(Base):
    """A reviewer's request to see one identity, with the reason; a custodian other than the
    requester approves (a grant until `expires_at`) or refuses it."""

    __tablename__ = "vault_requests"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("vault_records.id", ondelete="CASCADE"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(500))
    status: Mapped[VaultRequestStatus] = mapped_column(
        enum_column(VaultRequestStatus, "vault_request_status")
    )
    requested_at: Mapped[datetime] = mapped_column(server_default=func.now())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str] = mapped_column(String(500), default="")
    expires_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_vault_requests_record", "record_id"),
        # One open request per person and record: asking twice adds nothing to approve.
        Index(
            "uq_vault_requests_one_pending",
            "record_id",
            "requested_by_id",
            unique=True,
            postgresql_where=text("status = 'pending'"),
        ),
    )
