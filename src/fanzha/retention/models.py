from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fanzha.auth.models import User
from fanzha.db import Base


class HoldTarget(StrEnum):
    """The records a legal hold can keep from the purge."""

    warning = "warning"
    case = "case"

    @property
    def audit_type(self) -> str:
        """The record's `target_type` in the audit log (its table)."""
        return {"warning": "warnings", "case": "cases"}[self.value]


class LegalHold(Base):
    """保全: an officer's order, with a reason, that a record's personal data outlive its
    retention period (a complaint, litigation, a prosecutor's request). One live hold per
    record; releasing it keeps the row, so who held what and why stays on file."""

    __tablename__ = "legal_holds"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(Text)
    set_at: Mapped[datetime] = mapped_column(server_default=func.now())
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    released_at: Mapped[datetime | None]
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    release_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    set_by: Mapped[User | None] = relationship(foreign_keys=[set_by_id])

    __table_args__ = (
        Index(
            "uq_legal_holds_live",
            "target_type",
            "target_id",
            unique=True,
            postgresql_where=text("released_at IS NULL"),
        ),
    )
