"""When the identity vault refuses (messages in fanzha.i18n.vault, by code)."""

from __future__ import annotations

from fanzha.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied


class VaultKeyMissing(DomainError):
    """No key configured: nothing personal may be stored unencrypted, so storing stops."""

    status_code = 503
    code = "vault_key_missing"


class VaultKeyInvalid(DomainError):
    status_code = 503
    code = "vault_key_invalid"


class VaultUnreadable(DomainError):
    """The record was encrypted under a key no longer configured."""

    status_code = 503
    code = "vault_unreadable"


class VaultRecordNotFound(NotFound):
    code = "vault_record_not_found"


class VaultRequestNotFound(NotFound):
    code = "vault_request_not_found"


class VaultReasonMissing(InvalidInput):
    code = "vault_reason_missing"


class VaultReasonTooLong(InvalidInput):
    code = "vault_reason_too_long"


class VaultRequestPending(Conflict):
    code = "vault_request_pending"


class VaultOwnRequest(PermissionDenied):
    """The four-eyes rule: the person who asked never approves."""

    code = "vault_own_request"


class VaultNotCustodian(PermissionDenied):
    code = "vault_not_custodian"


class VaultNoGrant(PermissionDenied):
    code = "vault_no_grant"


class VaultIdentityEmpty(InvalidInput):
    code = "vault_identity_empty"
