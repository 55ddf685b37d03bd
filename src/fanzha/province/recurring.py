"""What the 全省两卡复用 and 全省指标 pages show, for one viewer.

Accounts and holders recurring across cases name their cases as "city:case_no" (the archive's
words). A case of this center's city links to the local record when the viewer may open it
(fanzha.org.scope); every other case is shown by its number only. Accounts, names and ID
numbers are masked as everywhere in lists.

Following the 两卡 rule of docs/access-scope.md, the center sees every row; a 分局 or station
the accounts (holders: any of their accounts) its own cases name or its own cases' statements
show, and of their cases only its own by number, the others counted per city. Of a holder's
accounts it sees only those the run links to its own cases (account_cases) or that its own
cases or statements show; the rest are counted, not listed.

The KPI roll-ups hold one figure per (city, local day, unit and each unit above it, KPI):
every case counts for its city's top unit, so a city's figure for a day is its largest unit's
(every KPI in fanzha.rules.KPIS is a count or a sum of non-negative amounts)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.cases.models import Case
from fanzha.masking import mask_bank_account, mask_id_number, mask_name
from fanzha.org import scope
from fanzha.province.findings import (
    CaseRef,
    CityCases,
    chunks,
    local_indicators,
    mask_others,
    own_accounts,
    owns,
)
from fanzha.province.models import (
    ProvinceKpi,
    ProvinceRecurringAccount,
    ProvinceRecurringHolder,
    ProvinceRun,
)
from fanzha.rules import KPIS, split_account_case

MONEY_KPIS = frozenset({"loss_fen"})  # in fen; the pages show yuan


@dataclass(frozen=True)
class AccountRef:
    """A masked account and this city's page of it (fanzha.province.findings.local_indicators)."""

    masked: str
    indicator_id: int | None = None


@dataclass(frozen=True)
class RecurringRow:
    """One recurring account (accounts = itself) or holder, masked, with its cases by city."""

    holder_name: str
    holder_id: str
    accounts: list[AccountRef]
    case_count: int
    cities: list[CityCases]
    hidden_accounts: int = 0  # a holder's accounts only other units' cases name (counted)


def _openable_by_number(session: Session, actor: Principal, numbers: set[str]) -> dict[str, int]:
    """Local case number -> local case id, for the numbers whose case the viewer may open."""
    opens: dict[str, int] = {}
    for part in chunks(sorted(numbers)):
        stmt = select(Case.case_no, Case.id).where(
            Case.case_no.in_(part), scope.owner_clause(Case, actor)
        )
        opens.update((no, cid) for no, cid in session.execute(stmt))
    return opens


def _by_city(keys: list[str], center: str, opens: dict[str, int]) -> list[CityCases]:
    cities: dict[str, CityCases] = {}
    for key in keys:
        city, _, case_no = key.partition(":")
        here = city == center
        entry = cities.setdefault(city, CityCases(city, here))
        entry.cases.append(CaseRef(case_no, opens.get(case_no) if here else None))
    return sorted(cities.values(), key=lambda c: (not c.local, c.city))


def _local_numbers(rows: list, center: str) -> set[str]:
    prefix = f"{center}:"
    return {k[len(prefix) :] for r in rows for k in r.cases if k.startswith(prefix)}


def recurring(
    session: Session,
    actor: Principal,
    run: ProvinceRun,
    center: str,
    *,
    holders: bool = False,
    text: str = "",
) -> list[RecurringRow]:
    """Accounts (or, with `holders`, holders) named in several cases province-wide, most
    cities then most cases first, masked; local cases linked where `actor` may open them.
    `text` keeps the rows touching a city whose code contains it. A 分局 or station sees the
    rows its own cases or statements touch, its own cases listed and the others counted."""
    model = ProvinceRecurringHolder if holders else ProvinceRecurringAccount
    stmt = (
        select(model)
        .where(model.run_id == run.id)
        .order_by(model.city_count.desc(), model.case_count.desc(), model.id)
    )
    found = [r for r in session.scalars(stmt) if not text or any(text in c for c in r.cities)]
    opens = _openable_by_number(session, actor, _local_numbers(found, center))
    accounts = {r: list(r.accounts) if holders else [r.account] for r in found}
    seen = own_accounts(session, actor, (a for listed in accounts.values() for a in listed))
    pages = local_indicators(session, (a for listed in accounts.values() for a in listed))
    shown = []
    for r in found:
        cities = _by_city(list(r.cases), center, opens)
        listed = accounts[r]
        if not scope.at_root(actor):
            if holders:
                listed = _own_accounts_of(r, center, opens, seen)
            if not (owns(cities) or seen.intersection(accounts[r])):
                continue
        shown.append(
            RecurringRow(
                mask_name(r.holder_name),
                mask_id_number(r.holder_id_number),
                [AccountRef(mask_bank_account(a), pages.get(a)) for a in listed],
                r.case_count,
                mask_others(actor, cities),
                len(accounts[r]) - len(listed),
            )
        )
    return shown


def _own_accounts_of(
    holder: ProvinceRecurringHolder, center: str, opens: dict[str, int], seen: set[str]
) -> list[str]:
    """The holder's accounts a 分局 or station is shown: those the run links to a case of its
    own (account_cases, "account|city:case_no") and those its own cases or statements show
    here. A run loaded before account_cases existed has none: only the latter are shown."""
    prefix = f"{center}:"
    linked = set()
    for value in holder.account_cases:
        account, key = split_account_case(value)
        if key.startswith(prefix) and key[len(prefix) :] in opens:
            linked.add(account)
    return [a for a in holder.accounts if a in linked or a in seen]


@dataclass(frozen=True)
class KpiMonth:
    """One city's figures for one local month: KPI name -> value (money in fen)."""

    month: str  # YYYY-MM
    city: str
    values: dict[str, int]


def kpi_months(session: Session, run: ProvinceRun) -> list[KpiMonth]:
    """The KPI roll-ups by city and local month, newest month first, cities in code order;
    every KPI of fanzha.rules.KPIS present (0 where the month has none)."""
    daily = (
        select(
            ProvinceKpi.city,
            ProvinceKpi.day,
            ProvinceKpi.kpi,
            func.max(ProvinceKpi.value).label("value"),
        )
        .where(ProvinceKpi.run_id == run.id)
        .group_by(ProvinceKpi.city, ProvinceKpi.day, ProvinceKpi.kpi)
        .subquery()
    )
    month = func.to_char(daily.c.day, "YYYY-MM")
    stmt = select(month, daily.c.city, daily.c.kpi, func.sum(daily.c.value)).group_by(
        month, daily.c.city, daily.c.kpi
    )
    table: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(KPIS, 0))
    for m, city, kpi, value in session.execute(stmt):
        if kpi in KPIS:
            table[(m, city)][kpi] = int(value)
    ordered = sorted(sorted(table, key=lambda k: k[1]), key=lambda k: k[0], reverse=True)
    return [KpiMonth(m, city, table[(m, city)]) for m, city in ordered]


def kpi_chart(rows: list[KpiMonth], kpi: str) -> dict:
    """The chart's data: months oldest first, one series per city of `kpi` (money in yuan)."""
    months = sorted({r.month for r in rows})
    cities = sorted({r.city for r in rows})
    at = {(r.month, r.city): r.values.get(kpi, 0) for r in rows}
    scale = 100 if kpi in MONEY_KPIS else 1
    return {
        "labels": months,
        "series": [
            {"name": city, "values": [at.get((m, city), 0) / scale for m in months]}
            for city in cities
        ],
    }
