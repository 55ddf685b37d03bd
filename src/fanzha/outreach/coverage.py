"""Coverage: what a campaign reached, per grid, community, station, 分局 and city, and by day.

The figures are kept pre-aggregated so the city's roll-up reads one row per grid:
`refresh(session, campaign_id, household_ids)` (called by the visit sync in the same
transaction) recomputes the touched households' states from their visits and adds the change
in their figures to their grids' totals and day counts. It first locks the grids' totals rows
(in grid order), so two syncs touching one grid take turns and the second reads what the first
committed. The definitions (tested equal to a direct count from visits and the baseline):

- baseline: households frozen when the campaign started; visited: those with a 已入户 visit;
  visited_added: households entered that were not in the baseline (counted apart);
- attempted: households with any visit; visits: visits recorded;
- residents_reached: per household the most reached on one visit, summed;
- five-ones: per entered household the union of its visits' items; complete when it holds
  every item the campaign targets;
- priority_reached: baseline households flagged as a priority at the start, entered;
- revisits_pending: households whose latest visit (by time, then id) asks for a revisit;
- by day: baseline households first entered on each local (Asia/Shanghai) day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import any_, func, literal, select, text
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.i18n import outreach as i18n
from fanzha.org.models import Grid, Unit, UnitKind
from fanzha.org.scope import scope_clause
from fanzha.outreach.models import (
    FIVE_ONES,
    Campaign,
    GridDay,
    GridTotals,
    Visit,
    five_ones_bits,
)

_MASK_SQL = " | ".join(
    f"(CASE WHEN '{item.value}' = ANY(v.five_ones) THEN {1 << i} ELSE 0 END)"
    for i, item in enumerate(FIVE_ONES)
)

_STATES = text(f"""
INSERT INTO outreach_household_states AS s (campaign_id, household_id, grid_id, in_baseline,
    priority, visits, entered_on, residents_reached, five_ones_bits, latest_outcome, latest_at,
    revisit_pending)
SELECT :c, v.household_id, coalesce(b.grid_id, max(v.grid_id)), b.household_id IS NOT NULL,
    coalesce(b.priority, false), count(*),
    min((v.visited_at AT TIME ZONE 'Asia/Shanghai')::date) FILTER (WHERE v.outcome = 'entered'),
    max(v.residents_reached), bit_or({_MASK_SQL}),
    (array_agg(v.outcome ORDER BY v.visited_at DESC, v.id DESC))[1],
    max(v.visited_at),
    (array_agg(v.revisit_needed ORDER BY v.visited_at DESC, v.id DESC))[1]
FROM outreach_visits v
LEFT JOIN outreach_baselines b ON b.campaign_id = :c AND b.household_id = v.household_id
WHERE v.campaign_id = :c AND v.household_id = ANY(:ids)
GROUP BY v.household_id, b.household_id, b.grid_id, b.priority
ON CONFLICT (campaign_id, household_id) DO UPDATE SET
    visits = excluded.visits, entered_on = excluded.entered_on,
    residents_reached = excluded.residents_reached, five_ones_bits = excluded.five_ones_bits,
    latest_outcome = excluded.latest_outcome, latest_at = excluded.latest_at,
    revisit_pending = excluded.revisit_pending
""")

_ITEMS_SQL = ", ".join(
    f"count(*) FILTER (WHERE entered_on IS NOT NULL AND five_ones_bits & {1 << i} <> 0)"
    for i in range(len(FIVE_ONES))
)

# The figures of a set of households, per grid: read before and after their states change,
# the difference is added to the grids' totals (so a sync costs what it touched, not the grid).
_FIGURES = (
    "visited",
    "visited_added",
    "attempted",
    "residents_reached",
    "five_ones_complete",
    "priority_reached",
    "revisits_pending",
    "visits",
)
_AGGREGATE = text(f"""
SELECT grid_id,
    count(*) FILTER (WHERE in_baseline AND entered_on IS NOT NULL),
    count(*) FILTER (WHERE NOT in_baseline AND entered_on IS NOT NULL),
    count(*),
    coalesce(sum(residents_reached), 0),
    count(*) FILTER (WHERE entered_on IS NOT NULL AND five_ones_bits & :target = :target),
    count(*) FILTER (WHERE priority AND in_baseline AND entered_on IS NOT NULL),
    count(*) FILTER (WHERE revisit_pending),
    coalesce(sum(visits), 0),
    ARRAY[{_ITEMS_SQL}]
FROM outreach_household_states
WHERE campaign_id = :c AND household_id = ANY(:ids)
GROUP BY grid_id
""")
_DAY_COUNTS = text("""
SELECT grid_id, entered_on, count(*) FROM outreach_household_states
WHERE campaign_id = :c AND household_id = ANY(:ids) AND in_baseline AND entered_on IS NOT NULL
GROUP BY grid_id, entered_on
""")
_ADD_TOTALS = text(
    "UPDATE outreach_grid_totals SET "
    + ", ".join(f"{f} = {f} + :{f}" for f in _FIGURES)
    + ", five_ones_items = :items WHERE campaign_id = :c AND grid_id = :grid"
)
_ADD_DAYS = text("""
INSERT INTO outreach_grid_days AS d (campaign_id, grid_id, day, entered)
VALUES (:c, :grid, :day, :n)
ON CONFLICT (campaign_id, grid_id, day) DO UPDATE SET entered = d.entered + excluded.entered
""")


def target_mask(campaign: Campaign) -> int:
    """The five-ones items a household must have had to count as complete."""
    return five_ones_bits(campaign.five_ones) or (1 << len(FIVE_ONES)) - 1


def refresh(session: Session, campaign: Campaign, household_ids: Iterable[int]) -> None:
    """Recompute the roll-ups for these households of the campaign (after visits were added).
    Runs in the caller's transaction and holds the touched grids' totals rows to its end."""
    ids = sorted(set(household_ids))
    if not ids:
        return
    grids = sorted(
        set(
            session.scalars(
                text(
                    "SELECT DISTINCT grid_id FROM outreach_visits"
                    " WHERE campaign_id = :c AND household_id = ANY(:ids)"
                ),
                {"c": campaign.id, "ids": ids},
            )
        )
    )
    # A grid with no totals row (made after the campaign started) gets one, then all are held.
    session.execute(
        text(
            "INSERT INTO outreach_grid_totals (campaign_id, grid_id, unit_id, baseline,"
            " baseline_priority, visited, visited_added, attempted, residents_reached,"
            " five_ones_complete, five_ones_items, priority_reached, revisits_pending, visits)"
            " SELECT :c, g.id, g.unit_id, 0, 0, 0, 0, 0, 0, 0, :zeros, 0, 0, 0 FROM grids g"
            " WHERE g.id = ANY(:grids) ON CONFLICT DO NOTHING"
        ),
        {"c": campaign.id, "grids": grids, "zeros": [0] * len(FIVE_ONES)},
    )
    held = dict(
        session.execute(
            text(
                "SELECT grid_id, five_ones_items FROM outreach_grid_totals"
                " WHERE campaign_id = :c AND grid_id = ANY(:grids) ORDER BY grid_id FOR UPDATE"
            ),
            {"c": campaign.id, "grids": grids},
        ).all()
    )
    params = {"c": campaign.id, "ids": ids, "target": target_mask(campaign)}
    before = {row[0]: row[1:] for row in session.execute(_AGGREGATE, params)}
    days_before = {(g, d): n for g, d, n in session.execute(_DAY_COUNTS, params)}
    session.execute(_STATES, params)
    after = {row[0]: row[1:] for row in session.execute(_AGGREGATE, params)}
    days_after = {(g, d): n for g, d, n in session.execute(_DAY_COUNTS, params)}
    changes = []
    for grid in after.keys() | before.keys():
        new, old = after.get(grid), before.get(grid)
        delta = [a - b for a, b in zip(_row(new), _row(old), strict=True)]
        items_delta = [a - b for a, b in zip(_items(new), _items(old), strict=True)]
        items = [a + b for a, b in zip(held[grid], items_delta, strict=True)]
        changes.append(
            {
                "c": campaign.id,
                "grid": grid,
                "items": items,
                **dict(zip(_FIGURES, delta, strict=True)),
            }
        )
    if changes:
        session.execute(_ADD_TOTALS, changes)
    days = [
        {
            "c": campaign.id,
            "grid": g,
            "day": d,
            "n": days_after.get((g, d), 0) - days_before.get((g, d), 0),
        }
        for g, d in days_after.keys() | days_before.keys()
    ]
    if any(day["n"] for day in days):
        session.execute(_ADD_DAYS, [day for day in days if day["n"]])


def _row(figures) -> list[int]:  # type: ignore[no-untyped-def]
    return list(figures[: len(_FIGURES)]) if figures else [0] * len(_FIGURES)


def _items(figures) -> list[int]:  # type: ignore[no-untyped-def]
    return list(figures[len(_FIGURES)]) if figures else [0] * len(FIVE_ONES)


# --- reading ----------------------------------------------------------------------------------


@dataclass
class GridCoverage:
    """One area's figures (a grid, or a unit's sum of its grids)."""

    baseline: int = 0
    baseline_priority: int = 0
    visited: int = 0
    visited_added: int = 0
    attempted: int = 0
    residents_reached: int = 0
    five_ones_complete: int = 0
    five_ones_items: list[int] = field(default_factory=lambda: [0] * len(FIVE_ONES))
    priority_reached: int = 0
    revisits_pending: int = 0
    visits: int = 0

    @property
    def coverage_pct(self) -> float:
        """Baseline households entered, in percent (0 when the baseline is empty)."""
        return round(100 * self.visited / self.baseline, 1) if self.baseline else 0.0

    @property
    def five_ones_pct(self) -> float:
        return round(100 * self.five_ones_complete / self.visited, 1) if self.visited else 0.0

    def add(self, other: GridCoverage) -> None:
        for name in (
            "baseline",
            "baseline_priority",
            "visited",
            "visited_added",
            "attempted",
            "residents_reached",
            "five_ones_complete",
            "priority_reached",
            "revisits_pending",
            "visits",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.five_ones_items = [
            a + b for a, b in zip(self.five_ones_items, other.five_ones_items, strict=True)
        ]


_FIELDS = (
    GridTotals.baseline,
    GridTotals.baseline_priority,
    GridTotals.visited,
    GridTotals.visited_added,
    GridTotals.attempted,
    GridTotals.residents_reached,
    GridTotals.five_ones_complete,
    GridTotals.five_ones_items,
    GridTotals.priority_reached,
    GridTotals.revisits_pending,
    GridTotals.visits,
)


def _grid_rows(session: Session, actor: Principal, campaign_id: int):  # type: ignore[no-untyped-def]
    stmt = select(GridTotals.grid_id, GridTotals.unit_id, *_FIELDS).where(
        GridTotals.campaign_id == campaign_id, scope_clause(GridTotals.unit_id, actor)
    )
    return session.execute(stmt).all()


def coverage_by_grid(
    session: Session, actor: Principal, campaign_id: int
) -> dict[int, GridCoverage]:
    """Every grid of the campaign within the actor's scope → its figures. The caller has
    checked the campaign is the actor's to see (`service.get_campaign`)."""
    return {row[0]: GridCoverage(*row[2:]) for row in _grid_rows(session, actor, campaign_id)}


@dataclass
class AreaCoverage:
    unit_id: int
    name: str
    kind: UnitKind
    path: str
    figures: GridCoverage


def coverage_by_unit(
    session: Session, actor: Principal, campaign_id: int
) -> dict[int, AreaCoverage]:
    """Every unit above the campaign's grids (community, station, 分局, city) within the
    actor's scope → the sum of its grids' figures. One read of the grid rows and the units."""
    rows = _grid_rows(session, actor, campaign_id)
    units = {
        uid: (name, kind, path)
        for uid, name, kind, path in session.execute(
            select(Unit.id, Unit.name, Unit.kind, Unit.path)
        )
    }
    areas: dict[int, AreaCoverage] = {}
    for row in rows:
        figures = GridCoverage(*row[2:])
        path = units[row[1]][2]
        for ancestor in (int(part) for part in path.strip("/").split("/")):
            if ancestor not in areas:
                name, kind, upath = units[ancestor]
                if actor.unit_path and not upath.startswith(actor.unit_path):
                    continue  # above the actor: its sum would be only the actor's part
                areas[ancestor] = AreaCoverage(ancestor, name, kind, upath, GridCoverage())
            areas[ancestor].figures.add(figures)
    return areas


def total(session: Session, actor: Principal, campaign_id: int) -> GridCoverage:
    """The campaign's figures over everything the actor sees."""
    result = GridCoverage()
    for row in _grid_rows(session, actor, campaign_id):
        result.add(GridCoverage(*row[2:]))
    return result


@dataclass(frozen=True)
class TeamRuleBreaches:
    visits: int  # visits kept although the team present broke the campaign's rule
    by_role: dict[str, int]  # team-rule key → visits lacking it


def team_rule_breaches(session: Session, actor: Principal, campaign_id: int) -> TeamRuleBreaches:
    """Visits of the campaign in the actor's grids whose team broke the campaign's rule, and
    how many lacked each role (a visit lacking two roles counts once in `visits`)."""
    roles = list(i18n.TEAM_RULE)
    stmt = (
        select(
            func.count(),
            *(func.count().filter(literal(r) == any_(Visit.team_rule_missing)) for r in roles),
        )
        .join(Grid, Grid.id == Visit.grid_id)
        .where(
            Visit.campaign_id == campaign_id,
            func.cardinality(Visit.team_rule_missing) > 0,
            scope_clause(Grid.unit_id, actor),
        )
    )
    visits, *counts = session.execute(stmt).one()
    by_role = {r: n for r, n in zip(roles, counts, strict=True) if n}
    return TeamRuleBreaches(visits, by_role)


@dataclass(frozen=True)
class DayPoint:
    day: date
    entered: int  # baseline households first entered that day
    cumulative_pct: float
    target_pct: float  # the straight line from 0 on the first day to the target on the last


def progress(
    session: Session, actor: Principal, campaign: Campaign, baseline: int
) -> list[DayPoint]:
    """The progress line by local day over the campaign's period (to today or its end)."""
    stmt = (
        select(GridDay.day, func.sum(GridDay.entered))
        .join(Grid, Grid.id == GridDay.grid_id)
        .where(GridDay.campaign_id == campaign.id, scope_clause(Grid.unit_id, actor))
        .group_by(GridDay.day)
    )
    by_day = {day: int(n) for day, n in session.execute(stmt)}
    today = clock.now().astimezone(clock.SHANGHAI).date()
    last = min(campaign.ends_on, max(today, max(by_day, default=campaign.starts_on)))
    span = max(1, (campaign.ends_on - campaign.starts_on).days)
    points, running, day = [], 0, campaign.starts_on
    while day <= last:
        running += by_day.get(day, 0)
        elapsed = (day - campaign.starts_on).days + 1
        points.append(
            DayPoint(
                day,
                by_day.get(day, 0),
                round(100 * running / baseline, 1) if baseline else 0.0,
                round(min(1.0, elapsed / span) * campaign.target_coverage_pct, 1),
            )
        )
        day += timedelta(days=1)
    return points
