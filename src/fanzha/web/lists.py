"""The list component's HTTP side: a `ListQuery` read from the URL (so a view is a bookmark),
the links that change one thing and keep the rest, and the "导出 Excel" of the filtered rows
(masked; each export is audited). The page markup is the `lists.html` macros."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from fanzha import clock, excel
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.fields import EARLIEST_TIME, LATEST_TIME
from fanzha.i18n import lists as i18n
from fanzha.listing import DEFAULT_SIZE, EXPORT_CAP, PAGE_SIZES, ListQuery
from fanzha.web.responses import xlsx_response

_SORT_KEY = re.compile(r"[a-z_]{1,40}")
MAX_PAGE = 1_000_000


def _int(text: str | None, default: int) -> int:
    try:
        return int(text or "")
    except ValueError:
        return default


def _day(text: str | None) -> date | None:
    """A day of the date filter; a mistyped or implausible one (year 1, 9999) widens the view
    rather than failing the page."""
    try:
        day = date.fromisoformat((text or "").strip())
    except ValueError:
        return None
    return day if EARLIEST_TIME.date() <= day < LATEST_TIME.date() else None


@dataclass(frozen=True)
class ListView:
    """One list as the page sees it: the query, and URLs that keep every other filter."""

    path: str
    query: ListQuery
    extra_keys: tuple[str, ...]
    default_size: int = DEFAULT_SIZE

    def params(self, query: ListQuery | None = None) -> dict[str, str]:
        q = query or self.query
        params: dict[str, str] = {}
        for key in self.extra_keys:
            if q.extra.get(key):
                params[key] = q.extra[key]
        if q.q:
            params["q"] = q.q
        if q.since:
            params["from"] = q.since.isoformat()
        if q.until:
            params["to"] = q.until.isoformat()
        if q.sort:
            params["sort"] = q.sort
            if q.desc:
                params["dir"] = "desc"
        if q.size != self.default_size:
            params["size"] = str(q.size)
        if q.page > 1:
            params["page"] = str(q.page)
        return params

    def url(self, query: ListQuery | None = None, **more: str) -> str:
        params = {**self.params(query), **more}
        return self.path + ("?" + urlencode(params) if params else "")

    def page_url(self, page: int) -> str:
        return self.url(replace(self.query, page=max(1, page)))

    def filter_url(self, key: str, value: str | None) -> str:
        """The same view with one of the list's own filters set (or cleared), from page 1."""
        extra = {k: v for k, v in self.query.extra.items() if k != key}
        if value:
            extra[key] = value
        return self.url(replace(self.query, extra=extra, page=1, sort="", desc=False))

    def size_url(self, size: int) -> str:
        return self.url(replace(self.query, size=size, page=1))

    def sort_url(self, key: str) -> str:
        """Sorted by `key`; asked again, the other way round."""
        desc = not self.query.desc if self.query.sort == key else False
        return self.url(replace(self.query, sort=key, desc=desc, page=1))

    def export_url(self) -> str:
        return self.url(replace(self.query, page=1), export="xlsx")

    def sorted_by(self, key: str) -> str:
        """'asc', 'desc' or '' for a column header's arrow."""
        if self.query.sort != key:
            return ""
        return "desc" if self.query.desc else "asc"

    def hidden(self, *keep: str) -> dict[str, str]:
        """The parameters a filter form carries along unchanged (the sort and page size)."""
        params = self.params(replace(self.query, page=1))
        return {k: v for k, v in params.items() if k in keep}


def list_view(
    request: Request,
    extra: Sequence[str] = (),
    *,
    default_size: int = DEFAULT_SIZE,
    values: dict[str, Any] | None = None,
) -> ListView:
    """The list the URL asks for. `extra` names the list's own filters (read from the URL,
    or given already validated in `values`); bad numbers and unknown sizes fall back quietly."""
    args = request.query_params
    size = _int(args.get("size"), default_size)
    sort = args.get("sort") or ""
    own = {k: str(args.get(k) or "").strip()[:100] for k in extra}
    for key, value in (values or {}).items():
        own[key] = "" if value is None or value is False else str(value)
    since, until = _day(args.get("from")), _day(args.get("to"))
    if since and until and since > until:  # typed the wrong way round: the days between
        since, until = until, since
    query = ListQuery(
        page=min(max(_int(args.get("page"), 1), 1), MAX_PAGE),
        size=size if size in PAGE_SIZES else default_size,
        sort=sort if _SORT_KEY.fullmatch(sort) else "",
        desc=args.get("dir") == "desc",
        q=(args.get("q") or "").strip()[:100],
        since=since,
        until=until,
        extra={k: v for k, v in own.items() if v},
    )
    return ListView(request.url.path, query, tuple(extra), default_size)


def wants_export(request: Request) -> bool:
    return request.query_params.get("export") == "xlsx"


def export(
    session: Session,
    actor: Principal,
    view: ListView,
    *,
    name: str,
    headers: Sequence[str] = (),
    rows: Sequence[Sequence[Any]] = (),
    content: bytes | None = None,
    count: int | None = None,
    target_id: int | None = None,
) -> Response:
    """The filtered rows as .xlsx (already masked by the caller), audited with the filters.
    `name` keys i18n LIST_EXPORTS, which gives the sheet and file titles. A domain with its
    own masked workbook passes it as `content`, with its row `count`; a list of one record's
    rows (a campaign's visits) names that record as `target_id`."""
    title = i18n.LIST_EXPORTS[name]
    count = len(rows) if count is None else count
    audit.record(
        session,
        actor,
        AuditAction.list_page_exported,
        target_type=name,
        target_id=target_id,
        summary=i18n.LIST_EXPORT_AUDIT.format(title=title, count=count),
        detail={"rows": count, "filters": view.params(), "capped": count >= EXPORT_CAP},
    )
    if content is None:
        content = excel.workbook_from_rows(title[:31], list(headers), rows)
    day = clock.local(clock.now(), "%Y%m%d")
    return xlsx_response(content, f"{title}-{day}.xlsx")
