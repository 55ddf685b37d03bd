"""The big screen's map: the regions below a unit (its 分局, stations or grids, from the
prevention work's grid boundaries, fanzha.outreach.geo), coloured by today's warnings, with
the running campaign's door-knock coverage beside them. The payload has the shape the coverage
map's script reads (renderCoverageMap), so the screen draws the same map."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.i18n import screen as i18n
from fanzha.org import scope
from fanzha.org.models import Unit
from fanzha.outreach import geo, map_figures, service
from fanzha.outreach.models import CampaignStatus
from fanzha.warnings.models import Warning, WarningStatus


def figures(
    session: Session, who: Principal, unit: Unit, start: datetime, end: datetime
) -> dict[str, Any]:
    """{"metric": "warnings", "min", "max", "labels", "unit", "tooltip", "campaign_name",
    "unplaced", "regions": [{"name", "kind", "id", "title", "label", "value" (warnings received
    in [start, end)), "warnings", "coverage_pct" (None without a running campaign)}]}.
    `unplaced` counts the warnings of the unit itself (not yet routed below it)."""
    view = geo.level(session, who, unit)
    campaign = next(
        (c for c in service.campaigns(session, who) if c.status == CampaignStatus.running), None
    )
    base = map_figures.figures(session, who, view, campaign)["regions"]
    counted = session.execute(
        select(Warning.grid_id, Unit.path, func.count())
        .join(Unit, Unit.id == Warning.unit_id)
        .where(
            scope.scope_clause(Warning.unit_id, who),
            Warning.status != WarningStatus.duplicate,
            Warning.received_at >= start,
            Warning.received_at < end,
        )
        .group_by(Warning.grid_id, Unit.path)
    ).all()
    paths = dict(
        session.execute(
            select(Unit.id, Unit.path).where(
                Unit.id.in_([r["id"] for r in base if r["kind"] == "unit"])
            )
        ).all()
    )
    by_key = {r["name"]: 0 for r in base}
    unplaced = 0
    for grid_id, path, count in counted:
        key = _region_of(view, paths, grid_id, path)
        if key in by_key:
            by_key[key] += count
        else:
            unplaced += count
    regions = []
    for r in base:
        regions.append(
            {
                "name": r["name"],
                "kind": r["kind"],
                "id": r["id"],
                "title": r["title"],
                "label": r["label"],
                "code": r["code"],
                "value": by_key[r["name"]],
                "warnings": by_key[r["name"]],
                "coverage_pct": r.get("coverage_pct") if campaign else None,
            }
        )
    keys = ("warnings", "coverage_pct") if campaign else ("warnings",)
    return {
        "metric": "warnings",
        "min": 0,
        "max": max([1, *(r["value"] for r in regions)]),
        "labels": i18n.MAP_SCALE,
        "unit": "",
        "tooltip": [[key, *i18n.MAP_TOOLTIP[key]] for key in keys],
        "campaign_name": campaign.name if campaign else "",
        "unplaced": unplaced,
        "regions": regions,
    }


def _region_of(
    view: geo.MapLevel, paths: dict[int, str], grid_id: int | None, path: str
) -> str | None:
    """The region a warning counts in: its grid's on a map of grids, else the child unit whose
    subtree holds the warning's unit."""
    if view.shows_grids:
        return view.region_of_grid.get(grid_id) if grid_id is not None else None
    for unit_id, prefix in paths.items():
        if path.startswith(prefix):
            return f"u{unit_id}"
    return None
