"""The stated reason an officer gives for exporting full personal data; it goes into the audit
entry of the export, so a later review can ask whether it was justified."""

from __future__ import annotations

from fanzha.audit.errors import ExportReasonMissing, ExportReasonTooLong
from fanzha.fields import visible_text

MAX_REASON = 200


def export_reason(text: str | None) -> str:
    """The reason, trimmed. Raises ExportReasonMissing when blank, ExportReasonTooLong when over
    200 characters (both for the field "reason")."""
    reason = visible_text(text)
    if not reason:
        raise ExportReasonMissing(field="reason")
    if len(reason) > MAX_REASON:
        raise ExportReasonTooLong(max=MAX_REASON, field="reason")
    return reason
