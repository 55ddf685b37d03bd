"""From an uploaded file to its tables and how to read each: the officer's remembered
mapping for the layout when there is one, else the layout recognised by evidence
(fundflow.statements.detect), with the score and headers that recognised it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.fundflow import importers, statements
from fanzha.fundflow.errors import StatementUnreadable, StatementWithoutTable
from fanzha.fundflow.models import StatementLayout
from fanzha.fundflow.statements import Detected, RowParser
from fanzha.i18n import fundflow as i18n


@dataclass
class Prepared:
    """A table of the file and how to read it (parser None: the officer must say more)."""

    table: importers.Table
    parser: RowParser | None
    label: str
    signature: str
    detected: Detected | None = None  # how the layout was recognised; None for a mapping

    def recognition(self) -> dict:
        """What the import page says about this table: the layout, its score, the headers
        that were the evidence (empty for an officer's mapping)."""
        found = self.detected
        return {
            "sheet": self.table.sheet,
            "label": self.label or (found.label if found else ""),
            "score": found.score if found else None,
            "matched": list(found.matched) if found else [],
        }


def prepare(session: Session, content: bytes, filename: str, default: str) -> list[Prepared]:
    """Every statement table of the file with its parser. Raises StatementUnreadable (the
    reason in Chinese, naming what the file is when it is no statement) and
    StatementWithoutTable."""
    try:
        found = importers.tables(content, filename)
    except importers.UnreadableFile as exc:
        raise StatementUnreadable(reason=str(exc)) from exc
    if not found:
        raise StatementWithoutTable()
    saved = {
        layout.signature: layout
        for layout in session.scalars(
            select(StatementLayout).where(
                StatementLayout.signature.in_([statements.signature(t.headers) for t in found])
            )
        )
    }
    prepared = []
    for table in found:
        sig = statements.signature(table.headers)
        account = default or table.preamble_account()
        detected = None
        if sig in saved:
            mapping, label, platform = dict(saved[sig].mapping), i18n.CUSTOM_LAYOUT, False
        else:
            detected = statements.detect(table.headers, has_default_account=bool(account))
            if detected is None or not detected.usable:
                prepared.append(Prepared(table, None, "", sig, detected))
                continue
            mapping, label, platform = detected.mapping, detected.label, detected.platform
        parser = RowParser(mapping, account, table.headers, platform, table.date1904)
        prepared.append(Prepared(table, parser, label, sig, detected))
    return prepared
