"""What colours the coverage map: per region of a unit's map, a campaign's coverage (households
entered / the frozen baseline, from fanzha.outreach.coverage) or, without a campaign, the
register's households. Keyed by the same names as the GeoJSON's features."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.i18n import outreach_map as i18n
from fanzha.outreach import coverage
from fanzha.outreach.coverage import GridCoverage
from fanzha.outreach.geo import MapLevel
from fanzha.outreach.models import Campaign


def figures(
    session: Session, principal: Principal, view: MapLevel, campaign: Campaign | None
) -> dict[str, Any]:
    """{"metric", "min", "max", "labels", "tooltip", "regions": [...]} for the map script.

    With a campaign (already read through the scope layer), each region's `value` is its
    coverage in percent (visited / baseline over the grids of the campaign the viewer sees;
    a region with none of them has no value and is drawn grey); without one, the register's
    households under it."""
    base = [
        {
            "name": r.key,
            "kind": r.kind,
            "id": r.id,
            "title": r.title,
            "label": r.short,
            "code": r.code,
            "grids": len(r.grid_ids),
            "households": r.households,
        }
        for r in view.regions
    ]
    if campaign is None:
        for row in base:
            row["value"] = row["households"]
        return _payload("households", base, view, ("households", "grids"), None)
    by_grid = coverage.coverage_by_grid(session, principal, campaign.id)
    for row, region in zip(base, view.regions, strict=True):
        mine = [by_grid[g] for g in region.grid_ids if g in by_grid]
        if not mine:
            row["value"] = None
            continue
        total = GridCoverage()
        for grid in mine:
            total.add(grid)
        row.update(
            value=total.coverage_pct,
            coverage_pct=total.coverage_pct,
            visited=total.visited,
            baseline=total.baseline,
            residents_reached=total.residents_reached,
            revisits_pending=total.revisits_pending,
            visited_of_baseline=f"{total.visited} / {total.baseline}",
        )
    keys = ("coverage_pct", "visited_of_baseline", "residents_reached", "revisits_pending")
    return _payload("coverage", base, view, keys, campaign)


def _payload(
    metric: str,
    regions: list[dict[str, Any]],
    view: MapLevel,
    keys: tuple[str, ...],
    campaign: Campaign | None,
) -> dict[str, Any]:
    shown = [k for k in keys if k != "grids" or not view.shows_grids]
    return {
        "metric": metric,
        "campaign": campaign.id if campaign else None,
        # Coverage reads against 0–100 %; households against their own spread.
        "min": 0 if metric == "coverage" else min([r["value"] for r in regions] or [0]),
        "max": 100 if metric == "coverage" else max([1, *(r["value"] for r in regions)]),
        "labels": i18n.MAP_SCALE[metric],
        "unit": "%" if metric == "coverage" else "",
        "tooltip": [[key, *i18n.MAP_TOOLTIP[key]] for key in shown],
        "regions": regions,
    }
