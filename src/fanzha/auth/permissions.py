"""Permissions and what each role holds. Every route declares one (see auth.deps.require)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fanzha.auth.models import Role


class Permission(StrEnum):
    workspace_view = "workspace.view"
    org_read = "org.read"
    org_manage = "org.manage"
    pii_unmask = "pii.unmask"
    users_manage = "users.manage"
    api_keys_manage = "api_keys.manage"
    audit_read = "audit.read"


_EVERY_STAFF_ROLE = frozenset({Permission.workspace_view, Permission.org_read})

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.duty_officer: _EVERY_STAFF_ROLE | {Permission.pii_unmask},
    Role.analyst: _EVERY_STAFF_ROLE | {Permission.pii_unmask},
    Role.station_officer: _EVERY_STAFF_ROLE | {Permission.pii_unmask},
    # Field staff see their roster masked; the targets they visit are unmasked per task later.
    Role.dissuader: _EVERY_STAFF_ROLE,
    Role.reward_reviewer: _EVERY_STAFF_ROLE | {Permission.pii_unmask},
    # Leaders read figures, not people.
    Role.leader: _EVERY_STAFF_ROLE,
    Role.admin: frozenset(Permission),
}

# What a machine client may be granted. Kept apart from roles so a key never gets admin rights.
API_KEY_SCOPES: frozenset[Permission] = frozenset({Permission.org_read})


@dataclass(frozen=True)
class Principal:
    """Who is asking: a signed-in user or an API key, with the unit subtree they may see."""

    kind: str  # "user" / "api_key" / "system"
    id: int | None
    name: str
    unit_id: int | None
    unit_path: str  # "/1/4/" ; "" for the system, which sees everything
    permissions: frozenset[Permission]
    role: Role | None = None
    ip: str | None = None
    user_agent: str | None = None

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    @classmethod
    def system(cls, name: str = "系统") -> Principal:
        return cls(
            kind="system",
            id=None,
            name=name,
            unit_id=None,
            unit_path="",
            permissions=frozenset(Permission),
        )
