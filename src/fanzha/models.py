"""Every domain's models, imported so Alembic and the mapper see them all."""

from fanzha.audit.models import AuditEntry
from fanzha.auth.models import ApiKey, User, UserSession
from fanzha.org.models import Compound, Grid, Staff, Street, Team, TeamMember, Unit

__all__ = [
    "ApiKey",
    "AuditEntry",
    "Compound",
    "Grid",
    "Staff",
    "Street",
    "Team",
    "TeamMember",
    "Unit",
    "User",
    "UserSession",
]
