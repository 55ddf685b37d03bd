"""Excel import of the gazetteer: compounds with aliases, house-number ranges, per district;
each bad row reported with its reason; warnings route by what was imported."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from fanzha.access import Principal
from fanzha.org.gazetteer import parse_house_number
from fanzha.org.models import Compound, Grid, StreetRange, Unit
from fanzha.warnings import intake
from fanzha.warnings.models import Warning
from fanzha.warnings.schemas import WarningIn
from tests.helpers import audit_entries, login
from tests.org.test_import import upload, xlsx
from tests.warnings.factories import warning_payload

pytestmark = pytest.mark.usefixtures("city")

HEADER = ["区县", "道路", "门牌号", "小区", "别名", "网格代码", "楼栋数"]


def _two_grids(session) -> tuple[Grid, Grid]:
    grids = session.scalars(select(Grid).order_by(Grid.id)).all()
    first = grids[0]
    other = next(g for g in grids if g.unit.parent_id != first.unit.parent_id)
    return first, other


def _route(session, address: str) -> Warning:
    item = WarningIn(**warning_payload(address=address))
    [(warning_id, _)] = intake.store(session, Principal.system(), [item])
    return session.get(Warning, warning_id)


def test_the_template_has_the_headers_and_explains_them(client):
    login(client, "admin")
    response = client.get("/org/import/gazetteer/template")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER


def test_imported_compounds_aliases_and_ranges_route_warnings(client, session):
    a, b = _two_grids(session)
    content = xlsx(
        HEADER,
        [
            ["北湖区", "长江路", "18号", "银河湾", "银河小区、银河湾一期", a.code, 9],
            ["南湖区", "长江路", "18号", "星光城", "", b.code, ""],
            ["北湖区", "长江路", "1-99号", "", "", a.code, ""],
            ["南湖区", "长江路", "1～99号", "", "", b.code, ""],
        ],
    )
    login(client, "admin")
    response = upload(client, "gazetteer", content)
    assert response.status_code == 200
    assert "新增 4 行" in response.text
    assert audit_entries(session, "org.import.gazetteer")

    assert _route(session, "北湖区长江路18号3栋").grid_id == a.id
    assert _route(session, "南湖区长江路18号").grid_id == b.id
    assert _route(session, "银河小区5栋2单元").grid_id == a.id  # by an alias
    assert _route(session, "南湖区长江路57号门面").grid_id == b.id  # by the range
    ambiguous = _route(session, "长江路57号")
    root = session.scalar(select(Unit.id).where(Unit.parent_id.is_(None)))
    assert ambiguous.unit_id == root and not ambiguous.routed
    assert {c["grid_id"] for c in ambiguous.route_candidates} == {a.id, b.id}

    again = upload(client, "gazetteer", content)
    assert "新增 0 行" in again.text and "此前已导入 4 行" in again.text
    assert len(session.scalars(select(StreetRange)).all()) == 2


def test_bad_rows_are_reported_with_their_reason_and_the_good_ones_stored(client, session):
    a, _ = _two_grids(session)
    content = xlsx(
        HEADER,
        [
            ["北湖区", "黄河路", "8号", "晨光苑", "", a.code, 4],  # good
            ["北湖区", "黄河路", "八号", "夕照苑", "", a.code, ""],
            ["北湖区", "黄河路", "", "", "", a.code, ""],
            ["北湖区", "黄河路", "99-10号", "", "", a.code, ""],
            ["北湖区", "黄河路", "1-20号", "月光苑", "", a.code, ""],
            ["北湖区", "黄河路", "9号", "云影苑", "", "NOPE", ""],
            ["", "黄河路", "9号", "霞光苑", "", a.code, "0"],
            ["北湖区", "黄河路", "8号", "晨光苑", "", a.code, 4],
        ],
    )
    login(client, "admin")
    response = upload(client, "gazetteer", content)
    text = response.text
    assert "新增 1 行" in text and "另有 7 行有误" in text
    assert "门牌号应写成 378号 或 1-199号：八号" in text
    assert "未写小区时须写门牌号或门牌范围" in text
    assert "门牌范围起号大于止号：99-10号" in text
    assert "小区的门牌号只能写一个，不能写范围：1-20号" in text
    assert "网格代码不存在或不在您的管辖范围：NOPE" in text
    assert "楼栋数应为1至999的整数：0" in text
    assert "与第 2 行重复：晨光苑" in text
    assert session.scalar(select(Compound.buildings).where(Compound.name == "晨光苑")) == 4


def test_a_station_cannot_put_addresses_into_another_stations_grid(client, session):
    _, other = _two_grids(session)
    login(client, "station_a")
    response = upload(
        client,
        "gazetteer",
        xlsx(HEADER, [["北湖区", "珠江路", "3号", "远方苑", "", other.code, ""]]),
    )
    assert response.status_code in (200, 403)
    assert session.scalar(select(Compound).where(Compound.name == "远方苑")) is None


@given(st.integers(1, 99999), st.integers(0, 500), st.sampled_from(["-", "～", "至", " - "]))
def test_house_numbers_and_ranges_are_read_however_written(low, width, dash):
    assert parse_house_number(f"{low}号") == (low, low)
    assert parse_house_number(str(low)) == (low, low)
    high = min(low + width, 99999)
    assert parse_house_number(f"{low}{dash}{high}号") == (low, high)
    assert parse_house_number(f"{low}号楼") is None
