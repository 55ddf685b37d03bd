"""Excel import of an upstream platform's warning export: every row checked on its own, the
good rows received, each bad row reported with its row number, column and reason.

Rows go through the same WarningIn schema and the same intake as the API, so grading, routing,
clocks and de-duplication are identical. Importing the same export twice adds nothing: rows
already received (same source and 预警编号) are counted as existing, not as errors, so the
officer corrects the bad rows and uploads the whole file again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from fanzha import clock, excel
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.excel import Column, ImportFailed, ImportReport, RowError
from fanzha.i18n import warnings as i18n
from fanzha.i18n import zh_CN
from fanzha.i18n.common import NO_WORD, YES_WORD
from fanzha.money import InvalidAmount, parse_yuan
from fanzha.warnings import intake
from fanzha.warnings.schemas import WarningIn

MAX_ROWS = 20_000
_SOURCE_BY_LABEL = {label: key for key, label in zh_CN.WARNING_SOURCES.items()}
_FRAUD_TYPE_BY_LABEL = {label: key for key, label in zh_CN.FRAUD_TYPES.items()}
_YES_NO = (YES_WORD, NO_WORD)

_H, _N = i18n.SHEET, i18n.SHEET_NOTES
COLUMNS = (
    Column(
        _H["source"],
        "source",
        required=True,
        choices=tuple(zh_CN.WARNING_SOURCES.values()),
        width=16,
    ),
    Column(_H["external_id"], "external_id", required=True, width=22, note=_N["external_id"]),
    Column(_H["issued_at"], "issued_at", required=True, width=20, note=_N["issued_at"]),
    Column(_H["person_name"], "person_name", width=10),
    Column(_H["person_phone"], "person_phone", width=16, note=_N["person_phone"]),
    Column(_H["person_id_number"], "person_id_number", width=22),
    Column(_H["address"], "address", width=36, note=_N["address"]),
    Column(_H["fraud_type"], "fraud_type", choices=tuple(zh_CN.FRAUD_TYPES.values()), width=20),
    Column(_H["fraudster_phone"], "fraudster_phone", width=16),
    Column(_H["fraudster_account"], "fraudster_account", width=24),
    Column(_H["fraud_app"], "fraud_app", width=14),
    Column(_H["fraud_url"], "fraud_url", width=24),
    Column(_H["amount_yuan"], "amount_yuan", width=14, note=_N["amount_yuan"]),
    Column(_H["money_moving"], "money_moving", choices=_YES_NO, width=12),
    Column(_H["on_call"], "on_call", choices=_YES_NO, width=16),
    Column(_H["note"], "note", width=30),
    Column(
        _H["transferred_from"],
        "transferred_from",
        width=24,
        note=_N["transferred_from"],
        added_later=True,
    ),
)
_HEADERS = {c.key: c.header for c in COLUMNS} | {"amount_fen": _H["amount_yuan"]}


def template() -> bytes:
    return excel.template(
        i18n.SHEET_NAME,
        COLUMNS,
        list(i18n.SHEET_FOOTNOTES),
    )


def _row_data(number: int, raw: dict[str, str], errors: list[RowError]) -> dict[str, Any]:
    """The cells translated into WarningIn's fields; untranslatable cells become row errors."""
    data: dict[str, Any] = {k: v for k, v in raw.items() if k not in {"amount_yuan"} and v}
    data["source"] = _SOURCE_BY_LABEL.get(raw["source"], raw["source"])
    if raw["fraud_type"]:
        data["fraud_type"] = _FRAUD_TYPE_BY_LABEL.get(raw["fraud_type"], raw["fraud_type"])
    for flag in ("money_moving", "on_call"):
        if raw[flag] not in excel.YES | excel.NO:
            errors.append(RowError(number, _HEADERS[flag], i18n.YES_OR_NO))
        data[flag] = raw[flag] in excel.YES
    if raw["issued_at"]:
        try:
            data["issued_at"] = clock.parse_local(raw["issued_at"])
        except clock.InvalidDateTime as exc:
            errors.append(RowError(number, _HEADERS["issued_at"], str(exc)))
            data.pop("issued_at")
    if raw["amount_yuan"]:
        try:
            data["amount_fen"] = parse_yuan(raw["amount_yuan"])
        except InvalidAmount as exc:
            errors.append(RowError(number, _HEADERS["amount_fen"], str(exc)))
    return data


def import_warnings(session: Session, actor: Principal, content: bytes) -> ImportReport:
    """Receive the good rows of a platform export and report the bad ones (a row repeating
    an earlier row's 预警编号 is one of them). Raises ImportFailed only for a file with no
    data rows; InvalidInput for one that is not the template."""
    errors: list[RowError] = []
    items: list[WarningIn] = []
    first_row: dict[tuple[str, str], int] = {}
    rows = 0
    for number, raw in excel.read_rows(content, COLUMNS, limit=MAX_ROWS):
        rows += 1
        before = len(errors)
        data = _row_data(number, raw, errors)
        item = excel.validate_row(WarningIn, number, data, _HEADERS, errors)
        if item is None or len(errors) > before:
            continue
        key = (str(item.source), item.external_id)
        if key in first_row:
            errors.append(
                RowError(
                    number,
                    _HEADERS["external_id"],
                    zh_CN.IMPORT["duplicate_in_file"].format(
                        row=first_row[key], value=item.external_id
                    ),
                )
            )
            continue
        first_row[key] = number
        items.append(item)
    if not rows:
        raise ImportFailed([RowError(1, "", zh_CN.IMPORT["empty"])])
    stored = intake.store(session, actor, items)
    created = sum(1 for _, is_new in stored if is_new)
    counts = {"rows": len(items), "created": created, "existing": len(items) - created}
    report = ImportReport(
        zh_CN.IMPORT["warnings_done"].format(**counts),
        accepted=len(items),
        errors=sorted(errors, key=lambda e: e.row),
    )
    if items:
        audit.record(
            session,
            actor,
            AuditAction.import_warnings,
            target_type="warnings",
            summary=report.message,
            detail={**counts, "refused": report.refused},
        )
    return report
