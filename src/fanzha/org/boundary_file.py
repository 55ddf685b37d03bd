"""Reading a city's grid boundaries from GeoJSON, checked whole against the grid register.

The file is a FeatureCollection; each feature names its grid by code in its properties and
carries a Polygon or MultiPolygon in WGS84 longitude/latitude. It is taken only when every grid
of the register has exactly one valid polygon and no feature names a grid the register lacks;
otherwise every problem is listed in Chinese, naming the grid, and nothing is taken. Pure: no
database, no web.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

import shapely
from shapely.errors import ShapelyError
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from fanzha.i18n import outreach_map as i18n
from fanzha.org.errors import BoundaryFileRefused
from fanzha.uploads import file_too_big

DEFAULT_CODE_KEY = "code"
POLYGONAL = ("Polygon", "MultiPolygon")
_WHERE = re.compile(r"^(.*?)\s*\[\s*([-\d.eE+]+)\s+([-\d.eE+]+)\s*\]\s*$")
_P = i18n.PROBLEMS


def grid_named(code: str, name: str) -> str:
    return i18n.GRID_NAMED.format(code=code, name=name)


def read_boundaries(
    content: bytes,
    register: Mapping[str, str],
    *,
    max_bytes: int,
    code_key: str = DEFAULT_CODE_KEY,
) -> dict[str, BaseGeometry]:
    """The polygon of each grid of `register` (grid code → grid name) from a GeoJSON
    FeatureCollection whose features carry the code under `properties[code_key]`.

    Returns {code: 2-D shapely Polygon/MultiPolygon}, one per register grid. Raises FileTooBig
    (413) past `max_bytes`, BoundaryFileRefused (422) with every problem otherwise (not JSON,
    not a FeatureCollection, a feature without a code or with an unknown one, a grid twice or
    not at all, a geometry not polygonal, unreadable, empty, off the longitude/latitude range
    or invalid by shapely's rules with GEOS's reason translated)."""
    if len(content) > max_bytes:
        raise file_too_big(max_bytes)
    features = _features(content)
    problems: list[str] = []
    found: dict[str, BaseGeometry] = {}
    first_seen: dict[str, int] = {}
    for n, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(_P["not_feature"].format(n=n))
            continue
        properties = feature.get("properties") or {}
        raw = properties.get(code_key) if isinstance(properties, dict) else None
        code = str(raw).strip() if raw is not None else ""
        if not code:
            problems.append(_P["no_code"].format(n=n, key=code_key))
            continue
        if code not in register:
            problems.append(_P["unknown_code"].format(n=n, code=code[:40]))
            continue
        grid = grid_named(code, register[code])
        if code in first_seen:
            problems.append(_P["duplicate"].format(grid=grid, first=first_seen[code], n=n))
            continue
        first_seen[code] = n
        geometry, problem = _geometry(feature.get("geometry"), grid)
        if problem:
            problems.append(problem)
        elif geometry is not None:
            found[code] = geometry
    problems += [
        _P["missing"].format(grid=grid_named(code, name))
        for code, name in register.items()
        if code not in first_seen
    ]
    if problems:
        raise BoundaryFileRefused(problems)
    return found


def _features(content: bytes) -> list[Any]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BoundaryFileRefused([_P["not_utf8"]]) from None
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise BoundaryFileRefused(
            [_P["not_json"].format(line=exc.lineno, column=exc.colno)]
        ) from None
    except (ValueError, RecursionError):
        raise BoundaryFileRefused([_P["not_json"].format(line=1, column=1)]) from None
    kind = data.get("type") if isinstance(data, dict) else type(data).__name__
    if kind != "FeatureCollection":
        raise BoundaryFileRefused([_P["not_collection"].format(kind=str(kind)[:40])])
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise BoundaryFileRefused([_P["no_features"]])
    return features


def _no_constant(name: str) -> float:
    """JSON has no NaN or Infinity; Python's reader would take them, the map could not."""
    raise ValueError(name)


def _geometry(raw: Any, grid: str) -> tuple[BaseGeometry | None, str | None]:
    kind = raw.get("type") if isinstance(raw, dict) else None
    if kind not in POLYGONAL:
        return None, _P["geometry_kind"].format(grid=grid, kind=str(kind)[:40])
    try:
        geometry = shapely.force_2d(shape(raw))
    except (ValueError, TypeError, IndexError, KeyError, AttributeError, ShapelyError):
        return None, _P["geometry_unreadable"].format(grid=grid)
    if geometry.is_empty:
        return None, _P["empty"].format(grid=grid)
    coords = shapely.get_coordinates(geometry)
    for x, y in coords:
        if not (math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90):
            return None, _P["not_lonlat"].format(grid=grid, x=f"{x:.6g}", y=f"{y:.6g}")
    if not geometry.is_valid:
        return None, invalid_problem(grid, explain_validity(geometry))
    return geometry, None


def invalid_problem(grid: str, explanation: str) -> str:
    """GEOS's "Self-intersection[120.1 32.4]" as 边界自相交，位置 120.1, 32.4."""
    match = _WHERE.match(explanation)
    reason, where = (
        (match.group(1), f"{match.group(2)}, {match.group(3)}")
        if match
        else (
            explanation,
            "",
        )
    )
    reason = i18n.VALIDITY_REASONS.get(reason.strip(), reason.strip())
    if where:
        return _P["invalid"].format(grid=grid, reason=reason, where=where)
    return _P["invalid_nowhere"].format(grid=grid, reason=reason)
