"""The KPI registry: every leaders' figure (fanzha.stats.catalog builds them), by key.

What an indicator holds and how its value reads is in fanzha.stats.indicator.
"""

from __future__ import annotations

from fanzha.stats.catalog import build
from fanzha.stats.indicator import Indicator, Measure

INDICATORS: tuple[Indicator, ...] = tuple(build())
_BY_KEY = {i.key: i for i in INDICATORS}
assert len(_BY_KEY) == len(INDICATORS), "indicator keys are unique"

__all__ = ["INDICATORS", "Indicator", "Measure", "by_key", "grouped"]


def by_key(key: str) -> Indicator:
    """The indicator of this key; KeyError for an unknown one."""
    return _BY_KEY[key]


def grouped() -> list[tuple[str, list[Indicator]]]:
    """The indicators by group, in catalogue order (the dashboard's sections)."""
    groups: dict[str, list[Indicator]] = {}
    for indicator in INDICATORS:
        groups.setdefault(indicator.group, []).append(indicator)
    return list(groups.items())
