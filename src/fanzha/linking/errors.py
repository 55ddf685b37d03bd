"""The conditions under which linking operations refuse (messages in
fanzha.i18n.linking, by code)."""

from __future__ import annotations

from fanzha.errors import Conflict, InvalidInput


class AtRiskPersonSettled(Conflict):
    code = "at_risk_person_settled"


class AtRiskPersonPushed(Conflict):
    code = "at_risk_person_pushed"


class DismissReasonMissing(InvalidInput):
    code = "dismiss_reason_missing"


class AtRiskPersonInvalid(InvalidInput):
    """The person's details fail the warning form's checks (`problems` lists them)."""

    code = "at_risk_person_invalid"


class NotBlockable(InvalidInput):
    code = "not_blockable"


class BlockReasonMissing(InvalidInput):
    code = "block_reason_missing"


class BlockAlreadyRequested(Conflict):
    code = "block_already_requested"


class AppealReasonMissing(InvalidInput):
    code = "appeal_reason_missing"


class NothingToSubmit(Conflict):
    code = "nothing_to_submit"


class BatchNotFound(InvalidInput):
    code = "batch_not_found"


class LeadTitleMissing(InvalidInput):
    code = "lead_title_missing"


class LeadTitleTooLong(InvalidInput):
    code = "lead_title_too_long"


class LeadContentMissing(InvalidInput):
    code = "lead_content_missing"


class LeadUnitNotFound(InvalidInput):
    code = "lead_unit_not_found"


class LeadDueInPast(InvalidInput):
    code = "lead_due_in_past"


class LeadDueTooFar(InvalidInput):
    code = "lead_due_too_far"


class LeadAlreadyAnswered(Conflict):
    code = "lead_already_answered"


class LeadResultMissing(InvalidInput):
    code = "lead_result_missing"


class LeadArrestsOutOfRange(InvalidInput):
    code = "lead_arrests_out_of_range"


class LeadRecoveredNegative(InvalidInput):
    code = "lead_recovered_negative"


class LeadNotAnswered(Conflict):
    code = "lead_not_answered"


class IndicatorValuesInvalid(InvalidInput):
    """Values that are not identifiers of their kind (`problems` says why each)."""

    code = "indicator_values_invalid"


class IndicatorValuesMissing(InvalidInput):
    code = "indicator_values_missing"


class IndicatorKindMissing(InvalidInput):
    code = "indicator_kind_missing"


class ExclusionPatternInvalid(InvalidInput):
    code = "exclusion_pattern_invalid"


class ExclusionReasonMissing(InvalidInput):
    code = "exclusion_reason_missing"


class ExclusionExists(Conflict):
    code = "exclusion_exists"


class GangDissolved(Conflict):
    code = "gang_dissolved_no_confirm"


class GangNameTooLong(InvalidInput):
    code = "gang_name_too_long"


class GangUnitNotFound(InvalidInput):
    code = "gang_unit_not_found"


class IndicatorNotInGang(InvalidInput):
    code = "indicator_not_in_gang"


class GangMergeWithItself(InvalidInput):
    code = "gang_merge_with_itself"


class GangDissolvedNoMerge(Conflict):
    code = "gang_dissolved_no_merge"


class GangMergeReasonMissing(InvalidInput):
    code = "gang_merge_reason_missing"


class NothingToPush(InvalidInput):
    code = "nothing_to_push"


class ActionMissing(InvalidInput):
    code = "linking_action_missing"


class LeadUnitMissing(InvalidInput):
    code = "lead_unit_missing"


class LeadDueUnreadable(InvalidInput):
    code = "lead_due_unreadable"


class LeadRecoveredUnreadable(InvalidInput):
    code = "lead_recovered_unreadable"


class LeadArrestsNotInteger(InvalidInput):
    code = "lead_arrests_not_integer"
