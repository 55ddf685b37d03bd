"""What an indicator is: its `Measure` (what is counted) and its `Indicator` (how it is read).

An `Indicator` counts one `Measure` (records of one model, dated by one column, owned by the
unit one column names, kept by fixed filters) as a number of records, a sum, a rate over a
second measure, or a mean. The definitions (口径) are in fanzha.i18n.stats; the catalogue of
indicators is in fanzha.stats.catalog. Values, by `kind`:
- "count": records; "sum": the summed column (fen for money, people for audiences);
- "rate": basis points (万分比, 8523 = 85.23%) of `measure` over `base`; None when base is 0;
- "mean": tenths of the measured quantity (days to return: 37 = 3.7 天); None when no record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from fanzha.i18n import stats as i18n
from fanzha.stats.periods import Period

KINDS = ("count", "sum", "rate", "mean")
DATE_BASES = (
    "received",
    "closed",
    "reported",
    "registered",
    "requested",
    "done",
    "sent",
    "held",
    "arrested",
    "visited",
    "answered",
)


@dataclass(frozen=True)
class Measure:
    """Records of `model` (what the drill-down lists), dated by `date`, owned by `unit` (a
    column, reached through `joins` when the model hangs off another; None for records of the
    whole city, counted at the root unit only), kept by `where`;
    `total` is the summed expression ("sum" and "mean" indicators), else the records count."""

    model: type
    date: Any
    unit: Any
    where: Sequence[Any] = ()
    joins: Sequence[tuple[Any, Any]] = ()
    total: Any = None
    # How a drill-down row links to its record: a format string over the row's attributes.
    link: str = ""
    label: str = "id"  # the row's attribute shown as its number (never personal data)
    # A column shown beside the number, naming what the number alone does not (the campaign a
    # household was reached in); never personal data.
    caption: Any = None
    permission: str = ""  # what opening the record's page needs (a fanzha.access.Permission)
    # A stock (期末在册): the records standing at the period's end — dated before it and, when
    # `until` is set, not yet ended by it (`until` NULL or at/after the end) — not the ones
    # dated inside the period.
    stock: bool = False
    until: Any = None
    # A condition over the period's UTC bounds (start, end) the record must also meet: a
    # household counts as reached when one of its visits falls inside the period.
    within: Callable[[datetime, datetime], Any] | None = None
    # A derived table kept equal to these records, each of its rows standing for `weight`
    # records (households entered per grid and day): figures count from it, the drill-down
    # still lists `model`. Its date, unit and filters must pick the same records (tested).
    counted_by: Measure | None = None
    weight: Any = None


@dataclass(frozen=True)
class Indicator:
    """One leaders' figure. `attribution` "now": records count for the unit they belong to
    today and its place in the tree today; "then": for the unit they were filed under (the
    record's own unit column). The unit tree keeps no history yet, so both read the record's
    unit column today; the setting is what the definition promises and what reports print."""

    key: str
    group: str  # warnings / cases / money / analysis / outreach / public
    kind: str
    measure: Measure
    date_basis: str
    unit_label: str  # 起, 元, %, 天, 人, 户, 个
    direction: int  # +1 up is good, -1 up is bad
    attribution: str = "then"
    version: int = 1
    effective: date = date(2026, 12, 1)
    base: Measure | None = None  # the denominator of a rate
    per_capita: bool = False  # rankings may divide by the unit's population
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        assert self.kind in KINDS, self.kind
        assert self.direction in (1, -1), self.direction
        assert self.attribution in ("then", "now"), self.attribution
        assert (self.kind == "rate") == (self.base is not None), self.key
        assert self.date_basis in DATE_BASES, self.date_basis

    @property
    def name(self) -> str:
        return i18n.INDICATORS[self.key][0]

    @property
    def definition(self) -> str:
        """The 口径 shown beside the figure."""
        return i18n.INDICATORS[self.key][1]

    def drill(self, unit_id: int, period: Period, part: str = "") -> str:
        """The list of the records behind the figure for `unit_id` (and below) in `period`.
        A rate lists its base (the denominator); `part="measure"` lists the numerator."""
        params = {"unit": str(unit_id), "from": period.start.isoformat()}
        params["to"] = period.last_day.isoformat()
        if part:
            params["part"] = part
        return f"/stats/records/{self.key}?{urlencode(params)}"

    def listed(self, part: str = "") -> Measure:
        """The measure whose records the drill-down lists."""
        if self.base is not None and part != "measure":
            return self.base
        return self.measure

    def display(self, value: int | None) -> str:
        """The value as a leader reads it ("—" when missing)."""
        if value is None:
            return "—"
        if self.kind == "rate":
            return f"{value / 100:.2f}%"
        if self.kind == "mean":
            return f"{value / 10:.1f}"
        if self.unit_label == i18n.UNIT_LABELS["yuan"]:
            return f"{value / 100:,.2f}"
        return f"{value:,}"
