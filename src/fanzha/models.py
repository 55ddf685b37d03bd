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
from fanzha.org.models import (
    Compound,
    DutyShift,
    Grid,
    GridBoundary,
    Staff,
    Street,
    Team,
    TeamMember,
    Unit,
)
from fanzha.outreach.models import (
    Campaign,
    CampaignBaseline,
    GridAssignment,
    GridDay,
    GridTotals,
    Household,
    HouseholdState,
    Visit,
)
from fanzha.outreach.people_models import (
    EventStaff,
    OutreachEvent,
    TrainingAttendance,
    TrainingInvite,
    TrainingSession,
    VolunteerTeam,
)
from fanzha.outreach.photos import VisitPhoto
from fanzha.public.models import (
    CaptchaChallenge,
    QuizQuestion,
    QuizRound,
    RateCounter,
    RiskQueryCount,
)
from fanzha.public.tip_models import Tip, TipAttachment, TipMessage
from fanzha.questionnaires.models import (
    Questionnaire,
    QuestionnaireResponse,
    QuestionnaireVersion,
    Survey,
    SurveyBatch,
    SurveyCode,
)
from fanzha.retention.models import LegalHold
from fanzha.rewards.models import RewardApplication, RewardBeneficiary, RewardEvidence
from fanzha.stats.report_models import UnitReport
from fanzha.vault.models import VaultRecord, VaultRequest
from fanzha.warnings.models import ContactAttempt, DoorVisitTask, Warning, WarningTransfer

__all__ = [
    "AccountHolder",
    "ApiKey",
    "AssistRequest",
    "AtRiskPerson",
    "AuditEntry",
    "BlockRequest",
    "Campaign",
    "CampaignBaseline",
    "CaptchaChallenge",
    "Case",
    "CaseIndicator",
    "Center",
    "Compound",
    "ContactAttempt",
    "DoorVisitTask",
    "DutyShift",
    "EventStaff",
    "Freeze",
    "FundReturn",
    "Gang",
    "GangMember",
    "GangMerge",
    "Grid",
    "GridAssignment",
    "GridBoundary",
    "GridDay",
    "GridTotals",
    "HoldShare",
    "HolidayDay",
    "HolidayYear",
    "Household",
    "HouseholdState",
    "Indicator",
    "Lead",
    "LegalHold",
    "LinkExclusion",
    "OutreachEvent",
    "Questionnaire",
    "QuestionnaireResponse",
    "QuestionnaireVersion",
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
    "Survey",
    "SurveyBatch",
    "SurveyCode",
    "Team",
    "TeamMember",
    "Tip",
    "TipAttachment",
    "TipMessage",
    "TrainingAttendance",
    "TrainingInvite",
    "TrainingSession",
    "Transfer",
    "Unit",
    "UnitReport",
    "User",
    "UserSession",
    "VaultRecord",
    "VaultRequest",
    "Visit",
    "VisitPhoto",
    "VolunteerTeam",
    "Warning",
    "WarningTransfer",
]
