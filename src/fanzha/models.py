"""Every domain's models, imported so Alembic and the mapper see them all."""

from fanzha.audit.models import AuditEntry
from fanzha.auth.models import ApiKey, User, UserSession
from fanzha.cases.models import (
    AssistRequest,
    Case,
    Freeze,
    FundReturn,
    ReturnPool,
    StopPayment,
    Transfer,
)
from fanzha.fundflow.models import StatementImport, StatementLayout, StatementRow
from fanzha.org.models import Compound, DutyShift, Grid, Staff, Street, Team, TeamMember, Unit
from fanzha.warnings.models import ContactAttempt, DoorVisitTask, Warning

__all__ = [
    "ApiKey",
    "AssistRequest",
    "AuditEntry",
    "Case",
    "Compound",
    "ContactAttempt",
    "DoorVisitTask",
    "DutyShift",
    "Freeze",
    "FundReturn",
    "Grid",
    "ReturnPool",
    "Staff",
    "StatementImport",
    "StatementLayout",
    "StatementRow",
    "StopPayment",
    "Street",
    "Team",
    "TeamMember",
    "Transfer",
    "Unit",
    "User",
    "UserSession",
    "Warning",
]
