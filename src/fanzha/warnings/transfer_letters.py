"""The 跨区域预警移交函: the letter that hands a warning to another center (PDF and Excel),
written through the shared 协查 letter (fanzha.liaison.letters). It names the person, as the
receiving center must find them; it is never logged."""

from __future__ import annotations

from fanzha import clock
from fanzha.i18n import warnings as i18n
from fanzha.i18n import zh_CN
from fanzha.liaison import letters
from fanzha.money import format_yuan
from fanzha.warnings.models import WarningTransfer


def number(transfer: WarningTransfer) -> str:
    return i18n.TRANSFER_LETTER["number"].format(
        warning_id=transfer.warning_id, transfer_id=transfer.id
    )


def _page(transfer: WarningTransfer, unit_name: str, officer: str) -> letters.Page:
    w = transfer.warning
    text = i18n.TRANSFER_LETTER
    indicators = "，".join(
        v for v in (w.fraudster_phone, w.fraudster_account, w.fraud_app, w.fraud_url) if v
    )
    after = [text["reason"].format(reason=transfer.reason)]
    if transfer.tried:
        after.append(text["tried"].format(tried=transfer.tried))
    return letters.Page(
        title=text["title"],
        reference=number(transfer),
        addressee=text["addressee"].format(center=transfer.center_name),
        body=text["body"].format(
            received=clock.local(w.received_at),
            source=zh_CN.WARNING_SOURCES[w.source],
            fraud_type=zh_CN.FRAUD_TYPES[w.fraud_type],
            grade=zh_CN.GRADES[w.grade],
            due=clock.local(transfer.due_at),
        ),
        signer=unit_name,
        issued_at=transfer.sent_at,
        officer=officer,
        table=letters.Table(
            i18n.TRANSFER_TABLE,
            (28, 18, 26, 36, 48, 34),
            [
                [
                    w.external_id,
                    w.person_name,
                    w.person_phone or "",
                    w.person_id_number or "",
                    w.address,
                    indicators,
                ]
            ],
        ),
        after=after,
    )


def pdf(transfer: WarningTransfer, unit_name: str, officer: str, font: tuple[str, int]) -> bytes:
    title = i18n.TRANSFER_LETTER["pdf_title"].format(number=number(transfer))
    return letters.pdf([_page(transfer, unit_name, officer)], title=title, font=font)


def workbook(transfer: WarningTransfer) -> bytes:
    w = transfer.warning
    row = [
        number(transfer),
        zh_CN.WARNING_SOURCES[w.source],
        w.external_id,
        zh_CN.GRADES[w.grade],
        zh_CN.FRAUD_TYPES[w.fraud_type],
        w.person_name,
        w.person_phone or "",
        w.person_id_number or "",
        w.address,
        w.fraudster_phone or "",
        w.fraudster_account or "",
        format_yuan(w.amount_fen),
        transfer.reason,
        transfer.tried,
        clock.local(transfer.sent_at),
        clock.local(transfer.due_at),
    ]
    widths = [20, 12, 22, 8, 14, 10, 16, 22, 36, 16, 24, 14, 30, 30, 18, 18]
    return letters.workbook(
        i18n.TRANSFER_LETTER["sheet"], i18n.TRANSFER_EXCEL_COLUMNS, [row], widths
    )
