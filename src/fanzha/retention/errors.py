"""The conditions under which retention, holds and the subject report refuse (messages in
fanzha.i18n.retention)."""

from __future__ import annotations

from fanzha.errors import Conflict, InvalidInput


class HoldReasonMissing(InvalidInput):
    code = "hold_reason_missing"


class HoldReasonTooLong(InvalidInput):
    code = "hold_reason_too_long"


class HoldExists(Conflict):
    code = "hold_exists"


class HoldMissing(Conflict):
    code = "hold_missing"


class RetentionTooShort(InvalidInput):
    code = "retention_too_short"


class SubjectQueryInvalid(InvalidInput):
    code = "subject_query_invalid"


class BadPurgeCron(InvalidInput):
    code = "bad_purge_cron"
