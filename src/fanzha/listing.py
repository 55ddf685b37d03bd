"""One server-side list for every page that lists records: a page of rows, the total, a sort
by a whitelisted column, a date window and a text filter, and the same filtered rows in full
for "导出 Excel". The route reads a `ListQuery` from the URL (fanzha.web.lists); the domain
service builds its scoped SELECT and hands it here with the columns it lets users sort by.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, func, inspect, literal, or_, select
from sqlalchemy.orm import Mapper, Session

from fanzha import clock

T = TypeVar("T")

PAGE_SIZES = (20, 50, 100, 200)
DEFAULT_SIZE = 50
# An export is the filtered rows in full, up to this many; a bigger one is cut and says so.
EXPORT_CAP = 50_000


@dataclass(frozen=True)
class ListQuery:
    """What the user asked of a list; every field round-trips through the URL."""

    page: int = 1
    size: int = DEFAULT_SIZE
    sort: str = ""  # a key of the list's whitelist; "" is the list's own default order
    desc: bool = False
    q: str = ""  # free text, each list says which columns it searches
    since: date | None = None  # local (Asia/Shanghai) days, both ends included
    until: date | None = None
    extra: Mapping[str, str] = field(default_factory=dict)  # the list's own filters

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def get(self, key: str, default: str = "") -> str:
        return self.extra.get(key, default)

    def first_page(self) -> ListQuery:
        return replace(self, page=1)


@dataclass
class Page(Generic[T]):
    rows: list[T]
    total: int
    query: ListQuery

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.size))

    @property
    def first(self) -> int:
        """The 1-based number of the first row shown (0 for an empty page)."""
        return self.query.offset + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.query.offset + len(self.rows)


Sorts = Mapping[str, Sequence[ColumnElement[Any]]]


def order_for(query: ListQuery, sorts: Sorts, default: Sequence[Any]) -> list[Any]:
    """The ORDER BY: the asked column (whitelisted, unknown keys fall back to the default
    order) then the default order as tie-breaker, so pages never overlap."""
    columns = sorts.get(query.sort) if query.sort else None
    if not columns:
        return list(default)
    asked = [c.desc().nulls_last() if query.desc else c.asc().nulls_last() for c in columns]
    return [*asked, *default]


def day_window(column: Any, query: ListQuery) -> list[ColumnElement[bool]]:
    """Clauses keeping rows whose `column` (a UTC timestamp) falls on the local days asked."""
    clauses = []
    if query.since:
        clauses.append(column >= clock.day_start(query.since))
    if query.until:
        clauses.append(column < clock.day_start(query.until + timedelta(days=1)))
    return clauses


def text_match(query: ListQuery, *columns: Any) -> list[ColumnElement[bool]]:
    """A clause for the text filter: any of `columns` contains the text (case-insensitive);
    none when the filter is blank."""
    text = query.q.strip()
    if not text or not columns:
        return []
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return [or_(*(func.coalesce(c, literal("")).ilike(pattern, escape="\\") for c in columns))]


def paginate(
    session: Session,
    stmt: Select[Any],
    query: ListQuery,
    sorts: Sorts,
    default: Sequence[Any],
    *,
    scalars: bool = True,
    total: int | None = None,
) -> Page[Any]:
    """One page of `stmt` (already scoped and filtered) in the asked order, with its total.
    A page past the end shows the last page. `scalars=False` keeps whole result rows; a
    caller that already knows the `total` (an unfiltered board) saves counting again."""
    if total is None:
        total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
        total = total or 0
    pages = max(1, -(-total // query.size))
    if query.page > pages:
        query = replace(query, page=pages)
    order = order_for(query, sorts, default)
    key = _row_key(stmt) if scalars else None
    if key is None:
        ordered = stmt.order_by(None).order_by(*order).limit(query.size).offset(query.offset)
        result = session.execute(ordered)
        return Page(
            rows=list(result.scalars() if scalars else result.all()), total=total, query=query
        )
    # A deferred join: the database sorts and skips only the key and the sort columns, then
    # reads the page's rows whole. Sorting whole rows (a deep page of 100,000 open warnings
    # keeps 20,000 of them, ~20 MB) spills to disk; the narrow sort stays in memory. The keys
    # are read first and handed back as a list: with a subquery instead, the planner could
    # run the filters a second time over the whole table for the outer query.
    keys = stmt.with_only_columns(key).order_by(None).order_by(*order)
    page_keys = list(session.scalars(keys.limit(query.size).offset(query.offset)))
    if not page_keys:
        return Page(rows=[], total=total, query=query)
    rows = session.scalars(stmt.where(key.in_(page_keys)).order_by(None).order_by(*order))
    return Page(rows=list(rows), total=total, query=query)


def _row_key(stmt: Select[Any]) -> ColumnElement[Any] | None:
    """The primary key column when `stmt` selects one mapped class with a one-column key
    (each row one record, so paging by key is paging by row); None otherwise."""
    described = stmt.column_descriptions
    if len(described) != 1:
        return None
    mapper = inspect(described[0]["expr"], raiseerr=False)
    if not isinstance(mapper, Mapper) or len(mapper.primary_key) != 1:
        return None
    return mapper.primary_key[0]


def every_row(
    session: Session,
    stmt: Select[Any],
    query: ListQuery,
    sorts: Sorts,
    default: Sequence[Any],
    *,
    scalars: bool = True,
) -> list[Any]:
    """The filtered rows in the list's order, all of them up to EXPORT_CAP, for the export."""
    ordered = stmt.order_by(None).order_by(*order_for(query, sorts, default)).limit(EXPORT_CAP)
    result = session.execute(ordered)
    return list(result.scalars() if scalars else result.all())


def in_memory(rows: Sequence[T], query: ListQuery) -> Page[T]:
    """A page of rows a service had to compute in Python (a derived board); same shape."""
    total = len(rows)
    pages = max(1, -(-total // query.size))
    if query.page > pages:
        query = replace(query, page=pages)
    return Page(rows=list(rows[query.offset : query.offset + query.size]), total=total, query=query)
