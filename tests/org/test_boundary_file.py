"""Reading a city's grid boundaries from GeoJSON (fanzha.org.boundary_file): the file is taken
whole or refused with every problem, each naming the grid (code and name) in Chinese."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fanzha.org.boundary_file import read_boundaries
from fanzha.org.errors import BoundaryFileRefused
from fanzha.uploads import FileTooBig

LIMIT = 1 << 20


def square(i: int, size: float = 0.01) -> dict:
    x, y = 119.5 + i * size, 32.4
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def bowtie(i: int) -> dict:
    x, y = 119.5 + i * 0.01, 32.4
    ring = [[x, y], [x + 0.01, y + 0.01], [x + 0.01, y], [x, y + 0.01], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(code: object, geometry: dict | None, key: str = "code") -> dict:
    return {"type": "Feature", "properties": {key: code, "名称": "x"}, "geometry": geometry}


def collection(features: list) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def register_of(n: int) -> dict[str, str]:
    return {f"SL01G{i:02d}": f"春晖社区第{i}网格" for i in range(1, n + 1)}


def problems_of(content: bytes, register: dict[str, str], **kw) -> list[str]:
    with pytest.raises(BoundaryFileRefused) as refused:
        read_boundaries(content, register, max_bytes=LIMIT, **kw)
    assert refused.value.status_code == 422
    assert (
        refused.value.message
        == f"网格边界文件未导入：发现 {len(refused.value.problems)} 处问题，未做任何更改"
    )
    return refused.value.problems


def test_a_good_file_gives_every_grid_its_polygon():
    register = register_of(3)
    content = collection([feature(code, square(i)) for i, code in enumerate(register)])
    shapes = read_boundaries(content, register, max_bytes=LIMIT)
    assert set(shapes) == set(register)
    assert shapes["SL01G02"].bounds == pytest.approx((119.51, 32.4, 119.52, 32.41))


def test_a_multipolygon_and_another_property_name_are_taken():
    register = register_of(1)
    parts = [square(0)["coordinates"], square(3)["coordinates"]]
    content = collection(
        [feature("SL01G01", {"type": "MultiPolygon", "coordinates": parts}, "wgbm")]
    )
    shapes = read_boundaries(content, register, max_bytes=LIMIT, code_key="wgbm")
    assert shapes["SL01G01"].geom_type == "MultiPolygon"
    assert problems_of(content, register) == [
        "第 1 个要素的属性中没有网格编码（code）",
        "网格 SL01G01（春晖社区第1网格）在文件中没有边界",
    ]


# Each way a feature can be wrong, and the one problem it must produce for grid number i.
MUTATIONS = {
    "missing": "网格 {grid}在文件中没有边界",
    "duplicate": "网格 {grid}在文件中有不止一个边界",
    "invalid_ring": "网格 {grid}的边界无效：边界自相交，位置",
    "unknown_code": "的网格编码 XX{i:02d} 不在网格名册中",
}


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(min_value=1, max_value=12),
    data=st.data(),
)
def test_each_bad_grid_is_named_and_nothing_is_taken(size, data):
    register = register_of(size)
    codes = list(register)
    broken = data.draw(
        st.dictionaries(
            st.integers(min_value=0, max_value=size - 1),
            st.sampled_from(sorted(MUTATIONS)),
            min_size=1,
        )
    )
    features = []
    for i, code in enumerate(codes):
        kind = broken.get(i)
        if kind == "missing":
            continue
        features.append(feature(code, bowtie(i) if kind == "invalid_ring" else square(i)))
        if kind == "duplicate":
            features.append(feature(code, square(i)))
        if kind == "unknown_code":
            features.append(feature(f"XX{i:02d}", square(i)))
    if not features:  # every grid dropped: an empty collection is its own refusal
        assert problems_of(collection([]), register) == ["文件中没有任何要素（features 为空）"]
        return
    problems = problems_of(collection(features), register)
    assert len(problems) == len(broken)
    for i, kind in broken.items():
        grid = f"{codes[i]}（{register[codes[i]]}）"
        wanted = MUTATIONS[kind].format(grid=grid, i=i)
        assert sum(wanted in p for p in problems) == 1, (wanted, problems)


@given(st.binary(max_size=200))
def test_any_bytes_are_taken_or_refused_in_chinese(content):
    try:
        read_boundaries(content, register_of(1), max_bytes=LIMIT)
    except BoundaryFileRefused as refused:
        assert refused.problems and all(p.isprintable() for p in refused.problems)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"{not json", "文件不是有效的 JSON（第 1 行第 2 列附近）"),
        (b"\xff\xfe\x00", "文件不是 UTF-8 编码的文本"),
        (b'{"type": "Feature"}', "文件应是 GeoJSON 要素集合（FeatureCollection），实际是：Feature"),
        (b"[1, 2]", "文件应是 GeoJSON 要素集合（FeatureCollection），实际是：list"),
        (collection([{"type": "Point"}]), "第 1 个要素不是 GeoJSON 要素（Feature）"),
    ],
)
def test_a_file_that_is_not_a_feature_collection_is_refused(content, problem):
    assert problems_of(content, register_of(1))[0] == problem


def test_geometries_that_cannot_be_a_grid_are_named():
    register = register_of(5)
    codes = list(register)
    projected = square(0)
    projected["coordinates"][0] = [[x * 1000, y * 1000] for x, y in projected["coordinates"][0]]
    nan_ring = '{"type": "Polygon", "coordinates": [[[NaN, 0], [1, 0], [1, 1], [NaN, 0]]]}'
    features = [
        feature(codes[0], {"type": "Point", "coordinates": [119.5, 32.4]}),
        feature(codes[1], {"type": "Polygon", "coordinates": "x"}),
        feature(codes[2], {"type": "Polygon", "coordinates": []}),
        feature(codes[3], projected),
        feature(codes[4], square(4)),
    ]
    problems = problems_of(collection(features), register)
    assert problems == [
        "网格 SL01G01（春晖社区第1网格）的边界应是面（Polygon 或 MultiPolygon），实际是：Point",
        "网格 SL01G02（春晖社区第2网格）的边界坐标无法读取（每个环至少 4 个点，首尾相同）",
        "网格 SL01G03（春晖社区第3网格）的边界是空的",
        "网格 SL01G04（春晖社区第4网格）的坐标 (119500, 32400) 不是经纬度："
        "请导出为 WGS84 经纬度坐标（EPSG:4326）",
    ]
    text = collection([feature(codes[0], None)]).replace(b"null", nan_ring.encode())
    assert problems_of(text, register_of(1))[0] == "文件不是有效的 JSON（第 1 行第 1 列附近）"


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    content = collection([feature("SL01G01", square(0))])
    with pytest.raises(FileTooBig):
        read_boundaries(content, register_of(1), max_bytes=len(content) - 1)
