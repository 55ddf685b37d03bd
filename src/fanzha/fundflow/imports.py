"""Statement imports (资金流水导入): upload, column mapping, the import itself, its progress and
cancel.

An import is all or nothing: rows are parsed and streamed by COPY into a temporary table,
and only when every row is good are they moved into `statement_rows`, skipping movements
already there (the same statement twice, overlapping periods). Small files import during
the request; large ones on the job queue with a progress bar, in a child process with a
time budget (fundflow.jobs). Before anything is stored a file passes the upload limits
(fanzha.uploads); a large file is not even opened during the request."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import inspect, select, text, update
from sqlalchemy.orm import Session, object_session

from fanzha import clock, queue
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.cases.models import Case
from fanzha.excel import ImportFailed, RowError
from fanzha.fundflow import continuity, importers, statements
from fanzha.fundflow.errors import (
    ImportNotCancellable,
    ImportNotQueued,
    MappingIncomplete,
    MappingNotNeeded,
    StatementUnreadable,
)
from fanzha.fundflow.events import StatementImported
from fanzha.fundflow.models import ImportStatus, StatementImport, StatementLayout
from fanzha.fundflow.reading import Prepared, prepare
from fanzha.fundflow.statements import RowProblem, Skip
from fanzha.i18n import common, zh_CN
from fanzha.i18n import fundflow as i18n
from fanzha.identifiers import InvalidIdentifier, normalize_id_number, normalize_phone
from fanzha.kernel import events, states
from fanzha.uploads import TooLarge

INLINE_ROWS = 20_000  # up to this many rows an import runs while the officer waits


# Up to this size a file is opened during the request (layout detected, small ones imported);
# a larger one is only checked (importers.preflight) and left to the job queue.
INLINE_BYTES = 2 << 20


IMPORT_TASK, IMPORT_QUEUE = "fundflow:import_statement", "imports"


PROGRESS_EVERY = 20_000


MAX_LISTED_ERRORS = 1_000


class Interrupted(Exception):
    """An import stopped from outside its rows (cancelled, or too big to finish inline): its
    transaction is rolled back, nothing is written."""


class Cancelled(Interrupted):
    pass


class _TooBigForInline(Interrupted):
    pass


def start_import(
    session: Session,
    actor: Principal,
    *,
    case: Case | None,
    filename: str,
    content: bytes,
    default_account: str = "",
) -> StatementImport:
    """Keep the uploaded file and find out how to read it: ready to import, or waiting for
    the officer to map the columns of a layout we do not know. Returns the new, flushed
    StatementImport (queued or needs_mapping). A file over the upload limits is refused
    (uploads.TooLarge, an InvalidInput naming the limit) and not stored; a file over
    INLINE_BYTES is only checked, and its layout found by the job. Raises StatementUnreadable
    (422) for a file that is no spreadsheet or CSV, StatementWithoutTable (422) for one
    without a table of movements."""
    default = statements.account_key(default_account)
    try:
        estimate = importers.preflight(content, filename)
    except importers.UnreadableFile as exc:
        raise StatementUnreadable(reason=str(exc)) from exc
    inline = len(content) <= INLINE_BYTES
    prepared = prepare(session, content, filename, default) if inline else []
    record = StatementImport(
        case_id=case.id if case else None,
        filename=filename[:200],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        default_account=default,
        rows_total=sum(p.table.total_rows for p in prepared) if inline else estimate,
        errors=[],
        created_by_id=actor.user_id,
    )
    _set_status(record, ImportStatus.queued)
    if inline:
        _await_mapping_if_needed(record, prepared)
    session.add(record)
    session.flush()  # the id names the import in the audit entry and the job
    _audit(
        session,
        actor,
        record,
        i18n.AUDIT["uploaded_for_case"].format(filename=record.filename, case_no=case.case_no)
        if case
        else i18n.AUDIT["uploaded"].format(filename=record.filename),
        size=record.size,
        status=record.status.value,
    )
    return record


IS = ImportStatus


IMPORT = states.machine(
    "statement_import",
    i18n.IMPORT_ACTOR,
    "statement_imports",
    {
        IS.needs_mapping: {IS.queued, IS.cancelled},
        IS.queued: {IS.needs_mapping, IS.running, IS.done, IS.failed, IS.cancelled},
        IS.running: {IS.needs_mapping, IS.done, IS.failed, IS.cancelled},
        IS.done: set(),
        IS.failed: set(),
        IS.cancelled: set(),
    },
    initial={IS.queued, IS.needs_mapping},
    labels=zh_CN.IMPORT_STATUSES,
    # An import's own progress: the upload, the mapping and a cancel are audited themselves.
    action=None,
)


def _set_status(record: StatementImport, to: ImportStatus) -> None:
    """A new import starts in `to`; a stored one moves there through the kernel."""
    if not inspect(record).has_identity:
        states.begin(IMPORT, record, to)
    else:
        states.move(object_session(record), IMPORT, record, to, actor=None)


def _describe(record: StatementImport, prepared: list[Prepared]) -> None:
    """The layouts recognised, and why, for the import page."""
    record.recognised = [p.recognition() for p in prepared if p.parser or p.detected]
    known = [p.label for p in prepared if p.parser is not None]
    record.layouts = common.LIST_SEPARATOR.join(dict.fromkeys(known))[:200]


def _await_mapping_if_needed(record: StatementImport, prepared: list[Prepared]) -> None:
    _describe(record, prepared)
    unknown = next((p for p in prepared if p.parser is None), None)
    if unknown is None:
        _set_status(record, ImportStatus.queued)
        record.pending = None
        return
    _set_status(record, ImportStatus.needs_mapping)
    record.pending = {
        "sheet": unknown.table.sheet,
        "header_row": unknown.table.header_row,
        "headers": unknown.table.headers,
        "signature": unknown.signature,
        "guess": statements.map_headers(unknown.table.headers),
        # A recognised layout that lacks only whose account it is asks for that alone.
        "only_account": bool(unknown.detected and unknown.detected.only_account_missing),
    }


def save_mapping(
    session: Session,
    actor: Principal,
    record: StatementImport,
    *,
    mapping: dict[str, int],
    default_account: str = "",
) -> StatementImport:
    """Remember an officer's column mapping (statement field → column index) for this layout,
    for this file and every later one; the import is queued again. Raises MappingNotNeeded
    (409) when the import is not waiting for a mapping, MappingIncomplete (422) naming the
    required fields left unmapped."""
    if record.status is not ImportStatus.needs_mapping or not record.pending:
        raise MappingNotNeeded()
    headers = record.pending["headers"]
    mapping = {
        f: i for f, i in mapping.items() if f in statements.FIELD_LABELS and 0 <= i < len(headers)
    }
    if default_account:
        record.default_account = statements.account_key(default_account)
    if record.pending.get("only_account"):  # the layout is known: no mapping to remember
        if not record.default_account:
            raise MappingIncomplete(fields=statements.FIELD_LABELS["account"])
        _set_status(record, ImportStatus.queued)
        record.pending = None
        return record
    missing = statements.required_missing(mapping, has_default_account=bool(record.default_account))
    if missing:
        names = common.LIST_SEPARATOR.join(statements.FIELD_LABELS[f] for f in missing)
        raise MappingIncomplete(fields=names)
    signature = record.pending["signature"]
    layout = session.scalar(select(StatementLayout).where(StatementLayout.signature == signature))
    if layout is None:
        layout = StatementLayout(signature=signature, headers=headers, created_by_id=actor.user_id)
        session.add(layout)
    layout.mapping = mapping
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.statement_layout_saved,
        target_type="statement_imports",
        target_id=record.id,
        summary=i18n.AUDIT["layout_saved"].format(filename=record.filename),
        detail={"mapping": {h: headers[i] for h, i in mapping.items()}},
    )
    # Read again with the mapping by import_or_queue: here for a small file, else in the job.
    _set_status(record, ImportStatus.queued)
    record.pending = None
    return record


_COLUMNS = (
    "source_row, account, account_name, at, amount_fen, direction, counterpart, "
    "counterpart_name, counterpart_bank, kind, balance_fen, summary, serial, fingerprint, "
    "own_card_tail"
)


@dataclass
class _Tally:
    parsed: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    bad_rows: int = 0
    seen: dict[bytes, int] = field(default_factory=dict)
    balances: bool = False  # some row carries the running balance
    first_at: datetime | None = None  # the first and last rows' times, in file order
    last_at: datetime | None = None


def run_import(
    session: Session,
    actor: Principal,
    record: StatementImport,
    progress: Callable[[int], None] | None = None,
) -> StatementImport:
    """Import every row of the file or none; returns the import, done (or back to
    needs_mapping when a table's layout is unknown). Amounts are stored in fen. Raises
    ImportNotQueued (409) unless queued or running, ImportFailed listing the bad rows (the
    caller records the failure outside the rolled-back work), Cancelled when the import was
    cancelled while its rows streamed."""
    if record.status not in (ImportStatus.queued, ImportStatus.running):
        raise ImportNotQueued()
    prepared = prepare(session, record.content, record.filename, record.default_account)
    if any(p.parser is None for p in prepared):
        _await_mapping_if_needed(record, prepared)
        return record
    _describe(record, prepared)
    raw = session.connection().connection.driver_connection
    tally = _Tally()
    with raw.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS statement_rows_in (source_row int, account text, "
            "account_name text, at timestamptz, amount_fen bigint, direction text, "
            "counterpart text, counterpart_name text, counterpart_bank text, kind text, "
            "balance_fen bigint, summary text, serial text, fingerprint bytea, "
            "own_card_tail text)"
        )
        cursor.execute("TRUNCATE statement_rows_in")
        with cursor.copy(f"COPY statement_rows_in ({_COLUMNS}) FROM STDIN") as copy:
            for p in prepared:
                # Name the sheet only when there is more than one table to tell apart.
                sheet = f"{p.table.sheet}·" if len(prepared) > 1 and p.table.sheet else ""
                try:
                    _stream(p, sheet, copy, tally, progress)
                except Interrupted:
                    raise
                except Exception as exc:  # a file damaged part-way: fail it, never a 500
                    read = p.table.header_row + tally.parsed + tally.skipped + tally.bad_rows
                    reason = (
                        exc.message
                        if isinstance(exc, TooLarge)
                        else i18n.UNREADABLE["damaged_from_here"]
                    )
                    problem = RowError(read + 1, sheet, reason)
                    raise ImportFailed([*tally.errors, problem]) from exc
    if tally.errors:
        raise ImportFailed(tally.errors)
    # Cancelled while the rows streamed? Checked under the row's lock, which a cancel waits
    # for: from here on the import either finishes or was never cancelled.
    status = session.scalar(
        select(StatementImport.status)
        .where(StatementImport.id == record.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if status is ImportStatus.cancelled:
        raise Cancelled()
    # the running balance: drop no-moves, find gaps
    checked = continuity.check(
        session,
        has_balance=tally.balances,
        newest_first=bool(tally.first_at and tally.last_at and tally.first_at > tally.last_at),
    )
    inserted = session.execute(
        text(
            f"INSERT INTO statement_rows (import_id, {_COLUMNS}) "
            f"SELECT :import_id, {_COLUMNS} FROM statement_rows_in "
            "ON CONFLICT (fingerprint) DO NOTHING"
        ),
        {"import_id": record.id},
    ).rowcount
    accounts = session.scalar(text("SELECT count(DISTINCT account) FROM statement_rows_in")) or 0
    if accounts == 1:
        _record_holder(session, record)
    session.execute(text("TRUNCATE statement_rows_in"))
    _set_status(record, ImportStatus.done)
    record.rows_done = record.rows_total = tally.parsed + tally.skipped
    record.rows_imported = inserted
    record.rows_duplicate = tally.parsed - checked.dropped - inserted
    record.rows_skipped = tally.skipped + checked.dropped
    record.gaps = checked.gaps
    record.accounts = accounts
    record.finished_at = clock.now()
    record.message = import_summary(record)
    _audit(
        session,
        actor,
        record,
        i18n.AUDIT["imported"].format(filename=record.filename, summary=record.message),
        case_id=record.case_id,
    )
    events.dispatch(session, StatementImported(record.id, record.case_id, inserted))
    return record


def _record_holder(session: Session, record: StatementImport) -> None:
    """One account's statement with one person on its 人员信息 sheet: that person holds it."""
    people = importers.holders(record.content, record.filename)
    if len(people) != 1:
        return
    person = people[0]
    try:
        id_number = normalize_id_number(person["id_number"]).number
    except InvalidIdentifier:
        id_number = None
    try:
        phone = normalize_phone(person["phone"]).number
    except InvalidIdentifier:
        phone = None
    session.execute(
        text(
            "INSERT INTO account_holders (account, name, id_number, phone, import_id)"
            " SELECT account, :name, :id_number, :phone, :import_id"
            " FROM statement_rows_in LIMIT 1"
            " ON CONFLICT (account) DO UPDATE SET name = excluded.name,"
            " id_number = coalesce(excluded.id_number, account_holders.id_number),"
            " phone = coalesce(excluded.phone, account_holders.phone),"
            " import_id = excluded.import_id"
        ),
        {
            "name": person["name"][:100],
            "id_number": id_number,
            "phone": phone,
            "import_id": record.id,
        },
    )


def _audit(
    session: Session, actor: Principal, record: StatementImport, summary: str, **detail
) -> None:
    audit.record(
        session,
        actor,
        AuditAction.statement_imported,
        target_type="statement_imports",
        target_id=record.id,
        summary=summary,
        detail={"sha256": record.sha256, **detail},
    )


def import_or_queue(session: Session, actor: Principal, record: StatementImport) -> None:
    """A small file is imported at once (its failure recorded, nothing written); a large one
    goes to the job queue, which commits its progress for the page to show."""
    if record.status is not ImportStatus.queued:
        return
    if record.size <= INLINE_BYTES and record.rows_total <= INLINE_ROWS:
        try:
            with session.begin_nested():
                # The row count was an estimate: past INLINE_ROWS the file goes to the queue.
                run_import(session, actor, record, _inline_checkpoint)
            return
        except ImportFailed as failure:
            record_failure(record, failure)
            return
        except _TooBigForInline:
            session.refresh(record)
    queue.defer(
        session,
        IMPORT_TASK,
        queue=IMPORT_QUEUE,
        lock=f"statement_import_{record.id}",
        import_id=record.id,
    )


def _inline_checkpoint(done: int) -> None:
    if done >= INLINE_ROWS:
        raise _TooBigForInline()


def import_summary(record: StatementImport) -> str:
    """The one-line Chinese result shown for a finished import: rows imported over how many
    accounts, duplicates and skipped rows when there were any."""
    summary = i18n.IMPORT_SUMMARY
    parts = [summary["imported"].format(rows=record.rows_imported, accounts=record.accounts)]
    if record.rows_duplicate:
        parts.append(summary["duplicate"].format(rows=record.rows_duplicate))
    if record.rows_skipped:
        parts.append(summary["skipped"].format(rows=record.rows_skipped))
    if record.gaps:
        parts.append(i18n.CONTINUITY["gaps"].format(count=len(record.gaps)))
    return summary["separator"].join(parts)


def _stream(
    p: Prepared, sheet: str, copy, tally: _Tally, progress: Callable[[int], None] | None
) -> None:
    parser = p.parser
    assert parser is not None
    for number, cells in p.table.rows:
        done = tally.parsed + tally.skipped + tally.bad_rows
        if progress is not None and done and done % PROGRESS_EVERY == 0:
            progress(done)
        try:
            row = parser.parse(cells)
        except Skip:
            tally.skipped += 1
            continue
        except RowProblem as problem:
            if _is_footer(cells):
                tally.skipped += 1
                continue
            tally.bad_rows += 1
            if len(tally.errors) < MAX_LISTED_ERRORS:
                tally.errors.append(RowError(number, f"{sheet}{problem.column}", str(problem)))
            continue
        tally.parsed += 1
        if tally.errors:
            continue  # the import will fail: keep finding errors, stop writing
        if tally.first_at is None:
            tally.first_at = row.at
        tally.last_at = row.at
        if row.balance_fen is not None:
            tally.balances = True
        key = statements.movement_key(row)
        occurrence = tally.seen.get(key, 0)
        tally.seen[key] = occurrence + 1
        copy.write_row(
            (
                number,
                row.account,
                row.account_name,
                row.at,
                row.amount_fen,
                row.direction.value,
                row.counterpart,
                row.counterpart_name,
                row.counterpart_bank,
                row.kind.value,
                row.balance_fen,
                row.summary,
                row.serial,
                statements.fingerprint(key, occurrence),
                row.own_card_tail,
            )
        )


def _is_footer(cells: list[object]) -> bool:
    """Totals and export notes under the table (合计, 共 N 笔, ----) are not movements."""
    first = str(next((c for c in cells if c not in (None, "")), "")).strip()
    filled = sum(1 for c in cells if c not in (None, ""))
    return filled <= 2 or first.startswith(statements.FOOTER_PREFIXES)


def record_failure(record: StatementImport, failure: ImportFailed) -> None:
    """Write down why an import failed (in a transaction of its own: the rows rolled back)."""
    _set_status(record, ImportStatus.failed)
    record.errors = [
        {"row": e.row, "column": e.column, "message": e.message} for e in failure.errors
    ]
    record.message = str(failure)
    record.finished_at = clock.now()


def record_stopped(record: StatementImport, message: str) -> None:
    """An import stopped from outside (over its time budget, its process died): failed,
    with the reason, nothing written."""
    _set_status(record, ImportStatus.failed)
    record.errors = []
    record.message = message
    record.finished_at = clock.now()


def set_progress(session: Session, import_id: int, done: int) -> None:
    """Show `done` rows on the progress bar; raises Cancelled when the import was cancelled
    meanwhile (the job stops at this checkpoint)."""
    moved = session.execute(
        update(StatementImport)
        .where(
            StatementImport.id == import_id,
            StatementImport.status.in_((ImportStatus.queued, ImportStatus.running)),
        )
        .values(rows_done=done, status=ImportStatus.running)
    ).rowcount
    if not moved:
        raise Cancelled()


def cancel_import(session: Session, actor: Principal, record: StatementImport) -> StatementImport:
    """取消导入: an import not yet finished (waiting for its mapping, queued, running) becomes
    cancelled, audited. A running job notices at its next checkpoint (its process is stopped
    within a second) and its rows are rolled back: nothing partial is stored. Raises Conflict
    when the import already ended."""
    cancelled = session.execute(
        update(StatementImport)
        .where(
            StatementImport.id == record.id,
            StatementImport.status.in_(
                (ImportStatus.needs_mapping, ImportStatus.queued, ImportStatus.running)
            ),
        )
        .values(
            status=ImportStatus.cancelled,
            message=zh_CN.STATEMENT_IMPORT["cancelled"],
            finished_at=clock.now(),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(record)
    if not cancelled:
        raise ImportNotCancellable()
    audit.record(
        session,
        actor,
        AuditAction.statement_import_cancelled,
        target_type="statement_imports",
        target_id=record.id,
        summary=i18n.AUDIT["cancelled"].format(filename=record.filename),
        detail={"sha256": record.sha256, "rows_done": record.rows_done},
    )
    return record


def imports_of(session: Session, case: Case) -> list[StatementImport]:
    """The case's statement imports, newest first."""
    return list(
        session.scalars(
            select(StatementImport)
            .where(StatementImport.case_id == case.id)
            .order_by(StatementImport.created_at.desc(), StatementImport.id.desc())
        )
    )
