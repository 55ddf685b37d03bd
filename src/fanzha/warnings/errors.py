"""The conditions under which warnings operations refuse (messages in
fanzha.i18n.warnings, by code)."""

from __future__ import annotations

from fanzha.errors import Conflict, InvalidInput, PermissionDenied


class WarningFinished(Conflict):
    code = "warning_finished_no_attempts"


class WarningFinishedNoRouting(Conflict):
    code = "warning_finished_no_routing"


class WarningAlreadyClosed(Conflict):
    code = "warning_already_closed"


class WarningNotRouted(InvalidInput):
    code = "warning_not_routed"


class ProtectedOnlyWhenDissuaded(InvalidInput):
    code = "protected_only_when_dissuaded"


class CorrectionChangesNothing(InvalidInput):
    code = "correction_changes_nothing"


class GridOutOfScope(InvalidInput):
    code = "warning_grid_out_of_scope"


class WarningPersonUnmaskDenied(PermissionDenied):
    code = "warning_person_unmask_denied"


class WarningFinishedNoTransfer(Conflict):
    code = "warning_finished_no_transfer"


class TransferAlreadyLive(Conflict):
    code = "transfer_already_live"


class TransferNotOutgoing(Conflict):
    code = "transfer_not_outgoing"


class TransferOutcomeInvalid(InvalidInput):
    code = "transfer_outcome_invalid"


class TransferLetterFontMissing(InvalidInput):
    code = "transfer_letter_font_missing"
