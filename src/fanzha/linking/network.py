"""The gang's network picture (cases ↔ indicators) as ECharts graph data. Pure.

Readable at 500 nodes: only values shared by two or more of the gang's cases are drawn (a
value of one case explains nothing), node size follows how many cases a value joins, and the
page lays it out (a force layout), labels every node and hides the labels that
would overlap (gang.js).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from fanzha.i18n import linking as i18n


@dataclass(frozen=True)
class CaseNode:
    id: int
    case_no: str
    station: str
    loss_yuan: str


@dataclass(frozen=True)
class ValueNode:
    id: int
    kind: str  # label shown in the legend: 银行账户, 电话号码 ...
    value: str
    linking: bool
    case_ids: tuple[int, ...]


def build(cases: Sequence[CaseNode], values: Sequence[ValueNode]) -> dict:
    """Nodes, links, categories and layout settings for the gang page."""
    kinds = sorted({v.kind for v in values})
    categories = [
        {"name": i18n.NETWORK["cases"]},
        *({"name": k} for k in kinds),
        {"name": i18n.NETWORK["not_linking"]},
    ]
    noise = len(categories) - 1
    nodes = [
        {
            "id": f"c{c.id}",
            "name": c.case_no,
            "category": 0,
            "symbol": "rect",
            "symbolSize": 14,
            "value": i18n.NETWORK["case"].format(station=c.station, loss=c.loss_yuan),
        }
        for c in cases
    ]
    links = []
    known = {c.id for c in cases}
    for v in values:
        members = [i for i in v.case_ids if i in known]
        if len(members) < 2:
            continue
        nodes.append(
            {
                "id": f"i{v.id}",
                "name": v.value,
                "category": 1 + kinds.index(v.kind) if v.linking else noise,
                "symbolSize": min(10 + 4 * math.sqrt(len(members)), 48),
                "value": i18n.NETWORK["value"].format(kind=v.kind, count=len(members))
                + ("" if v.linking else i18n.NETWORK["value_not_linking"]),
            }
        )
        links.extend(
            {
                "source": f"c{i}",
                "target": f"i{v.id}",
                "lineStyle": {"type": "solid" if v.linking else "dashed"},
            }
            for i in members
        )
    return {
        "nodes": nodes,
        "links": links,
        "categories": categories,
    }
