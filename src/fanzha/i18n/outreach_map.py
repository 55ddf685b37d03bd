"""Text of grid boundaries (the polygons of the grid register, imported as GeoJSON) and of the
coverage map that draws them."""

from __future__ import annotations

ERRORS = {
    "boundary_file_refused": "网格边界文件未导入：发现 {count} 处问题，未做任何更改",
}

# Each problem of a refused file; `{grid}` is the grid as officers know it: "代码（名称）".
PROBLEMS = {
    "not_json": "文件不是有效的 JSON（第 {line} 行第 {column} 列附近）",
    "not_utf8": "文件不是 UTF-8 编码的文本",
    "not_collection": "文件应是 GeoJSON 要素集合（FeatureCollection），实际是：{kind}",
    "no_features": "文件中没有任何要素（features 为空）",
    "not_feature": "第 {n} 个要素不是 GeoJSON 要素（Feature）",
    "no_code": "第 {n} 个要素的属性中没有网格编码（{key}）",
    "unknown_code": "第 {n} 个要素的网格编码 {code} 不在网格名册中",
    "duplicate": "网格 {grid}在文件中有不止一个边界（第 {first} 个和第 {n} 个要素）",
    "missing": "网格 {grid}在文件中没有边界",
    "geometry_kind": "网格 {grid}的边界应是面（Polygon 或 MultiPolygon），实际是：{kind}",
    "geometry_unreadable": "网格 {grid}的边界坐标无法读取（每个环至少 4 个点，首尾相同）",
    "empty": "网格 {grid}的边界是空的",
    "not_lonlat": (
        "网格 {grid}的坐标 ({x}, {y}) 不是经纬度：请导出为 WGS84 经纬度坐标（EPSG:4326）"
    ),
    "invalid": "网格 {grid}的边界无效：{reason}，位置 {where}",
    "invalid_nowhere": "网格 {grid}的边界无效：{reason}",
    "more": "另有 {count} 处问题未列出",
}
GRID_NAMED = "{code}（{name}）"

# shapely.explain_validity reasons (GEOS wording, before the "[x y]" location) in Chinese.
VALIDITY_REASONS = {
    "Self-intersection": "边界自相交",
    "Ring Self-intersection": "边界环自相交",
    "Too few points in geometry component": "边界的点数太少",
    "Hole lies outside shell": "内洞在外边界之外",
    "Nested holes": "内洞相互嵌套",
    "Interior is disconnected": "内部被内洞分割成几块",
    "Nested shells": "多个面相互嵌套",
    "Duplicate Rings": "有重复的环",
    "Invalid Coordinate": "坐标无效",
    "Ring is not closed": "环首尾不闭合",
}

IMPORT_DONE = "已导入 {count} 个网格的边界"
AUDIT_IMPORTED = "导入网格边界：{count} 个网格"

CLI = {
    "help": "网格边界：导入本市网格的 GeoJSON 边界（覆盖地图用）",
    "import": "导入网格边界 GeoJSON（FeatureCollection，每个要素的属性中写网格编码）",
    "file": "GeoJSON 文件",
    "code_key": "要素属性中写网格编码的字段名",
    "actor": "命令行",
    "file_missing": "找不到文件：{path}",
}

# The map's figures: the colour scale's ends and the tooltip's lines (key, label, unit).
MAP_SCALE = {
    "households": {"high": "住户多", "low": "住户少"},
    "coverage": {"high": "入户率高", "low": "入户率低"},
}
MAP_TOOLTIP = {
    "grids": ("网格", " 个"),
    "households": ("住户", " 户"),
    "coverage_pct": ("入户率", "%"),
    "visited_of_baseline": ("入户 / 底数", " 户"),
    "residents_reached": ("覆盖人数", " 人"),
    "revisits_pending": ("待再访", " 户"),
}
