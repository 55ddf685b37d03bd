"""Indicators of cases and the gangs they form, kept current the moment a case or an
indicator comes in.

A change touches only the gangs it can touch: the cases whose edges changed, the cases they
share a linking value with, and every case of those cases' gangs. Components are closed under
the graph, so recomputing that region gives exactly what a full recomputation gives (the
property test holds the two equal). Cases call `attach` in their own transaction, so a new
case is in its gang when the request that took it commits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from fanzha import clock, counterparty, rules
from fanzha.config import get_settings
from fanzha.linking import clusters
from fanzha.linking.models import Gang, IndicatorKind, IndicatorSource

# Whether an indicator links cases, and an exclusion pattern as LIKE: fanzha.rules' (the
# province's Spark jobs read the same definition).
LINKABLE = rules.LINKABLE
LIKE_PATTERN = rules.LIKE_PATTERN

_UPSERT = text(
    "INSERT INTO indicators (kind, value, case_count, first_seen_at, last_seen_at, link_approved)"
    " SELECT k, v, 0, :seen, :seen, false"
    " FROM unnest(CAST(:kinds AS text[]), CAST(:vals AS text[])) AS t(k, v)"
    " ON CONFLICT (kind, value) DO UPDATE SET"
    " first_seen_at = least(indicators.first_seen_at, excluded.first_seen_at),"
    " last_seen_at = greatest(indicators.last_seen_at, excluded.last_seen_at)"
    " RETURNING id, (xmax = 0) AS inserted"
)
_EXCLUDE = text(
    "UPDATE indicators AS i SET excluded_by_id = ("
    f" SELECT e.id FROM link_exclusions e WHERE e.kind = i.kind AND i.value LIKE {LIKE_PATTERN}"
    " ORDER BY e.id LIMIT 1) WHERE i.id = ANY(:ids)"
)
_ADD_EDGES = text(
    "WITH added AS ("
    " INSERT INTO case_indicators (case_id, indicator_id, source, seen_at, added_by_id, note)"
    " SELECT :case_id, unnest(CAST(:ids AS bigint[])), :source, :seen, :by, :note"
    " ON CONFLICT DO NOTHING RETURNING indicator_id)"
    " UPDATE indicators AS i SET case_count = i.case_count + 1 FROM added"
    " WHERE i.id = added.indicator_id"
    # The value has just gone over the cap: it stops linking, so its gang may fall apart.
    " RETURNING i.id, i.case_count = :cap + 1 AND NOT i.link_approved"
    " AND i.excluded_by_id IS NULL AS crossed"
)


@dataclass
class Relinked:
    """What one relink changed, for the audit entry and the page's message."""

    gangs_created: list[int] = field(default_factory=list)
    gangs_dissolved: list[int] = field(default_factory=list)
    gangs_changed: list[int] = field(default_factory=list)


def _identifies(kind: IndicatorKind | str, value: str) -> bool:
    if not value:
        return False
    verdict = counterparty.classify(value)
    if str(kind) in (IndicatorKind.account, IndicatorKind.alipay):
        return verdict.is_identifier
    return verdict.reason is not counterparty.Reason.placeholder  # `/` is no APP or site


def attach(
    session: Session,
    case_id: int,
    values: Iterable[tuple[IndicatorKind | str, str]],
    *,
    source: IndicatorSource,
    seen_at: datetime,
    added_by_id: int | None = None,
    note: str = "",
) -> Relinked:
    """Record normalised indicator values seen in a case and bring its gang up to date.
    Account-like values the counterparty gate calls descriptions (`/`, masked, a bank name)
    are dropped: they link nothing."""
    pairs = sorted({(str(kind), value) for kind, value in values if _identifies(kind, value)})
    if not pairs:
        return Relinked()
    # The turn first, then the indicators' rows: taking the rows first, two imports (or
    # desks) attaching shared values would each hold a row the other needs when one of them
    # waits for the turn that the other holds (a deadlock).
    _take_turn(session)
    rows = session.execute(
        _UPSERT,
        {"kinds": [k for k, _ in pairs], "vals": [v for _, v in pairs], "seen": seen_at},
    ).all()
    match_exclusions(session, [row.id for row in rows if row.inserted])
    added = session.execute(
        _ADD_EDGES,
        {
            "case_id": case_id,
            "ids": [row.id for row in rows],
            "source": str(source),
            "seen": seen_at,
            "by": added_by_id,
            "note": note,
            "cap": get_settings().linking_cap,
        },
    ).all()
    if not added:
        return Relinked()
    return relink(session, {case_id}, {row.id for row in added if row.crossed})


def match_exclusions(session: Session, indicator_ids: list[int]) -> None:
    """Mark indicators an exclusion covers (new ones, or ones an exclusion let go)."""
    if indicator_ids:
        session.execute(_EXCLUDE, {"ids": indicator_ids})


def relink(session: Session, cases: Iterable[int] = (), indicators: Iterable[int] = ()) -> Relinked:
    """Recompute the gangs around `cases` and the cases of `indicators` (values whose linking
    changed: excluded, let go, over the cap)."""
    _take_turn(session)  # before the region is read
    params = {"cap": get_settings().linking_cap}
    seeds = set(cases)
    if indicators:
        seeds |= set(
            session.scalars(
                text("SELECT case_id FROM case_indicators WHERE indicator_id = ANY(:ids)"),
                {"ids": list(indicators)},
            )
        )
    if not seeds:
        return Relinked()
    region = set(
        session.scalars(
            text(
                "WITH seed AS (SELECT unnest(CAST(:seeds AS bigint[])) AS case_id),"
                " near AS ("
                " SELECT case_id FROM seed"
                " UNION SELECT other.case_id FROM seed"
                " JOIN case_indicators ci ON ci.case_id = seed.case_id"
                f" JOIN indicators i ON i.id = ci.indicator_id AND {LINKABLE}"
                " JOIN case_indicators other ON other.indicator_id = ci.indicator_id"
                " UNION SELECT m.case_b_id FROM gang_merges m"
                " JOIN seed ON m.case_a_id = seed.case_id"
                " UNION SELECT m.case_a_id FROM gang_merges m"
                " JOIN seed ON m.case_b_id = seed.case_id)"
                " SELECT case_id FROM near"
                " UNION SELECT gm.case_id FROM gang_members gm WHERE gm.gang_id IN"
                " (SELECT gang_id FROM gang_members WHERE case_id IN (SELECT case_id FROM near))"
            ),
            params | {"seeds": sorted(seeds)},
        )
    )
    return _regroup(session, region)


def recompute_all(session: Session) -> Relinked:
    """Every gang from scratch (after bulk loads, and to check the incremental path)."""
    _take_turn(session)
    return _regroup(session, None)


# Two desks registering cases of one gang at the same moment must not both found it: regroups
# take turns (held to the end of the transaction; each regroup reads what the last committed).
_REGROUP_LOCK = 0x6C696E6B  # "link"


def _take_turn(session: Session) -> None:
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _REGROUP_LOCK})
    # Plan the region's queries for the ids at hand: a generic plan cached while the tables
    # were small (a bulk load in one transaction, before ANALYZE) would scan them whole on
    # every case that follows.
    session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


def _regroup(session: Session, region: set[int] | None) -> Relinked:
    params: dict = {"cap": get_settings().linking_cap}
    within = ""
    if region is not None:
        params["region"] = sorted(region)
        within = " AND ci.case_id = ANY(:region)"
    edges = session.execute(
        text(
            "SELECT ci.case_id, ci.indicator_id FROM case_indicators ci"
            f" JOIN indicators i ON i.id = ci.indicator_id AND {LINKABLE}"
            f" JOIN cases c ON c.id = ci.case_id AND c.status <> '{rules.VOIDED}'"
            f" WHERE true{within}"
        ),
        params,
    ).all()
    merges = session.execute(
        text(
            "SELECT case_a_id, case_b_id FROM gang_merges"
            + (" WHERE case_a_id = ANY(:region) AND case_b_id = ANY(:region)" if within else "")
        ),
        params,
    ).all()
    groups = clusters.components(
        [e[0] for e in edges], [e[1] for e in edges], [(m[0], m[1]) for m in merges]
    )
    current = dict(
        session.execute(
            text(
                "SELECT case_id, gang_id FROM gang_members gm"
                + (" WHERE case_id = ANY(:region)" if within else "")
            ),
            params,
        ).all()
    )
    old_gangs = set(current.values())
    confirmed = set(
        session.scalars(
            text("SELECT id FROM gangs WHERE id = ANY(:ids) AND confirmed_at IS NOT NULL"),
            {"ids": sorted(old_gangs)},
        )
    )
    result = Relinked()
    old_sizes = Counter(current.values())
    assignments = clusters.assign(groups, current, confirmed)
    fresh = iter(_new_gangs(session, [len(a.cases) for a in assignments if a.gang_id is None]))
    membership: dict[int, int] = {}
    sizes: dict[int, int] = {}  # existing gangs that live on, with their new size
    for assignment in assignments:
        gang_id = assignment.gang_id
        if gang_id is None:
            gang_id = next(fresh)
            result.gangs_created.append(gang_id)
        else:
            sizes[gang_id] = len(assignment.cases)
            if old_sizes[gang_id] != len(assignment.cases) or any(
                current.get(c) != gang_id for c in assignment.cases
            ):
                result.gangs_changed.append(gang_id)
        membership.update(dict.fromkeys(assignment.cases, gang_id))
    result.gangs_dissolved = sorted(old_gangs - set(sizes))
    gone = [case for case in current if case not in membership]
    if gone:
        session.execute(text("DELETE FROM gang_members WHERE case_id = ANY(:ids)"), {"ids": gone})
    moved = {case: gang for case, gang in membership.items() if current.get(case) != gang}
    if moved:
        session.execute(
            text(
                "INSERT INTO gang_members (case_id, gang_id)"
                " SELECT unnest(CAST(:cases AS bigint[])), unnest(CAST(:gangs AS bigint[]))"
                " ON CONFLICT (case_id) DO UPDATE SET gang_id = excluded.gang_id"
            ),
            {"cases": list(moved), "gangs": list(moved.values())},
        )
    _update_gangs(session, sizes, result.gangs_dissolved)
    return result


def _new_gangs(session: Session, sizes: list[int]) -> list[int]:
    """New gangs of the given sizes in two statements however many there are (a full
    recomputation may found tens of thousands); their ids in the order of `sizes`."""
    if not sizes:
        return []
    ids = list(
        session.scalars(
            text("SELECT nextval('gangs_id_seq') FROM generate_series(1, :n)"), {"n": len(sizes)}
        )
    )
    session.execute(
        text(
            "INSERT INTO gangs (id, name, status, case_count, note)"
            " SELECT id, '', 'suggested', n, ''"
            " FROM unnest(CAST(:ids AS bigint[]), CAST(:ns AS int[])) AS t(id, n)"
        ),
        {"ids": ids, "ns": sizes},
    )
    return ids


def _update_gangs(session: Session, sizes: dict[int, int], dissolved: list[int]) -> None:
    """Sizes and status of the gangs a regroup touched; a gang that formed again comes back
    as it was (confirmed stays confirmed)."""
    now = clock.now()
    if sizes:
        session.execute(
            text(
                "UPDATE gangs AS g SET case_count = s.n, dissolved_at = NULL,"
                " status = CASE WHEN g.confirmed_at IS NULL THEN 'suggested' ELSE 'confirmed' END"
                " FROM unnest(CAST(:ids AS bigint[]), CAST(:ns AS int[])) AS s(id, n)"
                " WHERE g.id = s.id"
                " AND (g.case_count <> s.n OR g.status = 'dissolved')"
            ),
            {"ids": list(sizes), "ns": list(sizes.values())},
        )
    if dissolved:
        session.execute(
            text(
                "UPDATE gangs SET case_count = 0, status = 'dissolved', dissolved_at = :now"
                " WHERE id = ANY(:ids)"
            ),
            {"ids": dissolved, "now": now},
        )
    # ORM copies of these gangs in the session must not write stale sizes back.
    for gang in session.identity_map.values():
        if isinstance(gang, Gang) and (gang.id in sizes or gang.id in dissolved):
            session.expire(gang)


def partition(session: Session) -> set[frozenset[int]]:
    """The cases of each live gang, for comparing incremental and full recomputation."""
    rows = session.execute(text("SELECT gang_id, case_id FROM gang_members")).all()
    groups: dict[int, set[int]] = {}
    for gang_id, case_id in rows:
        groups.setdefault(gang_id, set()).add(case_id)
    return {frozenset(g) for g in groups.values()}
