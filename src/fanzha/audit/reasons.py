"""The stated reason an officer gives for exporting full personal data; it goes into the audit
entry of the export, so a later review can ask whether it was justified."""

from __future__ import annotations

from fanzha.errors import InvalidInput
from fanzha.i18n import zh_CN

MAX_REASON = 200


def export_reason(text: str | None) -> str:
    """The reason, trimmed; InvalidInput (field "reason") when blank or over 200 characters."""
    reason = (text or "").strip()
    if not reason:
        raise InvalidInput(zh_CN.EXPORT_REASON["missing"], field="reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(zh_CN.EXPORT_REASON["too_long"].format(max=MAX_REASON), field="reason")
    return reason
