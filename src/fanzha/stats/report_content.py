"""The report templates (in code) and the content a report freezes: the headline figures with
同比/环比, the ranking of the child units and the trend series, all read from the KPI figures
(`fanzha.stats.figures`) in the scope of the unit the report is for — the recipient's — and
turned into plain JSON (values as the files show them: counts, fen, fractions).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from fanzha.i18n import reports as i18n
from fanzha.i18n import stats as stats_i18n
from fanzha.org import scope
from fanzha.org.models import Unit
from fanzha.stats import figures, periods
from fanzha.stats.registry import Indicator, by_key


@dataclass(frozen=True)
class Template:
    """What a report of one kind shows: the headline indicators (in order), the indicator the
    child units are ranked by, the indicators drawn as trends and how many periods back."""

    kind: str
    headline: tuple[str, ...]
    ranking: str
    trend: tuple[str, ...]
    trend_periods: int


# "两降两升": cases and losses down, solved cases and arrests up; then the warning work, the
# money loop and prevention the source reports lead with.
_HEADLINE = (
    "cases.reported",
    "cases.loss",
    "cases.closed",
    "cases.arrested",
    "warnings.received",
    "warnings.dissuasion_rate",
    "warnings.face_dissuasion_rate",
    "warnings.protected",
    "money.stop_paid_amount",
    "money.frozen_amount",
    "money.returned",
    "money.days_to_return",
    "analysis.gangs",
    "outreach.events",
    "outreach.trained",
)
_TREND = ("cases.reported", "cases.loss", "warnings.dissuasion_rate")

TEMPLATES: dict[str, Template] = {
    "month": Template("month", _HEADLINE, "cases.reported", _TREND, trend_periods=12),
    "quarter": Template("quarter", _HEADLINE, "cases.reported", _TREND, trend_periods=8),
}


def value_format(indicator: Indicator) -> str:
    """How the files show the indicator's values: "count", "money" (fen), "rate" (a
    fraction) or "number" (one decimal)."""
    if indicator.kind == "rate":
        return "rate"
    if indicator.kind == "mean":
        return "number"
    if indicator.kind == "sum" and indicator.unit_label == stats_i18n.UNIT_LABELS["yuan"]:
        return "money"
    return "count"


def plain(indicator: Indicator, value: int | None) -> int | float | None:
    """A registry value as the report stores it: rates (basis points) as fractions, means
    (tenths) as numbers; counts and fen as they are."""
    if value is None:
        return None
    if indicator.kind == "rate":
        return value / 10_000
    if indicator.kind == "mean":
        return value / 10
    return int(value)


def _change(value: Any) -> float | None:
    """A 同比/环比 percentage from the figures as a fraction (−0.388 for −38.8%)."""
    return None if value is None else float(value) / 100


def snapshot(
    session: Session, unit_id: int, period: periods.Period, *, today: date | None = None
) -> dict[str, Any]:
    """The content of the report of `period` for the unit, counted now in the unit's own
    scope: {"figures": [...], "ranking": {...}, "trend": [...], "notes": [...]}."""
    template = TEMPLATES[period.kind]
    principal = scope.unit_scope(session, unit_id)
    today = today or periods.local_today()
    found = {
        f.key: f
        for f in figures.figures(
            session, principal, unit_id, period, keys=list(template.headline), today=today
        )
    }
    rows = []
    for key in template.headline:
        indicator, figure = by_key(key), found.get(key)
        if figure is None:
            continue
        rows.append(
            {
                "key": key,
                "name": indicator.name,
                "definition": indicator.definition,
                "format": value_format(indicator),
                "direction": indicator.direction,
                "value": plain(indicator, figure.value),
                "previous": plain(indicator, figure.previous),
                "year_earlier": plain(indicator, figure.year_earlier),
                "mom_pct": _change(figure.mom_pct),
                "yoy_pct": _change(figure.yoy_pct),
            }
        )
    notes = []
    if periods.partial(period, today) != period:
        notes.append(i18n.TEXT["partial"])
    festival = periods.spring_festival_shift(period)
    if festival is not None:  # the festival in this month or its 同比 month, not both
        notes.append(
            i18n.TEXT["spring_festival"].format(
                year=festival.year, month=festival.month, day=festival.day
            )
        )
    return {
        "unit": session.get(Unit, unit_id).name,
        "kind": period.kind,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "counted_on": today.isoformat(),
        "figures": rows,
        "ranking": _ranking(session, principal, unit_id, period, template, today),
        "trend": _trend(session, principal, unit_id, period, template, today),
        "notes": notes,
    }


def _ranking(session, principal, unit_id, period, template, today) -> dict[str, Any]:
    indicator = by_key(template.ranking)
    rows = figures.ranking(session, principal, unit_id, template.ranking, period)
    return {
        "key": indicator.key,
        "name": indicator.name,
        "format": value_format(indicator),
        "rows": [
            {
                "rank": row.rank,
                "tied": row.tied,
                "unit": row.unit_name,
                "value": plain(indicator, row.value),
                "per_10k": row.per_10k,
                "small": row.small,
            }
            for row in rows
        ],
    }


def _trend(session, principal, unit_id, period, template, today) -> list[dict[str, Any]]:
    """The last `trend_periods` periods up to the report's own (not up to today: a report
    made later still ends its lines at its period)."""
    anchor = min(period.last_day, today)
    series = []
    for key in template.trend:
        indicator = by_key(key)
        points = figures.trend(
            session, principal, unit_id, key, period.kind, template.trend_periods, today=anchor
        )
        series.append(
            {
                "key": key,
                "name": indicator.name,
                "format": value_format(indicator),
                "points": [[_label(span), plain(indicator, value)] for span, value in points],
            }
        )
    return series


def _label(period: periods.Period) -> str:
    """ "25-12" for a month, "25Q4" for a quarter: short enough for twelve ticks."""
    if period.kind == "quarter":
        return f"{period.start.year % 100:02d}Q{(period.start.month - 1) // 3 + 1}"
    return f"{period.start.year % 100:02d}-{period.start.month:02d}"
