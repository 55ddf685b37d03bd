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
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.auth.permissions import Principal
from fanzha.excel import Column, ImportFailed, ImportReport, RowError
from fanzha.i18n import zh_CN
from fanzha.money import InvalidAmount, parse_yuan
from fanzha.warnings import intake
from fanzha.warnings.schemas import WarningIn

MAX_ROWS = 20_000
_SOURCE_BY_LABEL = {label: key for key, label in zh_CN.WARNING_SOURCES.items()}
_FRAUD_TYPE_BY_LABEL = {label: key for key, label in zh_CN.FRAUD_TYPES.items()}

COLUMNS = (
    Column(
        "预警来源",
        "source",
        required=True,
        choices=tuple(zh_CN.WARNING_SOURCES.values()),
        width=16,
    ),
    Column("预警编号", "external_id", required=True, width=22, note="上级平台的指令编号"),
    Column("下发时间", "issued_at", required=True, width=20, note="如 2026-11-23 14:05"),
    Column("姓名", "person_name", width=10),
    Column("手机号", "person_phone", width=16, note="手机号、身份证号、住址至少填一项"),
    Column("身份证号", "person_id_number", width=22),
    Column("住址", "address", width=36, note="用于分派到派出所和网格"),
    Column("诈骗类型", "fraud_type", choices=tuple(zh_CN.FRAUD_TYPES.values()), width=20),
    Column("涉诈电话", "fraudster_phone", width=16),
    Column("涉诈账户", "fraudster_account", width=24),
    Column("涉诈APP", "fraud_app", width=14),
    Column("涉诈网址", "fraud_url", width=24),
    Column("涉及金额（元）", "amount_yuan", width=14, note="如 5000 或 1.2万"),
    Column("资金正在转出", "money_moving", choices=("是", "否"), width=12),
    Column("正在与诈骗分子通话", "on_call", choices=("是", "否"), width=16),
    Column("备注", "note", width=30),
)
_HEADERS = {c.key: c.header for c in COLUMNS} | {"amount_fen": "涉及金额（元）"}


def template() -> bytes:
    return excel.template(
        "预警",
        COLUMNS,
        [
            "每行一条预警；预警来源与预警编号相同的行视为同一条，重复导入不会重复入库。",
            "下发时间可写作 2026-11-23 14:05、2026/11/23 14:05 或 2026年11月23日 14时05分。",
        ],
    )


def _row_data(number: int, raw: dict[str, str], errors: list[RowError]) -> dict[str, Any]:
    """The cells translated into WarningIn's fields; untranslatable cells become row errors."""
    data: dict[str, Any] = {k: v for k, v in raw.items() if k not in {"amount_yuan"} and v}
    data["source"] = _SOURCE_BY_LABEL.get(raw["source"], raw["source"])
    if raw["fraud_type"]:
        data["fraud_type"] = _FRAUD_TYPE_BY_LABEL.get(raw["fraud_type"], raw["fraud_type"])
    for flag in ("money_moving", "on_call"):
        if raw[flag] not in excel.YES | excel.NO:
            errors.append(RowError(number, _HEADERS[flag], "请填写“是”或“否”"))
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
