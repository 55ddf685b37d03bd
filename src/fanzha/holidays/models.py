from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, SmallInteger, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from fanzha.db import Base
from fanzha.types import enum_column


class DayKind(StrEnum):
    holiday = "holiday"  # 休: a day off, weekday or not
    workday = "workday"  # 班: a weekend day worked in exchange (调休上班)


class HolidayYear(Base):
    """One year's schedule as entered. Only a complete year replaces the Monday–Friday
    fallback, so a half-typed schedule never moves a deadline."""

    __tablename__ = "holiday_years"

    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    complete: Mapped[bool] = mapped_column(default=False)
    completed_at: Mapped[datetime | None]
    completed_by: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    __table_args__ = (CheckConstraint("year BETWEEN 2000 AND 2100", name="year_plausible"),)


class HolidayDay(Base):
    """One date of a year's schedule: 休 or 班, never both (one row per date). In a year the
    bundled calendar covers, a row is an officer's override and carries its reason."""

    __tablename__ = "holiday_days"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("holiday_years.year", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(unique=True)
    kind: Mapped[DayKind] = mapped_column(enum_column(DayKind, "holiday_day_kind"))
    reason: Mapped[str] = mapped_column(Text, default="")
    # Entered while the bundled calendar covered the year: an officer's override of it. A
    # schedule entered for a year the calendar lacked never overrides a later calendar.
    override: Mapped[bool] = mapped_column(default=False)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entered_by: Mapped[str] = mapped_column(String(50), default="")  # a name, for CLI entries too
    entered_at: Mapped[datetime] = mapped_column(server_default=func.now())

    __table_args__ = (CheckConstraint("EXTRACT(YEAR FROM day) = year", name="day_in_year"),)
