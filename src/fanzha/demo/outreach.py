"""Demo prevention work (宣防): a household register for every grid, one finished
door-knocking campaign (百日敲门行动, about 87% entered like Yangzhou's) and one running, its
grids split among the stations' teams, with visits recorded through the real sync service.

Kept fast: a sample of each grid's households (the register of a real city is imported), the
visits written through `sync.sync_visits` in one batch per station.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.cases.models import Case
from fanzha.demo.warnings import MOBILE_PREFIXES
from fanzha.org.models import Grid, Staff, StaffKind, Team, TeamKind, Unit, UnitKind
from fanzha.outreach import service, sync
from fanzha.outreach.models import FIVE_ONES, Household, HouseholdFlag, VisitOutcome
from fanzha.warnings.models import Warning

COMPOUNDS = ("锦绣", "阳光", "幸福", "和平", "翠苑", "金桥", "东湖", "文昌", "运河", "瘦西湖")
SUFFIXES = ("花园", "小区", "新村", "家园", "苑")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("建国", "秀英", "桂兰", "志强", "海燕", "玉梅", "俊杰", "丽华", "明", "静")
# Flags as a register might carry them (most households carry none).
FLAG_WEIGHTS = (
    (HouseholdFlag.elderly_alone, 0.06),
    (HouseholdFlag.left_behind_elderly, 0.04),
    (HouseholdFlag.student, 0.05),
    (HouseholdFlag.migrant_worker, 0.07),
    (HouseholdFlag.new_resident, 0.05),
    (HouseholdFlag.finance_staff, 0.02),
)
REVISIT = "无人在家，择时再访"
OUTCOMES = (
    (VisitOutcome.entered, 0.78),
    (VisitOutcome.nobody_home, 0.14),
    (VisitOutcome.refused, 0.03),
    (VisitOutcome.vacant, 0.03),
    (VisitOutcome.moved_out, 0.02),
)
# A door is knocked by an officer or auxiliary with the community's 网格员 and a 志愿者 (the
# demo campaigns' team rule); a few teams go out short, as happens, for 组队不全 to find.
SHORT_OF_GRID_WORKER = 0.04
SHORT_OF_VOLUNTEER = 0.03


def _pick(rng: random.Random, weighted: tuple[tuple[Any, float], ...]) -> Any:
    roll, acc = rng.random(), 0.0
    for value, weight in weighted:
        acc += weight
        if roll < acc:
            return value
    return weighted[-1][0]


def build(session: Session, *, seed: int = 1, per_grid: int = 30) -> dict[str, int]:
    """Households (`per_grid` in each grid), the two campaigns and their visits."""
    rng = random.Random(seed)
    system = Principal.system()
    households = _register(session, rng, per_grid)
    stations = list(
        session.scalars(select(Unit).where(Unit.kind == UnitKind.station).order_by(Unit.id))
    )
    root = session.scalar(select(Unit).where(Unit.parent_id.is_(None)))
    now = clock.now()
    visits = 0
    plans = (
        ("百日敲门行动", now - timedelta(days=130), now - timedelta(days=30), 0.92, True),
        ("冬季反诈入户宣防", now - timedelta(days=20), now + timedelta(days=40), 0.45, False),
    )
    for name, start, end, reach, finish in plans:
        with clock.pinned(start):
            campaign = service.create_campaign(
                session,
                system,
                service.CampaignIn(
                    name=name,
                    starts_on=start.astimezone(clock.SHANGHAI).date(),
                    ends_on=end.astimezone(clock.SHANGHAI).date(),
                    unit_ids=[s.id for s in stations],
                    target_coverage_pct=85,
                    priority_flags=("elderly_alone", "left_behind_elderly", "finance_staff"),
                    team_rule={"officer_or_auxiliary": 1, "grid_worker": 1, "volunteer": 1},
                ),
            )
            campaign.unit_id = root.id if root else campaign.unit_id
            service.start_campaign(session, system, campaign)
            _assign(session, system, campaign, stations)
        last = min(end, now - timedelta(hours=1))
        for station in stations:
            items = _visits(session, rng, station, households, start, last, reach)
            visits += len(items)
            with clock.pinned(last):
                sync.sync_visits(session, system, campaign.id, items)
        if finish:
            with clock.pinned(end):
                service.finish_campaign(session, system, campaign)
    return {"households": sum(len(v) for v in households.values()), "visits": visits}


def _register(session: Session, rng: random.Random, per_grid: int) -> dict[int, list[int]]:
    """`per_grid` households in every grid; a few contacts are people warned or defrauded
    (so walk lists put them first, and the outcome page has people defrauded afterwards)."""
    known = [p for (p,) in session.execute(select(Warning.person_phone).limit(2000)) if p]
    known += [p for (p,) in session.execute(select(Case.victim_phone).limit(500)) if p]
    rows: list[dict[str, Any]] = []
    grids = session.execute(select(Grid.id, Grid.unit_id).order_by(Grid.id)).all()
    for grid_id, unit_id in grids:
        compound = rng.choice(COMPOUNDS) + rng.choice(SUFFIXES)
        for i in range(per_grid):
            if known and rng.random() < 0.02:
                phone = rng.choice(known)
            else:
                phone = "+86" + rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            rows.append(
                {
                    "grid_id": grid_id,
                    "unit_id": unit_id,
                    "compound": compound,
                    "building": str(1 + i // 12),
                    "unit_no": str(1 + (i // 4) % 3),
                    "room": f"{1 + (i % 12) // 2}0{1 + i % 2}",
                    "residents": rng.choice((1, 1, 2, 2, 3, 3, 3, 4, 5)),
                    "flags": [f.value for f, w in FLAG_WEIGHTS if rng.random() < w],
                    "contact_name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                    "contact_phone": phone,
                }
            )
    stored = session.execute(
        insert(Household).returning(Household.id, Household.unit_id), rows
    ).all()
    by_unit: dict[int, list[int]] = {}
    for hid, unit_id in stored:
        by_unit.setdefault(unit_id, []).append(hid)
    return by_unit


def _assign(session: Session, actor: Principal, campaign, stations: list[Unit]) -> None:  # type: ignore[no-untyped-def]
    """Each station's door-visit team takes its grids (the assignment page's locks)."""
    for station in stations:
        team = session.scalar(
            select(Team).where(Team.unit_id == station.id, Team.kind == TeamKind.door_visit)
        )
        if team is None:
            continue
        grids = session.scalars(
            select(Grid.id)
            .join(Unit, Unit.id == Grid.unit_id)
            .where(Unit.path.like(station.path + "%"))
        )
        for grid_id in grids:
            service.take_grid(session, actor, campaign, grid_id, team.id)


def _visits(
    session: Session,
    rng: random.Random,
    station: Unit,
    households: dict[int, list[int]],
    start,  # type: ignore[no-untyped-def]
    last,  # type: ignore[no-untyped-def]
    reach: float,
) -> list[dict[str, Any]]:
    units = session.scalars(select(Unit.id).where(Unit.path.like(station.path + "%")))
    staff = list(session.scalars(select(Staff.id).where(Staff.unit_id == station.id).limit(8)))
    crews = _crews(session, station)
    # The crew is drawn from a generator of its own: the visits' outcomes, times and reach
    # (the demo city's figures, which the suite reads) stay what they were.
    crew_rng = random.Random(station.id)
    span = max(1, int((last - start).total_seconds() // 3600))
    items: list[dict[str, Any]] = []
    for unit_id in units:
        grid_workers, volunteers = crews.get(unit_id, ([], []))
        for hid in households.get(unit_id, []):
            if rng.random() > reach:
                continue
            for attempt in range(3):  # 无人在家 is knocked again, up to three times
                outcome = _pick(rng, OUTCOMES)
                at = start + timedelta(hours=rng.randrange(span))
                entered = outcome == VisitOutcome.entered
                done = [f.value for f in FIVE_ONES if entered and rng.random() < 0.85]
                items.append(
                    {
                        "uuid": str(uuid.UUID(int=rng.getrandbits(128))),
                        "household_id": hid,
                        "outcome": outcome.value,
                        "visited_at": at.isoformat(),
                        "member_staff_ids": [
                            # the draw the demo always made, of which the first is the officer
                            *rng.sample(staff, min(2, len(staff)))[:1],
                            *_one_unless_short(crew_rng, grid_workers, SHORT_OF_GRID_WORKER),
                            *_one_unless_short(crew_rng, volunteers, SHORT_OF_VOLUNTEER),
                        ],
                        "residents_reached": rng.randint(1, 3) if entered else 0,
                        "five_ones": done,
                        "suggestion_text": "",
                        "revisit_needed": outcome == VisitOutcome.nobody_home,
                        "revisit_reason": REVISIT if outcome == VisitOutcome.nobody_home else "",
                    }
                )
                if outcome != VisitOutcome.nobody_home or attempt == 2:
                    break
    return items


def _crews(session: Session, station: Unit) -> dict[int, tuple[list[int], list[int]]]:
    """Community unit id → (its 网格员, its 志愿者), for the communities under `station`."""
    crews: dict[int, tuple[list[int], list[int]]] = {}
    rows = session.execute(
        select(Staff.unit_id, Staff.id, Staff.kind)
        .join(Unit, Unit.id == Staff.unit_id)
        .where(
            Unit.path.like(station.path + "%"),
            Staff.kind.in_((StaffKind.grid_worker, StaffKind.volunteer)),
        )
        .order_by(Staff.id)
    )
    for unit_id, staff_id, kind in rows:
        grid_workers, volunteers = crews.setdefault(unit_id, ([], []))
        (grid_workers if kind == StaffKind.grid_worker else volunteers).append(staff_id)
    return crews


def _one_unless_short(rng: random.Random, pool: list[int], short: float) -> list[int]:
    """One of `pool`, or none with probability `short` (or when the pool is empty)."""
    if not pool or rng.random() < short:
        return []
    return [rng.choice(pool)]
