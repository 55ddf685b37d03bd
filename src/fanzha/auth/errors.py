"""The conditions under which account and sign-in operations refuse (messages in
fanzha.i18n.auth, by code)."""

from __future__ import annotations

from fanzha.errors import Conflict, InvalidInput


class UsernameTaken(Conflict):
    code = "username_taken"


class AdminUsernameTaken(Conflict):
    """`fanzha users create-admin` with a username already taken: nothing is changed."""

    code = "admin_username_taken"


class InvalidAdminAccount(InvalidInput):
    """The command line's account details fail the form's checks (`problems` lists them)."""

    code = "invalid_admin_account"


class AdminUnitNotFound(InvalidInput):
    code = "admin_unit_not_found"


class WeakPassword(InvalidInput):
    """The password policy refuses the password (`problem` is its Chinese reason)."""

    code = "weak_password"


class AdminRoleReserved(InvalidInput):
    code = "admin_role_reserved"


class OwnAccountLockedIn(InvalidInput):
    """An admin may not disable their own account or change their own role."""

    code = "own_account_locked_in"
