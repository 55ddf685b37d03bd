"""Grid boundaries kept with the register: the demo city's generated partition, a city's
GeoJSON imported all or nothing (page and command), audited."""

from __future__ import annotations

import json
import random

import pytest
import shapely
from shapely.geometry import shape
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from fanzha import cli, db
from fanzha.demo import grid_shapes
from fanzha.org.models import BoundarySource, Grid, GridBoundary, Unit, UnitKind
from tests.helpers import audit_entries, csrf_token, login

pytestmark = pytest.mark.usefixtures("city")


def _boundaries(session: Session) -> dict[int, GridBoundary]:
    return {b.grid_id: b for b in session.scalars(select(GridBoundary))}


def _grids(session: Session) -> list[Grid]:
    return list(session.scalars(select(Grid).order_by(Grid.code)))


def _file(grids: list[Grid], skip: int | None = None, extra: list | None = None) -> bytes:
    """A square per grid, in a row (a real city's file would come from its GIS)."""
    features = []
    for i, grid in enumerate(grids):
        if i == skip:
            continue
        x, y = 118.0 + i * 0.01, 31.0
        ring = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]
        features.append(
            {
                "type": "Feature",
                "properties": {"code": grid.code, "name": grid.name},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features + (extra or [])}).encode()


# --- the demo city -----------------------------------------------------------------------------


def test_every_demo_grid_has_one_valid_polygon_and_none_overlap(session):
    grids = _grids(session)
    stored = _boundaries(session)
    assert set(stored) == {g.id for g in grids}
    assert {b.source for b in stored.values()} == {BoundarySource.demo}
    shapes = [shape(stored[g.id].geometry) for g in grids]
    assert all(s.is_valid and s.geom_type == "Polygon" and s.area > 0 for s in shapes)
    # A valid coverage: no two grids overlap, shared borders match vertex for vertex.
    assert shapely.coverage_is_valid(shapes)
    city = shapely.union_all(shapes)
    assert city.geom_type == "Polygon"  # one city, no holes between grids
    assert city.area == pytest.approx(sum(s.area for s in shapes), rel=1e-9)
    for b in stored.values():
        geometry = shape(b.geometry)
        assert b.bbox == pytest.approx(list(geometry.bounds))
        assert geometry.contains(shapely.Point(b.label_point))


@pytest.mark.parametrize("kind", [UnitKind.branch, UnitKind.station, UnitKind.community])
def test_each_units_grids_make_one_region(session, kind):
    stored = _boundaries(session)
    units = session.scalars(select(Unit).where(Unit.kind == kind)).all()
    assert units
    for unit in units:
        grid_ids = session.scalars(
            select(Grid.id)
            .join(Unit, Unit.id == Grid.unit_id)
            .where(Unit.path.like(unit.path + "%"))
        ).all()
        region = shapely.union_all([shape(stored[g].geometry) for g in grid_ids])
        assert region.geom_type == "Polygon", unit.name


def test_the_same_seed_draws_the_same_city_and_another_seed_another():
    def draw(seed: str) -> list[bytes]:
        rng = random.Random(seed)
        cells = grid_shapes.partition(grid_shapes.city_outline(rng), 6, rng)
        return [shapely.to_wkb(c) for c in cells]

    assert draw("grid-shapes-1") == draw("grid-shapes-1")
    assert draw("grid-shapes-1") != draw("grid-shapes-2")


# --- the import --------------------------------------------------------------------------------


def _upload(client, content: bytes, **form):
    token = csrf_token(client)
    return client.post(
        "/outreach/map/boundaries",
        data={"csrf_token": token, **form},
        files={"file": ("网格边界.geojson", content, "application/geo+json")},
    )


def test_the_admin_imports_a_citys_file_and_it_replaces_the_demo(client, session):
    grids = _grids(session)
    login(client, "admin")
    response = _upload(client, _file(grids))
    assert response.status_code == 200
    assert f"已导入 {len(grids)} 个网格的边界" in response.text
    stored = _boundaries(session)
    assert set(stored) == {g.id for g in grids}
    assert {b.source for b in stored.values()} == {BoundarySource.imported}
    first = stored[grids[0].id]
    assert first.bbox == pytest.approx([118.0, 31.0, 118.01, 31.01])
    assert first.imported_by_id is not None
    [entry] = audit_entries(session, "org.import.boundaries")
    assert entry.summary == f"导入网格边界：{len(grids)} 个网格"
    page = client.get("/outreach/map/boundaries")
    assert f"{len(grids)} 个" in page.text and "系统管理员" in page.text


def test_a_bad_file_is_refused_whole_with_the_grids_named(client, session):
    grids = _grids(session)
    before = {g: b.geometry for g, b in _boundaries(session).items()}
    login(client, "admin")
    unknown = {
        "type": "Feature",
        "properties": {"code": "NOPE-1"},
        "geometry": {"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [2, 2], [1, 1]]]},
    }
    response = _upload(client, _file(grids, skip=2, extra=[unknown]))
    assert response.status_code == 422
    assert "网格边界文件未导入：发现 2 处问题，未做任何更改" in response.text
    assert f"网格 {grids[2].code}（{grids[2].name}）在文件中没有边界" in response.text
    assert "的网格编码 NOPE-1 不在网格名册中" in response.text
    session.expire_all()
    assert {g: b.geometry for g, b in _boundaries(session).items()} == before
    assert audit_entries(session, "org.import.boundaries") == []


def test_the_property_holding_the_code_can_be_named(client, session):
    grids = _grids(session)
    login(client, "admin")
    content = _file(grids).replace(b'"code"', b'"WGBM"')
    refused = _upload(client, content)
    assert refused.status_code == 422 and "属性中没有网格编码（code）" in refused.text
    assert _upload(client, content, code_key="WGBM").status_code == 200


def test_a_file_over_the_upload_limit_is_refused(client, session, monkeypatch):
    from fanzha.config import get_settings

    monkeypatch.setattr(get_settings(), "upload_excel_mb", 0.001)
    login(client, "admin")
    response = _upload(client, _file(_grids(session)))
    assert response.status_code == 413
    assert "文件超过 0.001 MB 上限" in response.text


def test_only_the_admin_imports(client):
    login(client, "station_a")
    assert client.get("/outreach/map/boundaries").status_code == 403


def test_the_command_imports_a_file_and_refuses_a_bad_one(own_engine, monkeypatch, tmp_path):
    url = own_engine.url.render_as_string(hide_password=False)
    monkeypatch.setattr(db, "resolve_database_url", lambda: url)
    monkeypatch.setattr(db, "get_sessionmaker", lambda: sessionmaker(bind=own_engine))
    # The CLI's transactions use the bulk sessionmaker, cached per process: another test
    # may have built it for its own database first.
    monkeypatch.setattr(db, "get_bulk_sessionmaker", lambda: sessionmaker(bind=own_engine))
    with Session(own_engine) as s:
        grids = _grids(s)
    bad, good = tmp_path / "bad.geojson", tmp_path / "good.geojson"
    bad.write_bytes(_file(grids, skip=0))
    good.write_bytes(_file(grids))
    runner = CliRunner()
    refused = runner.invoke(cli.app, ["boundaries", "import", str(bad)])
    assert refused.exit_code == 1
    assert f"网格 {grids[0].code}（{grids[0].name}）在文件中没有边界" in refused.output
    done = runner.invoke(cli.app, ["boundaries", "import", str(good)])
    assert done.exit_code == 0, done.output
    assert f"已导入 {len(grids)} 个网格的边界" in done.output
    with Session(own_engine) as s:
        sources = set(s.scalars(select(GridBoundary.source)))
        assert sources == {BoundarySource.imported}
