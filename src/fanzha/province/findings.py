"""What the province findings pages show, for one viewer.

A gang names its cases by city and number. A case of this center's city (`center_code`) links
to the local record when the viewer may open it (through fanzha.org.scope, and only when the
local case still has that number); every other case is shown by its number only. Following
the analysis rule (docs/access-scope.md), the center sees every cross-city gang, and a 分局 or
station only the gangs holding a case of its own."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.cases.models import Case
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


@dataclass
class ProvinceGang:
    gang: int
    cities: list[CityCases]

    @property
    def case_count(self) -> int:
        return sum(len(c.cases) for c in self.cities)


@dataclass(frozen=True)
class MuleRow:
    account_masked: str
    cities: list[str]
    pass_days: int
    through_fen: int
    median_minutes: float


def latest_run(session: Session) -> ProvinceRun | None:
    """The run loaded last (the pages show one run at a time)."""
    stmt = select(ProvinceRun).order_by(ProvinceRun.loaded_at.desc(), ProvinceRun.id.desc())
    return session.scalars(stmt.limit(1)).first()


def _openable(session: Session, actor: Principal, cases: dict[int, str]) -> dict[int, int]:
    """Archive case id -> local case id, for the local cases the viewer may open whose number
    is still the one the archive holds."""
    if not cases:
        return {}
    stmt = select(Case.id, Case.case_no).where(Case.id.in_(cases), scope.owner_clause(Case, actor))
    return {cid: cid for cid, no in session.execute(stmt) if cases.get(cid) == no}


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
        gangs = [g for g in gangs if any(c.local_id for city in g.cities for c in city.cases)]
    return sorted(gangs, key=lambda g: (-len(g.cities), -g.case_count, g.gang))


def mules(session: Session, run: ProvinceRun, text: str = "") -> list[MuleRow]:
    """快进快出 accounts found province-wide, most money through first; account numbers
    masked. `text` keeps the rows touching a city whose code contains it."""
    stmt = (
        select(ProvinceMule)
        .where(ProvinceMule.run_id == run.id)
        .order_by(ProvinceMule.city_count.desc(), ProvinceMule.through_fen.desc(), ProvinceMule.id)
    )
    found = [
        MuleRow(
            mask_bank_account(m.account),
            list(m.cities),
            m.pass_days,
            m.through_fen,
            m.median_minutes,
        )
        for m in session.scalars(stmt)
    ]
    if text:
        found = [m for m in found if any(text in c for c in m.cities)]
    return found
