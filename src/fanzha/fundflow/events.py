"""What the fund-flow domain announces (`fanzha.kernel.events`): other domains react to these in
the same transaction without fund flow importing them (linking follows a case's money)."""

from __future__ import annotations

from dataclasses import dataclass

from fanzha.kernel.events import DomainEvent


@dataclass(frozen=True)
class StatementImported(DomainEvent):
    """A statement import finished: its rows are stored and can be traced. `case_id` is the
    case it was imported for (None for a free-standing statement); `rows_imported` counts the
    new rows (0 when every row was a duplicate)."""

    import_id: int
    case_id: int | None
    rows_imported: int
