"""Build 示例市 deterministically from a seed: units, grids, a gazetteer, staff, teams, logins."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Literal

from faker import Faker
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.auth import service as auth
from fanzha.auth.models import Role
from fanzha.auth.schemas import UserIn
from fanzha.demo import analysis as demo_analysis
from fanzha.demo import cases as demo_cases
from fanzha.demo import fill as demo_fill
from fanzha.demo import grid_shapes
from fanzha.demo import money as demo_money
from fanzha.demo import outreach as demo_outreach
from fanzha.demo import outreach_people as demo_outreach_people
from fanzha.demo import public as demo_public
from fanzha.demo import questionnaires as demo_questionnaires
from fanzha.demo import rewards as demo_rewards
from fanzha.demo import statements as demo_statements
from fanzha.demo import tips as demo_tips
from fanzha.demo import warnings as demo_warnings
from fanzha.demo.warnings import MOBILE_PREFIXES
from fanzha.org import service as org
from fanzha.org.models import (
    CHILD_KIND,
    Compound,
    DutyShift,
    Grid,
    Staff,
    StaffKind,
    Street,
    Team,
    TeamKind,
    TeamMember,
    Unit,
    UnitKind,
)

Scale = Literal["small", "city"]
# Told how far the build is: (step, done, total) — a step's name (its key in
# fanzha.i18n.cli.DEMO_STEPS), and how much of the step is done out of its total.
Progress = Callable[[str, int, int], None]
DEMO_STEPS = (
    "city",
    "warnings",
    "cases",
    "money",
    "statements",
    "analysis",
    "prevention",
    "rewards",
)


def _quiet(step: str, done: int, total: int) -> None:
    del step, done, total


DEMO_PASSWORD = "Fanzha@2026!"


@dataclass(frozen=True)
class Shape:
    branches: int
    stations_per_branch: int
    communities_per_station: int
    grids_per_community: int
    staff_total: int
    streets_per_station: int
    warning_days: int = 0  # history of warnings to back-fill
    warnings_per_day: int = 0


SHAPES: dict[str, Shape] = {
    "small": Shape(
        branches=2,
        stations_per_branch=2,
        communities_per_station=2,
        grids_per_community=3,
        staff_total=120,
        streets_per_station=3,
    ),
    "city": Shape(
        warning_days=365,
        warnings_per_day=300,
        branches=3,
        stations_per_branch=5,
        communities_per_station=4,
        grids_per_community=10,
        staff_total=3000,
        streets_per_station=6,
    ),
}

DISTRICTS = ["临江区", "云台区", "新港区", "青山区", "湖西区"]
# Two short rows each rather than forty lines.
# fmt: off
STATION_WORDS = [
    "江滨", "望海", "白鹭", "新华", "城东", "朝阳", "梧桐", "金桥", "凤凰", "南湖",
    "柳营", "石桥", "清河", "银杏", "海棠", "龙湾", "东关", "北塘", "长安", "西湖",
]
COMMUNITY_WORDS = [
    "春晖", "红枫", "锦绣", "和平", "幸福", "翠竹", "丽园", "安居", "康乐", "福田",
    "友谊", "明珠", "书香", "桂花", "芙蓉", "宝塔", "曙光", "永安", "文昌", "兴隆",
]
# fmt: on
COMPOUND_PREFIX = [
    "阳光",
    "金色",
    "锦绣",
    "翠湖",
    "和平",
    "幸福",
    "紫金",
    "碧水",
    "明珠",
    "书香",
    "华府",
    "滨江",
    "梧桐",
    "丽景",
    "枫林",
    "香樟",
    "御景",
    "世纪",
    "东方",
    "星河",
]
COMPOUND_SUFFIX = ["花园", "小区", "家园", "新村", "苑", "公寓", "名邸", "雅居", "嘉园", "华庭"]


@dataclass
class DemoAccount:
    username: str
    role: Role
    unit_name: str


@dataclass
class DemoCity:
    accounts: list[DemoAccount] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count()).select_from(Unit))


class _Builder:
    def __init__(self, session: Session, seed: int, shape: Shape) -> None:
        self.session = session
        self.shape = shape
        self.rng = random.Random(seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.phones: set[str] = set()
        self.badges: set[str] = set()
        self.system = Principal.system("示例数据")

    def phone(self) -> str:
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return "+86" + number

    def badge(self) -> str:
        while True:
            badge = f"{self.rng.randrange(100000, 999999)}"
            if badge not in self.badges:
                self.badges.add(badge)
                return badge

    def unit(self, name: str, code: str, parent: Unit) -> Unit:
        unit = Unit(name=name, code=code, kind=_child_kind(parent.kind), parent_id=parent.id)
        self.session.add(unit)
        self.session.flush()  # the id is part of the path
        unit.path = f"{parent.path}{unit.id}/"
        return unit


def _child_kind(kind: UnitKind) -> UnitKind:
    child = CHILD_KIND[kind]
    assert child is not None
    return child


def build(
    session: Session,
    *,
    seed: int = 1,
    scale: Scale = "small",
    warning_days: int | None = None,
    progress: Progress = _quiet,
    recent_days: int | None = None,
) -> DemoCity:
    """Fill an empty database with 示例市. The same seed and scale give the same city.
    `warning_days` overrides how many days of warnings the scale back-fills; `progress` is
    told each step of DEMO_STEPS as it starts and ends (the warnings chunk by chunk).
    `recent_days`: only that many recent days of warnings (and their cases, money, statements)
    now; the older ones and the gangs are left to a background fill (fanzha.demo.fill)."""
    shape = SHAPES[scale]
    progress("city", 0, 1)
    b = _Builder(session, seed, shape)
    city = org.create_root_unit(session, name="示例市公安局", code="SL")
    branches: list[Unit] = []
    stations: list[Unit] = []
    communities: list[Unit] = []
    station_words = iter(STATION_WORDS)
    community_words = iter(COMMUNITY_WORDS * 10)
    for bi in range(shape.branches):
        branch = b.unit(f"示例市公安局{DISTRICTS[bi]}分局", f"SL{bi + 1:02d}", city)
        branches.append(branch)
        for si in range(shape.stations_per_branch):
            word = next(station_words)
            station = b.unit(f"{word}派出所", f"{branch.code}{si + 1:02d}", branch)
            stations.append(station)
            for ci in range(shape.communities_per_station):
                cword = next(community_words)
                communities.append(
                    b.unit(f"{cword}社区警务室", f"{station.code}{ci + 1:02d}", station)
                )

    # Grids: realistic urban sizes, a few hundred households each.
    grid_rows = []
    for community in communities:
        base_name = community.name.removesuffix("社区警务室")
        for gi in range(shape.grids_per_community):
            grid_rows.append(
                {
                    "code": f"{community.code}G{gi + 1:02d}",
                    "name": f"{base_name}社区第{gi + 1}网格",
                    "unit_id": community.id,
                    "households": b.rng.randint(260, 880),
                }
            )
    grids = session.execute(insert(Grid).returning(Grid.id, Grid.unit_id), grid_rows).all()
    grids_by_community: dict[int, list[int]] = {}
    for grid_id, unit_id in grids:
        grids_by_community.setdefault(unit_id, []).append(grid_id)

    _gazetteer(b, branches, stations, communities, grids_by_community)
    grid_shapes.build(
        session,
        seed=seed,
        branches=branches,
        stations=stations,
        communities=communities,
        grids_by_community=grids_by_community,
    )
    staff_by_unit = _staff(b, city, branches, stations, communities, grids_by_community)
    teams = _teams(b, city, stations, staff_by_unit)
    accounts = _accounts(b, city, branches, stations, communities, staff_by_unit)
    days = shape.warning_days if warning_days is None else warning_days
    _duty_rota(b, teams, days)
    progress("city", 1, 1)
    staged = recent_days is not None and recent_days < days
    started = clock.now()
    with clock.pinned(started):  # the background fill's windows end where these begin
        warnings = demo_warnings.build(
            session,
            seed=seed,
            days=recent_days if staged else days,  # type: ignore[arg-type]
            per_day=shape.warnings_per_day or 300,
            progress=lambda done, total: progress("warnings", done, total),
        )
    if staged:
        demo_fill.plan(
            session,
            seed=seed,
            per_day=shape.warnings_per_day or 300,
            planned_at=started,
            recent_days=recent_days,  # type: ignore[arg-type]
            days_total=days,
        )
    progress("cases", 0, 1)
    cases = demo_cases.build(session, seed=seed)
    progress("cases", 1, 1)
    progress("money", 0, 1)
    money = demo_money.build(session, seed=seed)
    progress("money", 1, 1)
    progress("statements", 0, 1)
    statements = demo_statements.build(session, seed=seed)
    progress("statements", 1, 1)
    progress("analysis", 0, 1)
    # Gangs are drawn across the whole year's cases: a staged build draws them at its end.
    analysis = {} if staged else demo_analysis.build(session, seed=seed)
    progress("analysis", 1, 1)
    progress("prevention", 0, 1)
    outreach = demo_outreach.build(session, seed=seed, per_grid=20 if scale == "city" else 8)
    outreach_people = demo_outreach_people.build(session, seed=seed)
    questionnaires = demo_questionnaires.build(session, seed=seed)
    progress("prevention", 1, 1)
    progress("rewards", 0, 1)
    rewards = demo_rewards.build(session, seed=seed)
    rewards |= demo_tips.build(session, seed=seed, count=160 if scale == "city" else 24)
    public = demo_public.build(session, seed=seed)
    progress("rewards", 1, 1)
    return DemoCity(
        accounts=accounts,
        counts={
            "units": 1 + len(branches) + len(stations) + len(communities),
            "grids": len(grid_rows),
            "staff": sum(len(v) for v in staff_by_unit.values()),
            "warnings": warnings,
            "cases": cases,
            **money,
            **statements,
            **analysis,
            **{f"outreach_{k}": v for k, v in outreach.items()},
            **outreach_people,
            **rewards,
            **public,
            **questionnaires,
        },
    )


def _gazetteer(
    b: _Builder,
    branches: list[Unit],
    stations: list[Unit],
    communities: list[Unit],
    grids_by_community: dict[int, list[int]],
) -> None:
    """Streets per station, compounds per grid: the addresses warnings are routed with."""
    street_names: set[tuple[str, str]] = set()
    # The shared street's compounds (`_shared_street`) keep their names: compound names are
    # unique in the demo city, so an address naming one routes to one place.
    compound_names: set[str] = {_shared_compound(d) for d in DISTRICTS}
    compound_rows: list[dict[str, Any]] = []
    for station in stations:
        district = DISTRICTS[[br.id for br in branches].index(station.parent_id)]
        streets = []
        while len(streets) < b.shape.streets_per_station:
            name = b.fake.street_name()
            if (district, name) in street_names:
                continue
            street_names.add((district, name))
            streets.append({"name": name, "district": district, "unit_id": station.id})
        street_ids = b.session.scalars(insert(Street).returning(Street.id), streets).all()
        for community in (c for c in communities if c.parent_id == station.id):
            for grid_id in grids_by_community[community.id]:
                for _ in range(b.rng.randint(2, 4)):
                    name = b.rng.choice(COMPOUND_PREFIX) + b.rng.choice(COMPOUND_SUFFIX)
                    while name in compound_names:
                        name = name + b.rng.choice(["二期", "三期", "东区", "西区", "北苑"])
                    compound_names.add(name)
                    compound_rows.append(
                        {
                            "name": name,
                            "street_id": b.rng.choice(street_ids),
                            "house_number": f"{b.rng.randint(1, 999)}号",
                            "grid_id": grid_id,
                            "buildings": b.rng.randint(3, 32),
                        }
                    )
    b.session.execute(insert(Compound), compound_rows)
    _shared_street(b, branches, stations, communities, grids_by_community)


# A street name two districts share, as real cities have (石家庄路 in 新港区 and 临江区): an
# address naming its district routes there, one without goes to the center with both.
SHARED_STREET = "石家庄路"
SHARED_COMPOUNDS = {"新港区": "明珠苑"}


def _shared_compound(district: str) -> str:
    return SHARED_COMPOUNDS.get(district, f"{SHARED_STREET}{district[:2]}小区")


def _shared_street(
    b: _Builder,
    branches: list[Unit],
    stations: list[Unit],
    communities: list[Unit],
    grids_by_community: dict[int, list[int]],
) -> None:
    """石家庄路378号 in the last station of every district (in the city scale, 新港区's is
    海棠派出所 with 曙光社区警务室), a compound on it in the station's first grid. Drawn after
    the random gazetteer, so the rest of the city is what the seed always gave."""
    for bi, branch in enumerate(branches):
        district = DISTRICTS[bi]
        station = [s for s in stations if s.parent_id == branch.id][-1]
        community = next(c for c in communities if c.parent_id == station.id)
        street_id = b.session.scalar(
            select(Street.id).where(Street.district == district, Street.name == SHARED_STREET)
        ) or b.session.scalar(
            insert(Street)
            .values(name=SHARED_STREET, district=district, unit_id=station.id)
            .returning(Street.id)
        )
        b.session.add(
            Compound(
                name=_shared_compound(district),
                street_id=street_id,
                house_number="378号",
                grid_id=grids_by_community[community.id][0],
                buildings=12,
            )
        )
    b.session.flush()


def _staff(
    b: _Builder,
    city: Unit,
    branches: list[Unit],
    stations: list[Unit],
    communities: list[Unit],
    grids_by_community: dict[int, list[int]],
) -> dict[int, list[int]]:
    """Officers and auxiliaries at the center, branches and stations; a grid worker per grid;
    volunteers fill the rest up to the shape's total."""
    rows: list[dict[str, Any]] = []

    def person(
        unit: Unit, kind: StaffKind, *, grid_id: int | None = None, dissuader: bool = False
    ) -> None:
        officer = kind == StaffKind.officer
        rows.append(
            {
                "unit_id": unit.id,
                "name": b.fake.name(),
                "kind": kind,
                "phone": b.phone(),
                "id_number": b.fake.ssn() if officer else None,
                "badge_no": b.badge() if officer else None,
                "grid_id": grid_id,
                "is_dissuader": dissuader,
            }
        )

    for _ in range(12 if b.shape.staff_total > 500 else 3):
        person(city, StaffKind.officer)
    for branch in branches:
        for _ in range(6 if b.shape.staff_total > 500 else 2):
            person(branch, StaffKind.officer)
    for station in stations:
        for i in range(10 if b.shape.staff_total > 500 else 3):
            person(station, StaffKind.officer, dissuader=i % 2 == 0)
        for _ in range(12 if b.shape.staff_total > 500 else 3):
            person(station, StaffKind.auxiliary, dissuader=True)
    for community in communities:
        for grid_id in grids_by_community[community.id]:
            person(community, StaffKind.grid_worker, grid_id=grid_id, dissuader=True)
    volunteers = max(b.shape.staff_total - len(rows), 0)
    for i in range(volunteers):
        community = communities[i % len(communities)]
        person(
            community,
            StaffKind.volunteer,
            grid_id=b.rng.choice(grids_by_community[community.id]),
            dissuader=b.rng.random() < 0.3,
        )
    ids = b.session.execute(insert(Staff).returning(Staff.id, Staff.unit_id), rows).all()
    by_unit: dict[int, list[int]] = {}
    for staff_id, unit_id in ids:
        by_unit.setdefault(unit_id, []).append(staff_id)
    return by_unit


def _teams(
    b: _Builder, city: Unit, stations: list[Unit], staff_by_unit: dict[int, list[int]]
) -> list[Team]:
    """The 心盾 teams of every station (door visits, phone, outreach) and the center's 专班."""
    team_rows: list[tuple[Unit, str, TeamKind]] = [(city, "反诈专班", TeamKind.task_force)]
    for station in stations:
        prefix = station.name.removesuffix("派出所")
        team_rows += [
            (station, f"{prefix}心盾一队（上门劝阻）", TeamKind.door_visit),
            (station, f"{prefix}心盾二队（电话劝阻）", TeamKind.phone),
            (station, f"{prefix}心盾三队（宣讲）", TeamKind.outreach),
        ]
    members: list[dict[str, int]] = []
    teams: list[Team] = []
    for unit, name, kind in team_rows:
        team = Team(unit_id=unit.id, name=name, kind=kind)
        b.session.add(team)
        b.session.flush()  # member rows need the id
        teams.append(team)
        pool = staff_by_unit.get(unit.id, [])
        for staff_id in b.rng.sample(pool, min(len(pool), 4)):
            members.append({"team_id": team.id, "staff_id": staff_id})
    if members:
        b.session.execute(insert(TeamMember), members)
    return teams


def _duty_rota(b: _Builder, teams: list[Team], days: int) -> None:
    """24-hour shifts from 08:00: the center's 专班 every day; each station's door-visit and
    phone teams in turn. Covers the warning history and two weeks ahead."""
    today = clock.now().astimezone(clock.SHANGHAI).date()
    first = today - timedelta(days=days + 1)
    on_call = [
        t for t in teams if t.kind in (TeamKind.task_force, TeamKind.door_visit, TeamKind.phone)
    ]
    by_unit: dict[int, list[Team]] = {}
    for team in on_call:
        by_unit.setdefault(team.unit_id, []).append(team)
    rows = []
    for offset in range((today - first).days + 15):
        starts = clock.day_start(first + timedelta(days=offset)) + timedelta(hours=8)
        for unit_id, rota in by_unit.items():
            team = rota[offset % len(rota)]
            rows.append(
                {
                    "team_id": team.id,
                    "unit_id": unit_id,
                    "starts_at": starts,
                    "ends_at": starts + timedelta(days=1),
                }
            )
    b.session.execute(insert(DutyShift), rows)


def _accounts(
    b: _Builder,
    city: Unit,
    branches: list[Unit],
    stations: list[Unit],
    communities: list[Unit],
    staff_by_unit: dict[int, list[int]],
) -> list[DemoAccount]:
    """One login per role at a sample unit; two sibling stations to show scoping."""
    station_a, station_b = stations[0], stations[1]
    community_a = next(c for c in communities if c.parent_id == station_a.id)
    plan: list[tuple[str, str, Role, Unit, int | None]] = [
        ("admin", "系统管理员", Role.admin, city, None),
        ("duty", "值班民警", Role.duty_officer, city, None),
        ("analyst", "研判员", Role.analyst, city, None),
        ("leader", "市局领导", Role.leader, city, None),
        ("reviewer", "奖励审核员", Role.reward_reviewer, city, None),
        ("reviewer2", "奖励复核员", Role.reward_reviewer, city, None),
        ("branch_leader", "分局领导", Role.leader, branches[0], None),
        (
            "station_a",
            f"{station_a.name}民警",
            Role.station_officer,
            station_a,
            staff_by_unit[station_a.id][0],
        ),
        (
            "station_b",
            f"{station_b.name}民警",
            Role.station_officer,
            station_b,
            staff_by_unit[station_b.id][0],
        ),
        (
            "dissuader_a",
            f"{community_a.name}劝阻员",
            Role.dissuader,
            community_a,
            staff_by_unit[community_a.id][0],
        ),
    ]
    accounts = []
    for username, display, role, unit, staff_id in plan:
        auth.create_user(
            b.session,
            b.system,
            UserIn(
                username=username,
                display_name=display,
                role=role,
                unit_id=unit.id,
                password=DEMO_PASSWORD,
                staff_id=staff_id,
            ),
        )
        accounts.append(DemoAccount(username=username, role=role, unit_name=unit.name))
    return accounts
