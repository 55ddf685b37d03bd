"""Every domain's models, imported so Alembic and the mapper see them all."""

from fanzha.audit.models import AuditEntry
from fanzha.auth.models import ApiKey, User, UserSession
from fanzha.cases.models import (
    AssistRequest,
    Case,
    Freeze,
    FundReturn,
    HoldShare,
    ReturnPool,
    StopPayment,
    Transfer,
)
from fanzha.fundflow.models import AccountHolder, StatementImport, StatementLayout, StatementRow
from fanzha.holidays.models import HolidayDay, HolidayYear
from fanzha.liaison.models import Center
from fanzha.linking.models import (
    AtRiskPerson,
    BlockRequest,
    CaseIndicator,
    Gang,
    GangMember,
    GangMerge,
    Indicator,
    Lead,
    LinkExclusion,
)
from fanzha.org.models import Compound, DutyShift, Grid, Staff, Street, Team, TeamMember, Unit
from fanzha.public.models import (
    CaptchaChallenge,
    QuizQuestion,
    QuizRound,
    RateCounter,
    RiskQueryCount,
)
from fanzha.retention.models import LegalHold
from fanzha.rewards.models import RewardApplication, RewardBeneficiary, RewardEvidence
from fanzha.vault.models import VaultRecord, VaultRequest
from fanzha.warnings.models import ContactAttempt, DoorVisitTask, Warning, WarningTransfer

__all__ = [
    "AccountHolder",
    "ApiKey",
    "AssistRequest",
    "AtRiskPerson",
    "AuditEntry",
    "BlockRequest",
    "CaptchaChallenge",
    "Case",
    "CaseIndicator",
    "Center",
    "Compound",
    "ContactAttempt",
    "DoorVisitTask",
    "DutyShift",
    "Freeze",
    "FundReturn",
    "Gang",
    "GangMember",
    "GangMerge",
    "Grid",
    "HoldShare",
    "HolidayDay",
    "HolidayYear",
    "Indicator",
    "Lead",
    "LegalHold",
    "LinkExclusion",
    "QuizQuestion",
    "QuizRound",
    "RateCounter",
    "ReturnPool",
    "RewardApplication",
    "RewardBeneficiary",
    "RewardEvidence",
    "RiskQueryCount",
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
    "VaultRecord",
    "VaultRequest",
    "Warning",
    "WarningTransfer",
]
