"""The conditions under which prevention operations refuse (messages in fanzha.i18n.outreach)."""

from __future__ import annotations

from fanzha.errors import Conflict, InvalidInput


class CampaignNotDraft(Conflict):
    code = "campaign_not_draft"


class CampaignNotRunning(Conflict):
    code = "campaign_not_running"


class CampaignNameMissing(InvalidInput):
    code = "campaign_name_missing"


class CampaignNameTooLong(InvalidInput):
    code = "campaign_name_too_long"


class CampaignPeriod(InvalidInput):
    code = "campaign_period"


class CampaignTooLong(InvalidInput):
    code = "campaign_too_long"


class CampaignQuestionnaireUnknown(InvalidInput):
    code = "campaign_questionnaire_unknown"


class CampaignTeamRule(InvalidInput):
    code = "campaign_team_rule"


class CampaignNoUnits(InvalidInput):
    code = "campaign_no_units"


class CampaignUnitOutOfScope(InvalidInput):
    code = "campaign_unit_out_of_scope"


class UnknownCode(InvalidInput):
    code = "campaign_unknown_code"


class HouseholdAddressTaken(Conflict):
    code = "household_address_taken"


class HouseholdGridUnknown(InvalidInput):
    code = "household_grid_unknown"


class HouseholdDeleted(Conflict):
    code = "household_deleted"


class GridTaken(Conflict):
    code = "grid_taken"


class GridNotInCampaign(InvalidInput):
    code = "grid_not_in_campaign"


class TeamNotInUnit(InvalidInput):
    code = "team_not_in_unit"


class SyncTooMany(InvalidInput):
    code = "sync_too_many"


class SyncMalformed(InvalidInput):
    code = "sync_malformed"
