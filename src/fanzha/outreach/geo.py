"""What the coverage map draws below one unit: its regions (the city's 分局, a 分局's stations,
a station's or community's grids) as a GeoJSON FeatureCollection for ECharts, simplified for
the screen and cached by a version tag the browser revalidates (ETag).

A unit's region is the union of the boundaries of the grids under it; the grids drawn and
unioned are only those of the viewer's scope. Each feature's `name` is a stable key ("u12",
"g345": grid and unit names repeat across the city), its `title` what the officer reads.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

import shapely
from shapely.errors import ShapelyError
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.auth.models import User
from fanzha.org import scope
from fanzha.org.models import Grid, GridBoundary, Unit, UnitKind

# Units whose map shows grids; above them the map shows the child units.
GRID_LEVEL = (UnitKind.station, UnitKind.community)
# The simplification tolerance as a share of the drawn area's larger side: at 1366 px across,
# about a third of a pixel, so the outlines look as drawn at a fraction of the points.
TOLERANCE_SHARE = 1 / 4000
DECIMALS = 6
_CACHE_SIZE = 64


@dataclass(frozen=True)
class Region:
    """One shape of the map: a unit below the one shown, or a grid."""

    key: str  # "u12" / "g345": the feature's name, which the figures refer to
    kind: str  # "unit" / "grid"
    id: int
    title: str
    code: str
    grid_ids: tuple[int, ...]
    households: int = 0  # the register's households (Grid.households) under it
    label: str = ""  # what the map writes on it: the title less the shown unit's name

    @property
    def short(self) -> str:
        return self.label or self.title


@dataclass
class MapLevel:
    """The regions below `unit` that the viewer sees, and which region each grid belongs to."""

    unit: Unit
    regions: list[Region]
    region_of_grid: dict[int, str] = field(default_factory=dict)

    @property
    def shows_grids(self) -> bool:
        return self.unit.kind in GRID_LEVEL


def level(session: Session, principal: Principal, unit: Unit) -> MapLevel:
    """The regions of `unit`'s map as `principal` may see them (the unit itself already read
    through the scope layer). Child units without a grid in scope are left out."""
    grids = session.execute(
        select(Grid.id, Grid.code, Grid.name, Grid.households, Unit.path)
        .join(Unit, Unit.id == Grid.unit_id)
        .where(Unit.path.like(unit.path + "%"), scope.owner_clause(Grid, principal))
        .order_by(Grid.code)
    ).all()
    if unit.kind in GRID_LEVEL:
        regions = [
            Region(f"g{g.id}", "grid", g.id, g.name, g.code, (g.id,), g.households) for g in grids
        ]
        return MapLevel(unit, regions, {g.id: f"g{g.id}" for g in grids})
    children = session.scalars(
        select(Unit)
        .where(Unit.parent_id == unit.id, scope.owner_clause(Unit, principal))
        .order_by(Unit.code)
    ).all()
    members: dict[int, list[Any]] = {c.id: [] for c in children}
    for g in grids:
        child = next((c for c in children if g.path.startswith(c.path)), None)
        if child is not None:
            members[child.id].append(g)
    regions = [
        Region(
            f"u{c.id}",
            "unit",
            c.id,
            c.name,
            c.code,
            tuple(g.id for g in members[c.id]),
            sum(g.households for g in members[c.id]),
            c.name.removeprefix(unit.name) or c.name,  # 示例市公安局临江区分局 → 临江区分局
        )
        for c in children
        if members[c.id]
    ]
    owner = {gid: r.key for r in regions for gid in r.grid_ids}
    return MapLevel(unit, regions, owner)


def trail(session: Session, principal: Principal, unit: Unit) -> list[Unit]:
    """The units from the highest the viewer sees down to `unit`, for the breadcrumbs."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    found = {
        u.id: u
        for u in session.scalars(scope.scoped_select(Unit, principal).where(Unit.id.in_(ids)))
    }
    return [found[i] for i in ids if i in found]


def drawn_count(session: Session, view: MapLevel) -> int:
    """How many of the view's grids have a boundary."""
    return (
        session.scalar(
            select(func.count())
            .select_from(GridBoundary)
            .where(GridBoundary.grid_id.in_(list(view.region_of_grid)))
        )
        or 0
    )


def user_name(session: Session, user_id: int | None) -> str:
    """Who imported the boundaries, for the admin page ("" for the system or the demo)."""
    if user_id is None:
        return ""
    user = session.get(User, user_id)
    return user.display_name if user else ""


# --- the GeoJSON -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shapes:
    etag: str
    body: bytes  # the FeatureCollection, UTF-8 JSON
    drawn: int  # regions with a shape


_cache: OrderedDict[str, Shapes] = OrderedDict()
_cache_lock = Lock()


def version(session: Session, view: MapLevel) -> str:
    """A tag that changes when anything drawn would: the regions and their grids, or any of
    those grids' boundaries (an import replaces rows, so their ids move on)."""
    grid_ids = sorted(view.region_of_grid)
    stamp = session.execute(
        select(func.count(), func.max(GridBoundary.id), func.max(GridBoundary.imported_at)).where(
            GridBoundary.grid_id.in_(grid_ids)
        )
    ).one()
    digest = hashlib.sha256()
    digest.update(repr((view.unit.id, stamp[0], stamp[1], str(stamp[2]))).encode())
    for region in view.regions:
        digest.update(repr((region.key, region.title, region.code, region.grid_ids)).encode())
    return digest.hexdigest()[:32]


def shapes(session: Session, view: MapLevel) -> Shapes:
    """The FeatureCollection of `view`'s regions that have a boundary; built once per version
    and kept in a small in-process cache."""
    tag = version(session, view)
    with _cache_lock:
        hit = _cache.get(tag)
        if hit is not None:
            _cache.move_to_end(tag)
            return hit
    built = _build(session, view, tag)
    with _cache_lock:
        _cache[tag] = built
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return built


def _build(session: Session, view: MapLevel, tag: str) -> Shapes:
    stored = dict(
        session.execute(
            select(GridBoundary.grid_id, GridBoundary.geometry).where(
                GridBoundary.grid_id.in_(list(view.region_of_grid))
            )
        ).all()
    )
    outlines: list[tuple[Region, BaseGeometry]] = []
    for region in view.regions:
        parts = [shape(stored[g]) for g in region.grid_ids if g in stored]
        if parts:
            outlines.append((region, parts[0] if len(parts) == 1 else _union(parts)))
    geometries = _simplified([g for _, g in outlines])
    features = [
        {
            "type": "Feature",
            "properties": {
                "name": region.key,
                "kind": region.kind,
                "id": region.id,
                "title": region.title,
                "label": region.short,
                "code": region.code,
                "cp": _rounded_point(geometry.point_on_surface()),
            },
            "geometry": _rounded(mapping(geometry)),
        }
        for (region, _), geometry in zip(outlines, geometries, strict=True)
    ]
    body = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    return Shapes(tag, body, len(features))


def _union(parts: list[BaseGeometry]) -> BaseGeometry:
    """One region from its grids: exact overlay (an imported city's grids need not share
    vertices along their borders as the demo's do)."""
    return shapely.union_all(parts)


def _simplified(geometries: list[BaseGeometry]) -> list[BaseGeometry]:
    """Fewer points, borders kept shared: coverage simplification moves each shared border
    once for both sides; a file whose grids overlap falls back to shape-by-shape."""
    if not geometries:
        return []
    min_x, min_y, max_x, max_y = shapely.total_bounds(geometries)
    tolerance = max(max_x - min_x, max_y - min_y) * TOLERANCE_SHARE
    try:
        out = list(shapely.coverage_simplify(geometries, tolerance))
    except ShapelyError:
        out = []
    if len(out) != len(geometries) or not all(g.is_valid and not g.is_empty for g in out):
        out = [g.simplify(tolerance, preserve_topology=True) for g in geometries]
    return out


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, DECIMALS)
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def _rounded_point(point: BaseGeometry) -> list[float]:
    return [round(point.x, DECIMALS), round(point.y, DECIMALS)]
