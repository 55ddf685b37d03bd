"""One measured figure, as `bench/results/latest.json` records it (see shared/BENCH.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str
    baseline: str | None = None  # the dotted name of the figure this one is compared against

    def as_json(self, figures: dict[str, Figure]) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "unit": self.unit}
        if self.baseline and self.baseline in figures:  # a partial run may lack the baseline
            out["baseline"] = self.baseline
            out["ratio"] = round(self.value / figures[self.baseline].value, 3)
        return out
