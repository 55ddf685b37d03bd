"""The conditions under which statement imports and the money trace refuse (messages in
fanzha.i18n.fundflow, by code)."""

from __future__ import annotations

from fanzha.errors import Conflict, InvalidInput, NotFound


class StatementUnreadable(InvalidInput):
    """The file cannot be opened as a statement (`reason` says why, in Chinese)."""

    code = "statement_unreadable"


class StatementWithoutTable(InvalidInput):
    code = "statement_without_table"


class MappingNotNeeded(Conflict):
    code = "mapping_not_needed"


class MappingIncomplete(InvalidInput):
    code = "mapping_incomplete"


class ImportNotQueued(Conflict):
    code = "import_not_queued"


class ImportNotCancellable(Conflict):
    code = "import_not_cancellable"


class CaseWithoutTransfers(Conflict):
    code = "case_without_transfers"


class FundflowExportWithoutTransfers(InvalidInput):
    code = "fundflow_export_without_transfers"


class AccountNotInTrace(NotFound):
    code = "account_not_in_trace"


class NoAccountChosen(InvalidInput):
    code = "no_account_chosen"


class AccountsNoLongerHolding(InvalidInput):
    code = "accounts_no_longer_holding"
