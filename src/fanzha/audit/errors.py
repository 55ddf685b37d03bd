"""The conditions under which audited operations refuse (messages in fanzha.i18n.auth)."""

from __future__ import annotations

from fanzha.errors import InvalidInput


class ExportReasonMissing(InvalidInput):
    code = "export_reason_missing"


class ExportReasonTooLong(InvalidInput):
    code = "export_reason_too_long"
