"""The daily roll-up of the leaders' figures (fanzha.stats.rollup keeps and reads it).

`kpi_daily`: per local day, unit and rolled measure (`code`), the records and the summed
column (fen for money, people for audiences), zero rows left out; `kpi_monthly` the same per
calendar month, so a quarter reads three rows where it read ninety. `kpi_dirty`: days whose
rows may be stale, written by database triggers on the source tables in the writer's own
transaction (append-only, no unique key: concurrent writers never wait on each other).
`kpi_rollup_state`: one row; days before `through` have been rolled at least once, for the
catalogue whose fingerprint is `catalog`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, Index, SmallInteger, String, func
from sqlalchemy.orm import Mapped, mapped_column

from fanzha.db import Base
from fanzha.org.scope import unit_owned


@unit_owned("unit_id")
class KpiDaily(Base):
    __tablename__ = "kpi_daily"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    code: Mapped[str] = mapped_column(String(80))
    day: Mapped[date]  # Asia/Shanghai
    # NULL: records of no unit (a gang nobody leads yet), counted at the root only.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    records: Mapped[int] = mapped_column(BigInteger)
    total: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_kpi_daily_code_day", "code", "day"),)


@unit_owned("unit_id")
class KpiMonthly(Base):
    """`kpi_daily` summed per local calendar month (`month`: its first day), kept by the same
    refresh: read for the whole months of a period, whose days are all rolled and clean."""

    __tablename__ = "kpi_monthly"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    code: Mapped[str] = mapped_column(String(80))
    month: Mapped[date]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    records: Mapped[int] = mapped_column(BigInteger)
    total: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_kpi_monthly_code_month", "code", "month"),)


class KpiDirty(Base):
    __tablename__ = "kpi_dirty"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    marked_at: Mapped[datetime] = mapped_column(server_default=func.now())


class KpiRollupState(Base):
    __tablename__ = "kpi_rollup_state"

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    through: Mapped[date | None]
    catalog: Mapped[str] = mapped_column(String(64))
    refreshed_at: Mapped[datetime] = mapped_column(server_default=func.now())
