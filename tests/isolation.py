"""Keeping what a test writes inside that test's rolled-back transaction."""

from __future__ import annotations

from sqlalchemy import Connection, Executable, event
from sqlalchemy.orm import Session, SessionTransaction

from fanzha.audit.service import DETACHED_WRITER


class DetachedAuditWriter:
    """Writes detached audit entries (refusals) into the test's transaction instead of a
    committed one of their own, keeping what production promises: the entry outlives the
    request's rollback. Each entry is written at once, and written again on the test's
    connection whenever a session transaction that held it rolls back; the test's own
    rollback then removes it, so no test sees another's entries."""

    def __init__(self, session: Session, connection: Connection) -> None:
        self._connection = connection
        # (statement, the session transactions it was written in, innermost first)
        self._held: list[tuple[Executable, list[SessionTransaction]]] = []
        session.info[DETACHED_WRITER] = self
        event.listen(session, "after_soft_rollback", self._rolled_back)

    def __call__(self, session: Session, statement: Executable) -> None:
        session.connection().execute(statement)
        innermost = session.get_nested_transaction() or session.get_transaction()
        chain = []
        while innermost is not None:
            chain.append(innermost)
            innermost = innermost.parent
        self._held.append((statement, chain))

    def _rolled_back(self, session: Session, transaction: SessionTransaction) -> None:
        # The database rolled back to the nearest savepoint or the session's root; flush's
        # internal sub-transactions report their own rollback with that boundary above them.
        boundary: SessionTransaction | None = transaction
        while boundary is not None and not (boundary.nested or boundary.parent is None):
            boundary = boundary.parent
        still_held = []
        for statement, chain in self._held:
            undone = next((i for i, t in enumerate(chain) if t is boundary), None)
            if undone is None:
                still_held.append((statement, chain))
                continue
            self._connection.execute(statement)  # lands in what encloses the boundary
            if chain[undone + 1 :]:
                still_held.append((statement, chain[undone + 1 :]))
        self._held = still_held
