"""Stored monthly and quarterly reports (月报 / 季报) of a unit: the figures frozen when the
report was made, the center's notable cases, and who made and submitted (报送) it. A
restatement (更正) is a new version of the same unit, kind and period, listing what changed."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, SmallInteger, String, Text, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from fanzha.db import Base
from fanzha.org.scope import unit_owned
from fanzha.types import enum_column


class ReportKind(StrEnum):
    month = "month"  # 月报
    quarter = "quarter"  # 季报


class ReportStatus(StrEnum):
    draft = "draft"  # 草稿: the center may still write its notable cases
    submitted = "submitted"  # 已报送: frozen
    superseded = "superseded"  # 已更正: a later version was submitted in its place


@unit_owned("unit_id")
class UnitReport(Base):
    __tablename__ = "unit_reports"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    kind: Mapped[ReportKind] = mapped_column(enum_column(ReportKind, "report_kind"))
    period_start: Mapped[date]  # Asia/Shanghai calendar days, end exclusive
    period_end: Mapped[date]
    version: Mapped[int] = mapped_column(SmallInteger, default=1)
    status: Mapped[ReportStatus] = mapped_column(enum_column(ReportStatus, "report_status"))
    # The figures as they were when the report was made (see fanzha.stats.reports.Snapshot).
    content: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    notable: Mapped[str] = mapped_column(Text, default="")  # 典型案例, written by the center
    # A restatement: the version it corrects and the figures that differ from it.
    restates_id: Mapped[int | None] = mapped_column(ForeignKey("unit_reports.id"))
    differences: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")  # why it was restated
    generated_at: Mapped[datetime] = mapped_column(server_default=func.now())
    generated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    generated_by: Mapped[str] = mapped_column(String(100), default="")
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_by: Mapped[str] = mapped_column(String(100), default="")
    superseded_at: Mapped[datetime | None]

    __table_args__ = (
        # One report per unit, kind, period and version: the schedule may run twice.
        UniqueConstraint("unit_id", "kind", "period_start", "version", name="uq_unit_reports"),
    )
