"""Coverage: what a campaign reached, per grid, community, station, 分局 and city, and by day.

The figures are kept pre-aggregated so the city's roll-up reads one row per grid:
`add_visits(session, campaign, visit_ids)` (called by the visit sync in the same transaction)
folds the visits just stored into their households' states and adds the change in their
figures to their grids' totals and day counts; `refresh(session, campaign, household_ids)`
recounts households from all their visits instead (the same figures, by construction and by
test). Both first lock the grids' totals rows (in grid order), so two syncs touching one grid
take turns and the second reads what the first committed. The definitions (tested equal to a
direct count from visits and the baseline):

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

from sqlalchemy import TextClause, any_, func, literal, select, text
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

# The figures of a set of households, per grid, as the difference their state change made
# (the new states counted +1, the old ones -1): added to the grids' totals, so a sync costs
# what it touched, not the grid. Old states are read in the same statement that replaces them
# (one snapshot), after `_HOLD` took the grids' totals rows.
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
_STATE_COLUMNS = (
    "household_id, grid_id, in_baseline, priority, visits, entered_on, residents_reached,"
    " five_ones_bits, revisit_pending"
)
_ENTERED = "d.entered_on IS NOT NULL"
_DELTAS = {
    "visited": f"sum(d.sign) FILTER (WHERE d.in_baseline AND {_ENTERED})",
    "visited_added": f"sum(d.sign) FILTER (WHERE NOT d.in_baseline AND {_ENTERED})",
    "attempted": "sum(d.sign)",
    "residents_reached": "sum(d.sign * d.residents_reached)",
    "five_ones_complete": f"sum(d.sign) FILTER (WHERE {_ENTERED}"
    " AND d.five_ones_bits & :target = :target)",
    "priority_reached": f"sum(d.sign) FILTER (WHERE d.priority AND d.in_baseline AND {_ENTERED})",
    "revisits_pending": "sum(d.sign) FILTER (WHERE d.revisit_pending)",
    "visits": "sum(d.sign * d.visits)",
}
_ITEMS_SQL = ", ".join(
    f"coalesce(sum(d.sign) FILTER (WHERE {_ENTERED} AND d.five_ones_bits & {1 << i} <> 0), 0)"
    for i in range(len(FIVE_ONES))
)


# Holds the touched grids' totals rows to the end of the transaction, in grid order (a grid
# without a row, made after the campaign started, gets one: inserting it holds it too). The
# grids touched are those of the visits, and the grids the households' states and baseline
# rows already name (a household may have moved grid since).
def _hold_sql(visits_where: str) -> TextClause:
    return text(f"""
WITH hh AS (
    SELECT DISTINCT v.household_id, v.grid_id FROM outreach_visits v WHERE {visits_where}
), touched AS (
    SELECT grid_id FROM hh
    UNION SELECT s.grid_id FROM outreach_household_states s
        WHERE s.campaign_id = :c AND s.household_id IN (SELECT household_id FROM hh)
    UNION SELECT b.grid_id FROM outreach_baselines b
        WHERE b.campaign_id = :c AND b.household_id IN (SELECT household_id FROM hh)
), made AS (
    INSERT INTO outreach_grid_totals (campaign_id, grid_id, unit_id, baseline,
        baseline_priority, visited, visited_added, attempted, residents_reached,
        five_ones_complete, five_ones_items, priority_reached, revisits_pending, visits)
    SELECT :c, g.id, g.unit_id, 0, 0, 0, 0, 0, 0, 0, :zeros, 0, 0, 0
    FROM grids g WHERE g.id IN (SELECT grid_id FROM touched)
    ON CONFLICT DO NOTHING
)
SELECT t.grid_id FROM outreach_grid_totals t
WHERE t.campaign_id = :c AND t.grid_id IN (SELECT grid_id FROM touched)
ORDER BY t.grid_id FOR UPDATE OF t
""")


_LATEST = "ORDER BY v.visited_at DESC, v.id DESC"
# A household's newer state wins the "latest" fields when its latest visit is later (by time,
# then id) than the stored one.
_NEWER = "(excluded.latest_at, excluded.latest_visit_id) > (s.latest_at, s.latest_visit_id)"
# Recounting replaces the states; adding a batch of new visits folds them into the stored ones
# (each figure is a count, a max, a min, a union or the latest, so the fold equals a recount).
_REPLACE = ", ".join(
    f"{c} = excluded.{c}"
    for c in ("visits", "entered_on", "residents_reached", "five_ones_bits", "latest_outcome",
              "latest_at", "latest_visit_id", "revisit_pending")
)  # fmt: skip
_FOLD = f"""visits = s.visits + excluded.visits,
    entered_on = least(s.entered_on, excluded.entered_on),
    residents_reached = greatest(s.residents_reached, excluded.residents_reached),
    five_ones_bits = s.five_ones_bits | excluded.five_ones_bits,
    latest_outcome = CASE WHEN {_NEWER} THEN excluded.latest_outcome ELSE s.latest_outcome END,
    latest_at = greatest(s.latest_at, excluded.latest_at),
    latest_visit_id = CASE WHEN {_NEWER} THEN excluded.latest_visit_id
        ELSE s.latest_visit_id END,
    revisit_pending = CASE WHEN {_NEWER} THEN excluded.revisit_pending
        ELSE s.revisit_pending END"""


def _refresh_sql(visits_where: str, on_conflict: str) -> TextClause:
    return text(f"""
WITH a AS (
    -- The visits folded per household first, then each household's baseline row looked up
    -- by its key: joined before folding, the planner hashed the campaign's whole baseline.
    SELECT v.household_id, max(v.grid_id) AS grid_id, count(*) AS visits,
        min((v.visited_at AT TIME ZONE 'Asia/Shanghai')::date)
            FILTER (WHERE v.outcome = 'entered') AS entered_on,
        max(v.residents_reached) AS residents_reached, bit_or({_MASK_SQL}) AS bits,
        (array_agg(v.outcome {_LATEST}))[1] AS latest_outcome,
        max(v.visited_at) AS latest_at,
        (array_agg(v.id {_LATEST}))[1] AS latest_visit_id,
        (array_agg(v.revisit_needed {_LATEST}))[1] AS revisit_pending
    FROM outreach_visits v
    WHERE {visits_where}
    GROUP BY v.household_id
), old AS (
    SELECT {_STATE_COLUMNS} FROM outreach_household_states
    WHERE campaign_id = :c AND household_id IN (SELECT household_id FROM a)
), new AS (
    INSERT INTO outreach_household_states AS s (campaign_id, household_id, grid_id,
        in_baseline, priority, visits, entered_on, residents_reached, five_ones_bits,
        latest_outcome, latest_at, latest_visit_id, revisit_pending)
    SELECT :c, a.household_id, coalesce(b.grid_id, a.grid_id), b.household_id IS NOT NULL,
        coalesce(b.priority, false), a.visits, a.entered_on, a.residents_reached, a.bits,
        a.latest_outcome, a.latest_at, a.latest_visit_id, a.revisit_pending
    FROM a
    LEFT JOIN outreach_baselines b ON b.campaign_id = :c AND b.household_id = a.household_id
    ON CONFLICT (campaign_id, household_id) DO UPDATE SET {on_conflict}
    RETURNING {_STATE_COLUMNS}
), d AS (
    SELECT 1 AS sign, {_STATE_COLUMNS} FROM new
    UNION ALL SELECT -1, {_STATE_COLUMNS} FROM old
), deltas AS (
    SELECT d.grid_id, {", ".join(f"coalesce({e}, 0) AS {f}" for f, e in _DELTAS.items())},
        ARRAY[{_ITEMS_SQL}]::integer[] AS items
    FROM d GROUP BY d.grid_id
), totals AS (
    UPDATE outreach_grid_totals t SET
        {", ".join(f"{f} = t.{f} + x.{f}" for f in _FIGURES)},
        five_ones_items = ARRAY(
            SELECT a + b FROM unnest(t.five_ones_items, x.items) WITH ORDINALITY AS i(a, b, n)
            ORDER BY n)
    FROM deltas x WHERE t.campaign_id = :c AND t.grid_id = x.grid_id
)
INSERT INTO outreach_grid_days AS gd (campaign_id, grid_id, day, entered, entered_added)
SELECT :c, d.grid_id, d.entered_on, coalesce(sum(d.sign) FILTER (WHERE d.in_baseline), 0),
    coalesce(sum(d.sign) FILTER (WHERE NOT d.in_baseline), 0)
FROM d WHERE d.entered_on IS NOT NULL
GROUP BY d.grid_id, d.entered_on
HAVING sum(d.sign) FILTER (WHERE d.in_baseline) <> 0
    OR sum(d.sign) FILTER (WHERE NOT d.in_baseline) <> 0
ON CONFLICT (campaign_id, grid_id, day) DO UPDATE SET entered = gd.entered + excluded.entered,
    entered_added = gd.entered_added + excluded.entered_added
""")


_OF_HOUSEHOLDS = "v.campaign_id = :c AND v.household_id = ANY(:ids)"
_OF_VISITS = "v.campaign_id = :c AND v.id = ANY(:ids)"
_HOLD_HOUSEHOLDS = _hold_sql(_OF_HOUSEHOLDS)
_HOLD_VISITS = _hold_sql(_OF_VISITS)
_RECOUNT = _refresh_sql(_OF_HOUSEHOLDS, _REPLACE)
_ADD = _refresh_sql(_OF_VISITS, _FOLD)


def target_mask(campaign: Campaign) -> int:
    """The five-ones items a household must have had to count as complete."""
    return five_ones_bits(campaign.five_ones) or (1 << len(FIVE_ONES)) - 1


def refresh(session: Session, campaign: Campaign, household_ids: Iterable[int]) -> None:
    """Recount the roll-ups of these households of the campaign from all their visits: two
    statements, whatever their number. Runs in the caller's transaction and holds the touched
    grids' totals rows to its end."""
    _run(session, campaign, _HOLD_HOUSEHOLDS, _RECOUNT, household_ids)


def add_visits(session: Session, campaign: Campaign, visit_ids: Iterable[int]) -> None:
    """Fold visits just inserted (ids of `outreach_visits`, of this campaign, not folded
    before) into their households' roll-ups: reads only these visits, not the households'
    earlier ones, and equals `refresh` of their households. Same transaction and holds as
    `refresh`."""
    _run(session, campaign, _HOLD_VISITS, _ADD, visit_ids)


def _run(
    session: Session, campaign: Campaign, hold: TextClause, fold: TextClause, ids: Iterable[int]
) -> None:
    ids = sorted(set(ids))
    if not ids:
        return
    session.execute(hold, {"c": campaign.id, "ids": ids, "zeros": [0] * len(FIVE_ONES)})
    session.execute(fold, {"c": campaign.id, "ids": ids, "target": target_mask(campaign)})


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
