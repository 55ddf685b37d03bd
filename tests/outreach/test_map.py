"""The coverage map's data: each unit's regions as GeoJSON, only what the viewer's scope holds,
revalidated by ETag; the figures keyed like the features; the page drills down."""

from __future__ import annotations

import json
import re

import pytest
import shapely
from shapely.geometry import shape
from sqlalchemy import func, select

from fanzha.org.models import Grid, GridBoundary, Unit, UnitKind
from fanzha.outreach.models import Campaign, CampaignStatus, Household
from tests.helpers import login, unit_of

pytestmark = pytest.mark.usefixtures("city")


def _geojson(client, unit_id: int, **headers) -> dict:
    response = client.get(f"/outreach/map/{unit_id}/shapes.geojson", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/geo+json"
    return response.json()


def _grids_under(session, unit: Unit) -> set[int]:
    return set(
        session.scalars(
            select(Grid.id)
            .join(Unit, Unit.id == Grid.unit_id)
            .where(Unit.path.like(unit.path + "%"))
        )
    )


def test_a_station_sees_its_own_grids_and_nothing_of_its_sibling(client, session):
    login(client, "station_a")
    own, sibling = unit_of(session, "station_a"), unit_of(session, "station_b")
    collection = _geojson(client, own.id)
    drawn = {f["properties"]["id"] for f in collection["features"]}
    assert drawn == _grids_under(session, own)
    assert {f["properties"]["kind"] for f in collection["features"]} == {"grid"}
    assert all(
        f["properties"]["name"] == f"g{f['properties']['id']}" for f in collection["features"]
    )
    assert client.get(f"/outreach/map/{sibling.id}/shapes.geojson").status_code == 404
    city = session.scalar(select(Unit).where(Unit.kind == UnitKind.city_bureau))
    assert client.get(f"/outreach/map/{city.id}/shapes.geojson").status_code == 404
    assert client.get(f"/outreach/map/{city.id}/figures.json").status_code == 404


def test_the_city_map_shows_each_branch_as_one_region_of_its_grids(client, session):
    login(client, "leader")
    city = unit_of(session, "leader")
    collection = _geojson(client, city.id)
    branches = session.scalars(select(Unit).where(Unit.kind == UnitKind.branch)).all()
    features = {f["properties"]["id"]: f for f in collection["features"]}
    assert set(features) == {b.id for b in branches}
    stored = {b.grid_id: shape(b.geometry) for b in session.scalars(select(GridBoundary))}
    for branch in branches:
        drawn = shape(features[branch.id]["geometry"])
        exact = shapely.union_all([stored[g] for g in _grids_under(session, branch)])
        assert drawn.geom_type == "Polygon" and drawn.is_valid
        # Simplified for the screen, yet the same region to within a sliver.
        assert drawn.symmetric_difference(exact).area < exact.area * 0.01
        assert drawn.contains(shapely.Point(features[branch.id]["properties"]["cp"]))


def test_the_browser_copy_is_revalidated_by_etag(client, session):
    login(client, "station_a")
    unit = unit_of(session, "station_a")
    first = client.get(f"/outreach/map/{unit.id}/shapes.geojson")
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "private, no-cache"
    again = client.get(f"/outreach/map/{unit.id}/shapes.geojson", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    # New boundaries for one of its grids: a new tag, and the new shape.
    boundary = session.scalar(
        select(GridBoundary).where(GridBoundary.grid_id.in_(_grids_under(session, unit)))
    )
    session.delete(boundary)
    session.flush()
    changed = client.get(f"/outreach/map/{unit.id}/shapes.geojson", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag
    ids = {f["properties"]["id"] for f in changed.json()["features"]}
    assert boundary.grid_id not in ids


def test_the_figures_name_the_same_regions_and_count_the_register(client, session):
    login(client, "branch_leader")
    branch = unit_of(session, "branch_leader")
    figures = client.get(f"/outreach/map/{branch.id}/figures.json").json()
    collection = _geojson(client, branch.id)
    assert {r["name"] for r in figures["regions"]} == {
        f["properties"]["name"] for f in collection["features"]
    }
    for region in figures["regions"]:
        unit = session.get(Unit, region["id"])
        grids = session.scalars(select(Grid).where(Grid.id.in_(_grids_under(session, unit)))).all()
        assert region["households"] == region["value"] == sum(g.households for g in grids)
        assert region["grids"] == len(grids)


def test_the_page_drills_down_to_the_grids_and_shows_the_trail(client, session):
    login(client, "leader")
    page = client.get("/outreach/map")
    assert page.status_code == 200
    assert 'id="coverage-map"' in page.text and "/static/js/coverage_map.js" in page.text
    branch = session.scalars(select(Unit).where(Unit.kind == UnitKind.branch)).first()
    # The demo's running campaign colours the map unless another is chosen.
    running = session.scalars(
        select(Campaign).where(Campaign.status == CampaignStatus.running).order_by(Campaign.id)
    ).all()
    assert len(running) == 1
    assert f"figures.json?campaign={running[0].id}" in page.text
    # Links down the map keep the campaign shown.
    assert re.search(rf'href="/outreach/map/{branch.id}(\?campaign=\d+)?"', page.text)
    station = session.scalars(select(Unit).where(Unit.parent_id == branch.id)).first()
    grid = session.scalars(
        select(Grid).where(Grid.id.in_(_grids_under(session, station))).order_by(Grid.code)
    ).first()
    station_page = client.get(f"/outreach/map/{station.id}")
    assert re.search(
        rf'<a href="/outreach/map/{branch.id}(\?campaign=\d+)?">{branch.name}</a>',
        station_page.text,
    )
    assert f'<span class="crumb-current">{station.name}</span>' in station_page.text
    assert f'href="/org/grids/{grid.id}">{grid.name}</a>' in station_page.text


def test_a_unit_without_boundaries_says_so(client, session):
    unit = unit_of(session, "station_a")
    for boundary in session.scalars(
        select(GridBoundary).where(GridBoundary.grid_id.in_(_grids_under(session, unit)))
    ):
        session.delete(boundary)
    session.flush()
    login(client, "admin")
    page = client.get(f"/outreach/map/{unit.id}")
    assert "的网格尚无边界，地图无法显示" in page.text and 'id="coverage-map"' not in page.text
    assert json.loads(client.get(f"/outreach/map/{unit.id}/shapes.geojson").text)["features"] == []


def test_field_staff_without_the_coverage_permission_are_refused(client):
    login(client, "dissuader_a")
    assert client.get("/outreach/map").status_code == 403


def test_a_campaign_colours_each_grid_by_its_coverage(client, session):
    from fanzha.outreach import sync
    from tests.outreach.records import add_households, grids_of, principal, running_campaign, visit

    station = principal(session, "station_a")
    grids = grids_of(session, station)
    first = add_households(session, grids[0], 4)
    add_households(session, grids[1], 5)
    # The demo's register sample is in the baseline too.
    live = select(func.count()).where(Household.deleted_at.is_(None))
    base = [session.scalar(live.where(Household.grid_id == g.id)) for g in grids[:2]]
    campaign = running_campaign(session, station)
    sync.sync_visits(session, station, campaign.id, [visit(h) for h in first[:3]])
    session.flush()
    login(client, "station_a")
    figures = client.get(f"/outreach/map/{station.unit_id}/figures.json?campaign={campaign.id}")
    assert figures.status_code == 200
    by_grid = {r["id"]: r for r in figures.json()["regions"]}
    assert figures.json()["metric"] == "coverage" and figures.json()["max"] == 100
    assert by_grid[grids[0].id]["value"] == round(300 / base[0], 1)
    assert by_grid[grids[0].id]["visited_of_baseline"] == f"3 / {base[0]}"
    assert by_grid[grids[0].id]["residents_reached"] == 6
    assert by_grid[grids[1].id]["value"] == 0.0
    assert by_grid[grids[1].id]["visited_of_baseline"] == f"0 / {base[1]}"
    # Asked by name, the page shows the same figures in its table.
    page = client.get(f"/outreach/map/{station.unit_id}?campaign={campaign.id}")
    assert (
        f'data-figures="/outreach/map/{station.unit_id}/figures.json?campaign={campaign.id}"'
        in page.text
    )
    assert f"<td>3 / {base[0]}</td><td>{round(300 / base[0], 1)}%</td>" in page.text
    # "不选" shows the register's households instead, and keeps that choice down the map.
    plain = client.get(f"/outreach/map/{station.unit_id}?campaign=")
    assert "<th>住户</th>" in plain.text and f"<td>3 / {base[0]}</td>" not in plain.text
    assert 'figures.json?campaign="' in plain.text
    # Grid clicks lead to the grid's households for those who keep the register.
    assert f'href="/outreach/households?grid={grids[0].id}"' in page.text
    # Up at the branch, the station is one region summing its grids.
    login(client, "admin")
    branch = session.get(Unit, session.get(Unit, station.unit_id).parent_id)
    up = client.get(f"/outreach/map/{branch.id}/figures.json?campaign={campaign.id}").json()
    [mine] = [r for r in up["regions"] if r["id"] == station.unit_id]
    station_base = session.scalar(live.where(Household.grid_id.in_([g.id for g in grids])))
    assert mine["visited_of_baseline"] == f"3 / {station_base}"
    assert mine["value"] == round(300 / station_base, 1)
    assert all(r["value"] is None for r in up["regions"] if r["id"] != station.unit_id)


def test_another_units_campaign_is_not_there(client, session):
    from tests.outreach.records import principal, running_campaign

    campaign = running_campaign(session, principal(session, "station_b"))
    login(client, "station_a")
    unit = unit_of(session, "station_a")
    assert (
        client.get(f"/outreach/map/{unit.id}/figures.json?campaign={campaign.id}").status_code
        == 404
    )
    assert client.get(f"/outreach/map/{unit.id}?campaign={campaign.id}").status_code == 404
