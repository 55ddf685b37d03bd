"""The KPI roll-ups by local day, unit and KPI in PostgreSQL: fanzha.rules.KPIS over the
city's non-voided cases, the very expressions the province's Spark job (fanzha.analytics.jobs
`kpis`) evaluates over the archive."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from fanzha import rules

_ROLLUP = text(
    f"""
SELECT (c.reported_at AT TIME ZONE '{rules.LOCAL_TZ}')::date AS day, a.unit_id,
       {", ".join(f"({expr})::bigint AS {name}" for name, expr in rules.KPIS.items())}
FROM cases c
JOIN units u ON u.id = c.unit_id
CROSS JOIN LATERAL unnest(
    CAST(string_to_array(trim(both '/' FROM u.path), '/') AS bigint[])) AS a(unit_id)
WHERE c.status <> '{rules.VOIDED}'
GROUP BY day, a.unit_id
"""
)


def rollup(session: Session) -> dict[tuple[date, int, str], int]:
    """(local day of the report, unit id, KPI name) → value, for every unit a case counts for
    (its own and each above it); groups with no case are absent. City-wide: for the leaders'
    figures and the archive's checks, not a unit-scoped page."""
    out: dict[tuple[date, int, str], int] = {}
    for row in session.execute(_ROLLUP).mappings():
        for name in rules.KPIS:
            out[(row["day"], row["unit_id"], name)] = int(row[name])
    return out
