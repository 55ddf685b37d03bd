"""Plausible outlines for 示例市's grids, from the demo seed: a city outline cut into its 分局,
each 分局 into its stations, each station into its communities and each community into its
grids, every cut a Voronoi partition of seeded points relaxed towards even sizes (Lloyd) and
clipped to the parent. So each station's grids are contiguous and each 分局 is one region.

The shapes are drawn in kilometres and moved to longitude/latitude at the end. The cells of
neighbouring parents meet at different points along their shared border, so all outlines are
noded together once (union of every boundary, then polygonised) before they are stored: each
shared border then has the same vertices on both sides, which the map's coverage
simplification relies on.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import shapely
from shapely.geometry import MultiPoint, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.org import boundaries
from fanzha.org.models import BoundarySource, Unit

# Where the fictional city lies (east China plain) and its size: about 30 km across.
CENTER_LON, CENTER_LAT = 119.62, 32.48
RADIUS_KM = 14.0
KM_PER_DEGREE_LAT = 110.57
GRID_SIZE_KM = 1e-4  # the noding precision: 10 cm
LLOYD_ROUNDS = 3
DECIMALS = 6  # about 0.1 m in latitude; what is stored


def build(
    session: Session,
    *,
    seed: int,
    branches: Sequence[Unit],
    stations: Sequence[Unit],
    communities: Sequence[Unit],
    grids_by_community: dict[int, list[int]],
) -> int:
    """Store a generated boundary for every grid of the demo city; returns how many."""
    rng = random.Random(f"grid-shapes-{seed}")  # its own stream: the rest of the city is unchanged
    children: dict[int, list[Unit]] = {}
    for unit in (*stations, *communities):
        assert unit.parent_id is not None
        children.setdefault(unit.parent_id, []).append(unit)
    outline = city_outline(rng)
    drawn: dict[int, Polygon] = {}
    for branch, branch_shape in zip(branches, partition(outline, len(branches), rng), strict=True):
        mine = children.get(branch.id, [])
        for station, station_shape in zip(
            mine, partition(branch_shape, len(mine), rng), strict=True
        ):
            comms = children.get(station.id, [])
            for community, comm_shape in zip(
                comms, partition(station_shape, len(comms), rng), strict=True
            ):
                grids = grids_by_community.get(community.id, [])
                drawn.update(zip(grids, partition(comm_shape, len(grids), rng), strict=True))
    shapes = {grid_id: to_lonlat(shape) for grid_id, shape in noded(drawn).items()}
    boundaries.store(session, Principal.system(), shapes, BoundarySource.demo)
    return len(shapes)


def city_outline(rng: random.Random) -> Polygon:
    """An irregular blob about RADIUS_KM across: seeded harmonics on a circle, weaker as they
    get finer (a coastline's ragged edge, not a flower)."""
    waves = [
        (k, rng.uniform(0.02, 0.16) / k**0.9, rng.uniform(0, 2 * math.pi)) for k in range(2, 11)
    ]
    points = []
    for i in range(120):
        angle = 2 * math.pi * i / 120
        r = RADIUS_KM * (1 + sum(a * math.cos(k * angle + phase) for k, a, phase in waves))
        points.append((r * math.cos(angle) * 1.25, r * math.sin(angle)))
    return Polygon(points)


def partition(shape: Polygon, count: int, rng: random.Random) -> list[Polygon]:
    """`count` connected pieces that tile `shape`, of roughly even size."""
    if count <= 1:
        return [shape] * count
    seeds = _points_inside(shape, count, rng)
    cells: list[BaseGeometry] = []
    for _ in range(LLOYD_ROUNDS + 1):
        cells = _clipped_cells(shape, seeds)
        seeds = [_inner_center(cell) for cell in cells]
    return _connected(cells, seeds)


def _points_inside(shape: Polygon, count: int, rng: random.Random) -> list[Point]:
    min_x, min_y, max_x, max_y = shape.bounds
    found: list[Point] = []
    while len(found) < count:
        point = Point(rng.uniform(min_x, max_x), rng.uniform(min_y, max_y))
        if shape.contains(point) and all(point.distance(p) > 1e-3 for p in found):
            found.append(point)
    return found


def _clipped_cells(shape: Polygon, seeds: list[Point]) -> list[BaseGeometry]:
    diagram = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=shape, ordered=True)
    return [cell.intersection(shape) for cell in diagram.geoms]


def _inner_center(cell: BaseGeometry) -> Point:
    """The cell's centroid, or a point inside it when the centroid falls outside."""
    centroid = cell.centroid
    return centroid if cell.contains(centroid) else cell.point_on_surface()


def _parts(geometry: BaseGeometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [geometry]
    return [g for g in getattr(geometry, "geoms", []) if isinstance(g, Polygon) and g.area > 0]


def _connected(cells: list[BaseGeometry], seeds: list[Point]) -> list[Polygon]:
    """A cell clipped by a concave parent can fall apart: its stray pieces go to the neighbour
    they share the longest border with, so every piece is one polygon."""
    pieces = [list(_parts(cell)) for cell in cells]
    kept: list[BaseGeometry] = []
    strays: list[Polygon] = []
    for seed, parts in zip(seeds, pieces, strict=True):
        parts.sort(key=lambda p: (not p.contains(seed), -p.area))
        kept.append(parts[0])
        strays += parts[1:]
    for stray in strays:
        border = [stray.boundary.intersection(k).length for k in kept]
        best = max(range(len(kept)), key=border.__getitem__)
        kept[best] = kept[best].union(stray)
    return [_largest(k) for k in kept]


def _largest(geometry: BaseGeometry) -> Polygon:
    parts = _parts(geometry)
    return max(parts, key=lambda p: p.area)


def noded(drawn: dict[int, Polygon]) -> dict[int, BaseGeometry]:
    """The same partition with shared borders noded: every edge of every outline split where
    another outline's vertex touches it, at GRID_SIZE_KM precision, then each face given back
    to the grid whose drawn outline holds it."""
    ids = list(drawn)
    outlines = [drawn[i] for i in ids]
    lines = shapely.union_all([o.boundary for o in outlines], grid_size=GRID_SIZE_KM)
    faces = list(shapely.polygonize([lines]).geoms)
    tree = STRtree(outlines)
    owned: dict[int, list[Polygon]] = {}
    for face in faces:
        inside = face.point_on_surface()
        hits = tree.query(inside, predicate="intersects")
        if len(hits) == 0:
            hits = [int(tree.nearest(inside))]
        owned.setdefault(ids[int(hits[0])], []).append(face)
    return {
        grid_id: shapely.coverage_union_all(owned[grid_id])
        if len(owned[grid_id]) > 1
        else owned[grid_id][0]
        for grid_id in ids
    }


def to_lonlat(shape: BaseGeometry) -> BaseGeometry:
    """Kilometres east/north of the centre to WGS84 degrees (an equirectangular step, plenty
    at a city's size), rounded to what is stored."""
    per_lon = KM_PER_DEGREE_LAT * math.cos(math.radians(CENTER_LAT))

    def move(coords):
        out = coords.copy()
        out[:, 0] = (CENTER_LON + coords[:, 0] / per_lon).round(DECIMALS)
        out[:, 1] = (CENTER_LAT + coords[:, 1] / KM_PER_DEGREE_LAT).round(DECIMALS)
        return out

    return shapely.transform(shape, move)
