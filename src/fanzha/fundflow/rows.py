"""流水明细: the rows of a case's imported statements as one server-side list (the list
component: page, sort, text and day filters, export), fast at a million rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from fanzha import listing
from fanzha.cases.models import Case
from fanzha.fundflow.models import StatementImport, StatementRow

ROW_SORTS: listing.Sorts = {
    "at": [StatementRow.at],
    "amount": [StatementRow.amount_fen],
    "account": [StatementRow.account],
}
ROW_ORDER = (StatementRow.at, StatementRow.id)


def rows_select(session: Session, case: Case, query: listing.ListQuery) -> Select[Any]:
    """The rows of the case's statements with the filters applied; unordered.

    The text filter is an account number (the row's own account or its counterpart, both
    indexed) when it is one, else a part of a name or the summary. `direction` (in/out) is
    the list's own filter."""
    # The case's imports by id, so one import reads in order off (import_id, at, id).
    imports = list(
        session.scalars(select(StatementImport.id).where(StatementImport.case_id == case.id))
    )
    if len(imports) == 1:
        stmt = select(StatementRow).where(StatementRow.import_id == imports[0])
    else:
        stmt = select(StatementRow).where(StatementRow.import_id.in_(imports))
    text = query.q.strip().replace(" ", "")
    if text.isdigit():
        stmt = stmt.where(or_(StatementRow.account == text, StatementRow.counterpart == text))
    elif text:
        stmt = stmt.where(
            *listing.text_match(
                query,
                StatementRow.account_name,
                StatementRow.counterpart_name,
                StatementRow.summary,
            )
        )
    if query.get("direction") in ("in", "out"):
        stmt = stmt.where(StatementRow.direction == query.get("direction"))
    return stmt.where(*listing.day_window(StatementRow.at, query))


def rows_page(session: Session, case: Case, query: listing.ListQuery) -> listing.Page[Any]:
    """One page of the case's statement rows, oldest first unless sorted by a column."""
    return listing.paginate(session, rows_select(session, case, query), query, ROW_SORTS, ROW_ORDER)


def every_row(session: Session, case: Case, query: listing.ListQuery) -> list[Any]:
    """The filtered rows in the list's order, up to the export cap."""
    return listing.every_row(
        session, rows_select(session, case, query), query, ROW_SORTS, ROW_ORDER
    )
