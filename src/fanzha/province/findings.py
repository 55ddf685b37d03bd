"""What the province findings pages show, for one viewer.

A gang names its cases by city and number. A case of this center's city (`center_code`) links
to the local record when the viewer may open it (through fanzha.org.scope, and only when the
local case still has that number); every other case is shown by its number only. Following
the analysis rule (docs/access-scope.md), the center sees every cross-city gang, and a 分局 or
station only the gangs holding a case of its own, and of those only its own cases by number:
the other cases, here or in other cities, are counted per city ("另有 2 起其他单位案件"). The
same holds for accounts and holders recurring across cases (fanzha.province.recurring), and a
分局 or station sees the 快进快出 accounts its own cases name or its own statements show."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.cases.models import Case
from fanzha.fundflow.models import StatementRow
from fanzha.linking.models import CaseIndicator, Indicator, IndicatorKind
from fanzha.masking import mask_bank_account
from fanzha.org import scope
from fanzha.province.models import ProvinceGangCase, ProvinceMule, ProvinceRun


@dataclass(frozen=True)
class CaseRef:
    case_no: str
    local_id: int | None = None  # set only when the viewer may open the local record


@dataclass
class CityCases:
    city: str
    local: bool
    cases: list[CaseRef] = field(default_factory=list)
    others: int = 0  # cases of other units, counted, not listed (a 分局's or station's view)


@dataclass
class ProvinceGang:
    gang: int
    cities: list[CityCases]

    @property
    def case_count(self) -> int:
        return sum(len(c.cases) for c in self.cities)

    @property
    def others(self) -> int:
        return sum(c.others for c in self.cities)


# A query's IN list goes in pieces: PostgreSQL takes at most 65,535 parameters a statement.
CHUNK = 10_000


def chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    """`values` in lists of at most `size`."""
    batch: list = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def owns(cities: list[CityCases]) -> bool:
    """Whether any case listed is one the viewer may open (a case of its own, for a unit)."""
    return any(c.local_id for city in cities for c in city.cases)


def mask_others(actor: Principal, cities: list[CityCases]) -> list[CityCases]:
    """The analysis rule (docs/access-scope.md): the center sees every case by its number; a
    分局 or station only the cases it may open, the others counted per city."""
    if scope.at_root(actor):
        return cities
    for city in cities:
        own = [c for c in city.cases if c.local_id]
        city.others += len(city.cases) - len(own)
        city.cases = own
    return cities


def own_accounts(session: Session, actor: Principal, accounts: Iterable[str]) -> set[str]:
    """Which of `accounts` the viewer's own cases name or its own cases' statements show
    (through fanzha.org.scope); all of them for the center."""
    wanted = set(accounts)
    if scope.at_root(actor) or not wanted:
        return wanted
    found: set[str] = set()
    for part in chunks(sorted(wanted)):
        named = (
            select(Indicator.value)
            .join(CaseIndicator, CaseIndicator.indicator_id == Indicator.id)
            .where(
                Indicator.kind == IndicatorKind.account,
                Indicator.value.in_(part),
                scope.owner_clause(CaseIndicator, actor),
            )
        )
        shown = select(StatementRow.account).where(
            StatementRow.account.in_(part), scope.owner_clause(StatementRow, actor)
        )
        found.update(session.scalars(named.union(shown)))
    return found


@dataclass(frozen=True)
class MuleRow:
    account_masked: str
    cities: list[str]
    pass_days: int
    through_fen: int
    median_minutes: float
    indicator_id: int | None = None  # the local value's page, when this city knows the account


def local_indicators(session: Session, accounts: Iterable[str]) -> dict[str, int]:
    """Account -> the id of this city's indicator (涉诈要素) of that account, for those it has.
    A value's page opens to every analysis reader and lists only the viewer's own sightings
    (docs/access-scope.md), so the province pages may link every one of them."""
    found: dict[str, int] = {}
    for part in chunks(sorted(set(accounts))):
        stmt = select(Indicator.value, Indicator.id).where(
            Indicator.kind == IndicatorKind.account, Indicator.value.in_(part)
        )
        found.update((value, iid) for value, iid in session.execute(stmt))
    return found


def latest_run(session: Session) -> ProvinceRun | None:
    """The run loaded last (the pages show one run at a time)."""
    stmt = select(ProvinceRun).order_by(ProvinceRun.loaded_at.desc(), ProvinceRun.id.desc())
    return session.scalars(stmt.limit(1)).first()


def _openable(session: Session, actor: Principal, cases: dict[int, str]) -> dict[int, int]:
    """Archive case id -> local case id, for the local cases the viewer may open whose number
    is still the one the archive holds."""
    opens: dict[int, int] = {}
    for part in chunks(cases):
        stmt = select(Case.id, Case.case_no).where(
            Case.id.in_(part), scope.owner_clause(Case, actor)
        )
        opens.update((cid, cid) for cid, no in session.execute(stmt) if cases.get(cid) == no)
    return opens


def cross_city_gangs(
    session: Session, actor: Principal, run: ProvinceRun, center_code: str
) -> list[ProvinceGang]:
    """Gangs spanning two or more cities, most cities then most cases first, as `actor` may
    see them (see the module's docstring)."""
    rows = session.execute(
        select(
            ProvinceGangCase.gang,
            ProvinceGangCase.city,
            ProvinceGangCase.case_id,
            ProvinceGangCase.case_no,
        )
        .where(ProvinceGangCase.run_id == run.id, ProvinceGangCase.gang_cities >= 2)
        .order_by(ProvinceGangCase.gang, ProvinceGangCase.city, ProvinceGangCase.case_no)
    ).all()
    local = {r.case_id: r.case_no for r in rows if r.city == center_code}
    opens = _openable(session, actor, local)
    by_gang: dict[int, dict[str, CityCases]] = defaultdict(dict)
    for r in rows:
        here = r.city == center_code
        city = by_gang[r.gang].setdefault(r.city, CityCases(r.city, here))
        city.cases.append(CaseRef(r.case_no, opens.get(r.case_id) if here else None))
    gangs = [
        ProvinceGang(gang, sorted(cities.values(), key=lambda c: (not c.local, c.city)))
        for gang, cities in by_gang.items()
    ]
    if not scope.at_root(actor):
        gangs = [g for g in gangs if owns(g.cities)]
    for g in gangs:
        mask_others(actor, g.cities)
    return sorted(gangs, key=lambda g: (-len(g.cities), -g.case_count - g.others, g.gang))


def mules(session: Session, actor: Principal, run: ProvinceRun, text: str = "") -> list[MuleRow]:
    """快进快出 accounts found province-wide, most money through first; account numbers
    masked. `text` keeps the rows touching a city whose code contains it. A 分局 or station
    sees the accounts its own cases name or its own statements show."""
    stmt = (
        select(ProvinceMule)
        .where(ProvinceMule.run_id == run.id)
        .order_by(ProvinceMule.city_count.desc(), ProvinceMule.through_fen.desc(), ProvinceMule.id)
    )
    rows = list(session.scalars(stmt))
    visible = own_accounts(session, actor, (m.account for m in rows))
    rows = [m for m in rows if m.account in visible]
    pages = local_indicators(session, (m.account for m in rows))
    found = [
        MuleRow(
            mask_bank_account(m.account),
            list(m.cities),
            m.pass_days,
            m.through_fen,
            m.median_minutes,
            pages.get(m.account),
        )
        for m in rows
    ]
    if text:
        found = [m for m in found if any(text in c for c in m.cities)]
    return found
