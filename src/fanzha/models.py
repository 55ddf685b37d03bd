"""Every domain's models, imported so Alembic and the mapper see them all."""

from fanzha.audit.models import AuditEntry
from fanzha.auth.models import ApiKey, User, UserSession
from fanzha.org.models import Compound, Grid, Staff, Street, Team, TeamMember, Unit
from fanzha.warnings.models import ContactAttempt, DoorVisitTask, Warning

__all__ = [
    "ApiKey",
    "AuditEntry",
    "Compound",
    "ContactAttempt",
    "DoorVisitTask",
    "Grid",
    "Staff",
    "Street",
    "Team",
    "TeamMember",
    "Unit",
    "User",
    "UserSession",
    "Warning",
]
