"""The province findings of one Spark run, as loaded by `fanzha analytics load`.

Rows name cases by (city, case id, case number) as the archive does: another city's ids mean
nothing here, so there is no foreign key to `cases`; a local case is matched at read time
(fanzha.province.findings), through the scoped-access layer."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from fanzha.db import Base


class ProvinceRun(Base):
    """One loaded results directory; loading the same directory again replaces its rows."""

    __tablename__ = "province_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(1000), unique=True)  # the results directory
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    rows: Mapped[dict] = mapped_column(JSONB, default=dict)  # output name -> rows loaded


def _run() -> Mapped[int]:
    return mapped_column(ForeignKey("province_runs.id", ondelete="CASCADE"), index=True)


class ProvinceGangCase(Base):
    """One member case of a province-wide gang (the Spark `gangs` output)."""

    __tablename__ = "province_gang_cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run()
    gang: Mapped[int] = mapped_column(BigInteger, index=True)
    city: Mapped[str] = mapped_column(String(20))
    case_id: Mapped[int] = mapped_column(BigInteger)
    case_no: Mapped[str] = mapped_column(String(40))
    gang_cities: Mapped[int] = mapped_column(Integer)


class ProvinceMule(Base):
    """A 快进快出 account found province-wide and the cities whose statements show it."""

    __tablename__ = "province_mules"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run()
    account: Mapped[str] = mapped_column(String(64))
    pass_days: Mapped[int] = mapped_column(Integer)
    through_fen: Mapped[int] = mapped_column(BigInteger)
    median_minutes: Mapped[float] = mapped_column(Float)
    cities: Mapped[list[str]] = mapped_column(ARRAY(String(20)))
    city_count: Mapped[int] = mapped_column(Integer)


class ProvinceRecurringAccount(Base):
    """An account named in several cases province-wide, with its cases as "city:case_no"."""

    __tablename__ = "province_recurring_accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run()
    account: Mapped[str] = mapped_column(String(64))
    case_count: Mapped[int] = mapped_column(Integer)
    city_count: Mapped[int] = mapped_column(Integer)
    cities: Mapped[list[str]] = mapped_column(ARRAY(String(20)))
    cases: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    holder_name: Mapped[str] = mapped_column(String(200), default="")
    holder_id_number: Mapped[str] = mapped_column(String(40), default="")


class ProvinceKpi(Base):
    """A KPI roll-up: one figure per (city, local day, unit and each unit above it, KPI)."""

    __tablename__ = "province_kpis"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run()
    city: Mapped[str] = mapped_column(String(20))
    day: Mapped[date] = mapped_column(Date)
    unit_id: Mapped[int] = mapped_column(BigInteger)
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    kpi: Mapped[str] = mapped_column(String(60))
    value: Mapped[int] = mapped_column(BigInteger)


class ProvinceRecurringHolder(Base):
    """A holder (by ID number, else name) whose accounts are named in several cases
    province-wide, with the accounts, cities and cases ("city:case_no"), and which case named
    which account."""

    __tablename__ = "province_recurring_holders"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = _run()
    holder_name: Mapped[str] = mapped_column(String(200), default="")
    holder_id_number: Mapped[str] = mapped_column(String(40), default="")
    account_count: Mapped[int] = mapped_column(Integer)
    case_count: Mapped[int] = mapped_column(Integer)
    city_count: Mapped[int] = mapped_column(Integer)
    accounts: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    cities: Mapped[list[str]] = mapped_column(ARRAY(String(20)))
    cases: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    # Which cases name which account: "account|city:case_no" (fanzha.rules.account_case).
    # Empty for runs loaded before migration 0043: a 分局 then sees only the accounts its own
    # cases or statements show here (fanzha.province.recurring).
    account_cases: Mapped[list[str]] = mapped_column(
        ARRAY(String(130)), default=list, server_default="{}"
    )
