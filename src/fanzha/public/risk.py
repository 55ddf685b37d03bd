"""风险查询: whether a phone number, bank account, chat ID or web address a citizen was asked to
use is one the center has confirmed as a fraud indicator, and how often citizens ask.

Confirmed means: the indicator is not excluded from linking, and either a block request on it
is done (已封停), or it appears in a case of a confirmed gang (已确认团伙). The answer is a
yes or no; nothing of any case ever leaves this module. Every query is counted per indicator
(or, for a value the center does not know, per kind) per day: what was asked, never who asked,
and an unknown value itself is not kept.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.identifiers import InvalidIdentifier
from fanzha.linking import values
from fanzha.public.errors import RiskKindUnknown, RiskValueInvalid

# What a citizen chooses, and the indicator kinds each may be.
QUERY_KINDS: dict[str, tuple[str, ...]] = {
    "phone": ("phone",),
    "account": ("account",),
    "chat": ("wechat", "qq", "alipay"),
    "url": ("domain",),
}
SHARDS = 8  # counter rows per (day, kind, indicator): a burst never queues on one row
MAX_INPUT = 300

_LOOKUP = text(
    """
    SELECT i.id, i.kind, i.value,
      (EXISTS (SELECT 1 FROM block_requests b WHERE b.indicator_id = i.id AND b.status = 'done')
       OR EXISTS (SELECT 1 FROM case_indicators ci
                  JOIN gang_members gm ON gm.case_id = ci.case_id
                  JOIN gangs g ON g.id = gm.gang_id
                  WHERE ci.indicator_id = i.id AND g.status = 'confirmed')) AS confirmed
    FROM indicators i
    WHERE i.kind IN :kinds AND i.value IN :values AND i.excluded_by_id IS NULL
    """
).bindparams(bindparam("kinds", expanding=True), bindparam("values", expanding=True))

_COUNT = text(
    """
    INSERT INTO risk_query_counts AS c (day, kind, indicator_id, shard, hits, confirmed)
    VALUES (:day, :kind, :indicator_id, :shard, 1, :confirmed)
    ON CONFLICT (day, kind, indicator_id, shard)
    DO UPDATE SET hits = c.hits + 1, confirmed = excluded.confirmed
    """
)


@dataclass(frozen=True)
class Answer:
    kind: str  # what the citizen chose (QUERY_KINDS)
    confirmed: bool


def candidates(kind: str, raw: str) -> list[tuple[str, str]]:
    """(indicator kind, normalised value) pairs `raw` may be for the chosen `kind`.
    RiskKindUnknown, or RiskValueInvalid with the identifier's own Chinese message when it can
    be none of them. Pure."""
    if kind not in QUERY_KINDS:
        raise RiskKindUnknown(field="kind")
    raw = (raw or "")[:MAX_INPUT]
    found: list[tuple[str, str]] = []
    first_problem = ""
    for indicator_kind in QUERY_KINDS[kind]:
        try:
            found.append((indicator_kind, values.normalize(indicator_kind, raw)))
        except InvalidIdentifier as exc:
            first_problem = first_problem or str(exc)
    if not found:
        raise RiskValueInvalid(field="value", message=first_problem)
    return found


def check(session: Session, kind: str, raw: str) -> Answer:
    """Whether `raw` (of the chosen `kind`) is a confirmed fraud indicator; the query counted.
    Raises as `candidates`."""
    pairs = candidates(kind, raw)
    rows = session.execute(
        _LOOKUP,
        {"kinds": sorted({k for k, _ in pairs}), "values": sorted({v for _, v in pairs})},
    ).all()
    # Only exact (kind, value) pairs: a QQ number that happens to be some phone's digits is not.
    wanted = set(pairs)
    matched = [r for r in rows if (str(r.kind), r.value) in wanted]
    matched.sort(key=lambda r: not r.confirmed)
    hit = matched[0] if matched else None
    confirmed = bool(hit and hit.confirmed)
    session.execute(
        _COUNT,
        {
            "day": clock.now().astimezone(clock.SHANGHAI).date(),
            "kind": str(hit.kind) if hit else kind,
            "indicator_id": hit.id if hit else 0,
            "shard": random.randrange(SHARDS),
            "confirmed": confirmed,
        },
    )
    return Answer(kind, confirmed)


@dataclass(frozen=True)
class AskedIndicator:
    indicator_id: int
    kind: str
    value: str
    hits: int
    confirmed: bool


@dataclass(frozen=True)
class Week:
    since: date
    indicators: list[AskedIndicator]
    unknown: dict[str, int]  # queries of values the center does not know, per chosen kind


def this_week(session: Session, today: date | None = None, limit: int = 200) -> Week:
    """The last seven days (Asia/Shanghai, today included): the indicators citizens asked
    about, most asked first, and the count of queries that matched none, per kind."""
    today = today or clock.now().astimezone(clock.SHANGHAI).date()
    since = today - timedelta(days=6)
    rows = session.execute(
        text(
            """
            SELECT c.indicator_id, i.kind, i.value, sum(c.hits) AS hits,
                   bool_or(c.confirmed) AS confirmed
            FROM risk_query_counts c JOIN indicators i ON i.id = c.indicator_id
            WHERE c.day BETWEEN :since AND :today AND c.indicator_id <> 0
            GROUP BY c.indicator_id, i.kind, i.value
            ORDER BY hits DESC, c.indicator_id
            LIMIT :limit
            """
        ),
        {"since": since, "today": today, "limit": limit},
    ).all()
    unknown = session.execute(
        text(
            """
            SELECT kind, sum(hits) FROM risk_query_counts
            WHERE day BETWEEN :since AND :today AND indicator_id = 0
            GROUP BY kind ORDER BY kind
            """
        ),
        {"since": since, "today": today},
    ).all()
    return Week(
        since,
        [
            AskedIndicator(r.indicator_id, str(r.kind), r.value, int(r.hits), r.confirmed)
            for r in rows
        ],
        {kind: int(hits) for kind, hits in unknown},
    )
