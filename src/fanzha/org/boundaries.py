"""Grid boundaries kept with the grid register: a city's GeoJSON imported all or nothing, the
demo city's generated partition stored the same way, and how many grids have one.

The boundary is org data (it belongs to the grid, like its households and its gazetteer), so
the tables below the prevention pillar (warnings' routing, a later big screen) may read it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.i18n import outreach_map as i18n
from fanzha.org import boundary_file, scope
from fanzha.org.models import BoundarySource, Grid, GridBoundary
from fanzha.uploads import Limits


def import_boundaries(
    session: Session,
    actor: Principal,
    content: bytes,
    *,
    code_key: str = boundary_file.DEFAULT_CODE_KEY,
) -> int:
    """Replace the boundaries of every grid in the actor's scope with those of a GeoJSON
    FeatureCollection (see fanzha.org.boundary_file for what is checked). Returns how many grids
    were given one. All or nothing: raises FileTooBig (413, the Excel upload limit) or
    BoundaryFileRefused (422, every problem named) and stores nothing."""
    grids = {g.code: g for g in session.scalars(scope.scoped_select(Grid, actor))}
    shapes = boundary_file.read_boundaries(
        content,
        {code: grid.name for code, grid in grids.items()},
        max_bytes=Limits.excel().max_bytes,
        code_key=code_key,
    )
    store(
        session,
        actor,
        {grids[code].id: geometry for code, geometry in shapes.items()},
        BoundarySource.imported,
    )
    audit.record(
        session,
        actor,
        AuditAction.import_boundaries,
        target_type="grid_boundaries",
        summary=i18n.AUDIT_IMPORTED.format(count=len(shapes)),
        detail={"grids": len(shapes)},
    )
    return len(shapes)


def store(
    session: Session,
    actor: Principal,
    shapes: Mapping[int, BaseGeometry],
    source: BoundarySource,
) -> None:
    """Write `shapes` ({grid id: valid Polygon/MultiPolygon in lon/lat}) as those grids'
    boundaries, replacing any they had. The caller has checked the grids and geometries."""
    if not shapes:
        return
    session.execute(delete(GridBoundary).where(GridBoundary.grid_id.in_(list(shapes))))
    by = actor.id if actor.kind == "user" else None
    rows = []
    for grid_id, geometry in shapes.items():
        inside = geometry.point_on_surface()
        rows.append(
            {
                "grid_id": grid_id,
                "geometry": mapping(geometry),
                "bbox": list(geometry.bounds),
                "label_point": [inside.x, inside.y],
                "source": source,
                "imported_by_id": by,
            }
        )
    session.execute(insert(GridBoundary), rows)


@dataclass(frozen=True)
class Coverage:
    """How much of the actor's grid register has a boundary, and the latest import."""

    grids: int
    with_boundary: int
    sources: dict[str, int]
    last_at: datetime | None
    last_by_id: int | None

    @property
    def missing(self) -> int:
        return self.grids - self.with_boundary


def coverage(session: Session, actor: Principal) -> Coverage:
    grids = session.scalar(
        select(func.count()).select_from(Grid).where(scope.owner_clause(Grid, actor))
    )
    in_scope = scope.owner_clause(GridBoundary, actor)
    sources = dict(
        session.execute(
            select(GridBoundary.source, func.count()).where(in_scope).group_by(GridBoundary.source)
        ).all()
    )
    last = session.execute(
        select(GridBoundary.imported_at, GridBoundary.imported_by_id)
        .where(in_scope)
        .order_by(GridBoundary.imported_at.desc(), GridBoundary.id.desc())
        .limit(1)
    ).first()
    return Coverage(
        grids=grids or 0,
        with_boundary=sum(sources.values()),
        sources={str(k): v for k, v in sources.items()},
        last_at=last[0] if last else None,
        last_by_id=last[1] if last else None,
    )
