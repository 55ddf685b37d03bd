"""The conditions under which cases operations refuse (messages in
fanzha.i18n.cases, by code)."""

from __future__ import annotations

from fanzha.errors import Conflict, InvalidInput, PermissionDenied


class CaseFinished(Conflict):
    """A closed or voided case takes no more stop-payments or freezes."""

    code = "case_finished_no_holds"


class ReasonForOpenHolds(InvalidInput):
    """Closing or voiding a case whose money is still held needs a written reason."""

    code = "reason_for_open_holds"


class CaseWithoutAccounts(Conflict):
    code = "case_without_accounts"


class NothingToStop(Conflict):
    code = "nothing_to_stop"


class AllAccountsStopped(Conflict):
    """一键止付 again: every receiving account of the case already has its stop-payment."""

    code = "all_accounts_stopped"


class StopPaymentExpired(Conflict):
    code = "stop_payment_expired"


class StopPaymentNotLive(Conflict):
    code = "stop_payment_not_live"


class StopPaymentLimit(Conflict):
    """Two terms (the first stop and one renewal) are all the law allows."""

    code = "stop_payment_limit"


class FreezeOverHeld(Conflict):
    code = "freeze_over_held"


class StopPaymentUnanswered(Conflict):
    code = "stop_payment_unanswered"


class StopPaymentEmpty(Conflict):
    code = "stop_payment_empty"


class FreezeNotLive(Conflict):
    code = "freeze_not_live"


class FreezeExpired(Conflict):
    code = "freeze_expired"


class FreezeAlarmNotLapsed(Conflict):
    code = "freeze_alarm_not_lapsed"


class FreezeAlarmHandled(Conflict):
    code = "freeze_alarm_handled"


class NoLiveStopPayment(Conflict):
    code = "no_live_stop_payment"


class FreezeNotActive(Conflict):
    code = "freeze_not_active"


class ReturnOverUnallocated(Conflict):
    code = "return_over_unallocated"


class PoolCasesNotFound(InvalidInput):
    code = "pool_cases_not_found"


class PoolCaseWithoutLoss(InvalidInput):
    code = "pool_case_without_loss"


class NoticePeriodRunning(Conflict):
    code = "notice_period_running"


class VictimExportDenied(PermissionDenied):
    code = "victim_export_denied"


class CaseFinishedNoTransfers(Conflict):
    code = "case_finished_no_transfers"


class VictimUnmaskDenied(PermissionDenied):
    code = "victim_unmask_denied"


class NoStopPaymentYet(InvalidInput):
    code = "no_stop_payment_yet"


class LetterFontMissing(InvalidInput):
    """The server has no Chinese font to set the PDF letter in."""

    code = "letter_font_missing"


class ArrestDateOutOfRange(InvalidInput):
    """An arrest is entered for a day between the case's report and today."""

    code = "arrest_date_out_of_range"


class CaseNotRegistered(Conflict):
    """Arrests are entered on a registered or closed case (a draft is not yet a case)."""

    code = "arrest_case_not_registered"
