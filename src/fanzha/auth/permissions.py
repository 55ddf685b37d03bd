"""The access vocabulary as the domains above auth import it; it is defined in `fanzha.access`,
below audit and org, which need the principal too."""

from fanzha.access import API_KEY_SCOPES, ROLE_PERMISSIONS, Permission, Principal, Role

__all__ = ["API_KEY_SCOPES", "ROLE_PERMISSIONS", "Permission", "Principal", "Role"]
