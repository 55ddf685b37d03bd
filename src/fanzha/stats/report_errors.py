"""When reports refuse (messages in fanzha.i18n.reports, by code)."""

from __future__ import annotations

from fanzha.errors import Conflict, InvalidInput, NotFound


class ReportNotFound(NotFound):
    code = "report_not_found"


class ReportFrozen(Conflict):
    """A submitted (or superseded) report's content and notable cases stay as they are."""

    code = "report_frozen"


class ReportNotSubmitted(Conflict):
    code = "report_not_submitted"


class ReportAlreadyRestated(Conflict):
    """A restatement is made of the latest version only (`version` names the newer one)."""

    code = "report_already_restated"


class ReportPeriodUnknown(InvalidInput):
    code = "report_period_unknown"


class ReportPeriodNotBegun(InvalidInput):
    """A report is of a period that has begun (the running month at the earliest)."""

    code = "report_period_not_begun"


class ReportNotableTooLong(InvalidInput):
    code = "report_notable_too_long"


class ReportReasonMissing(InvalidInput):
    code = "report_reason_missing"


class ReportReasonTooLong(InvalidInput):
    """The form allows REASON_LIMIT characters; a hand-made request is held to it too."""

    code = "report_reason_too_long"


class ReportFontMissing(InvalidInput):
    """The server has no CJK font to embed, so no PDF (the .xlsx still downloads)."""

    code = "report_font_missing"
