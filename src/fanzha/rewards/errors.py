"""When reward applications refuse (messages in fanzha.i18n.rewards, by code)."""

from __future__ import annotations

from fanzha.errors import Conflict, InvalidInput, NotFound, PermissionDenied


class RewardNotFound(NotFound):
    code = "reward_not_found"


class RewardBeneficiaryNotFound(NotFound):
    code = "reward_beneficiary_not_found"


class RewardAmountOutOfRange(InvalidInput):
    code = "reward_amount_out_of_range"


class RewardJustificationMissing(InvalidInput):
    code = "reward_justification_missing"


class RewardNoBeneficiary(Conflict):
    code = "reward_no_beneficiary"


class RewardExcluded(Conflict):
    """A beneficiary falls under an exclusion of the scheme; the reasons are named."""

    code = "reward_excluded"


class RewardSameApprover(PermissionDenied):
    """The four-eyes rule: the second approval is never the first approver's."""

    code = "reward_same_approver"


class RewardOwnApplication(PermissionDenied):
    code = "reward_own_application"


class RewardNotDraft(Conflict):
    code = "reward_not_draft"


class RewardUnverifiedAccount(Conflict):
    code = "reward_unverified_account"


class RewardTransferRefMissing(InvalidInput):
    code = "reward_transfer_ref_missing"


class RewardPaidOnInvalid(InvalidInput):
    code = "reward_paid_on_invalid"


class RewardFoundationRefMissing(InvalidInput):
    code = "reward_foundation_ref_missing"


class RewardReasonMissing(InvalidInput):
    code = "reward_reason_missing"


class RewardEvidenceNotFound(InvalidInput):
    code = "reward_evidence_not_found"


class RewardStaffNotFound(InvalidInput):
    code = "reward_staff_not_found"


class RewardStaffTwice(Conflict):
    code = "reward_staff_twice"


class RewardWeightInvalid(InvalidInput):
    code = "reward_weight_invalid"


class RewardClaimNotAnonymous(Conflict):
    code = "reward_claim_not_anonymous"


class RewardClaimCodeWrong(InvalidInput):
    """The receipt code shown at the counter is not that of a tip the reward rests on."""

    code = "reward_claim_code_wrong"


class RewardWarningNotDissuaded(Conflict):
    code = "reward_warning_not_dissuaded"


class RewardVerifyAnonymous(Conflict):
    code = "reward_verify_anonymous"


class RewardNoAccount(Conflict):
    code = "reward_no_account"


class RewardStepChanged(Conflict):
    code = "reward_step_changed"


class TipNotFound(NotFound):
    code = "tip_not_found"


class TipChannelWeb(InvalidInput):
    """Staff enter tips of 110, letters and visits; web tips come from the public site."""

    code = "tip_channel_web"


class TipOutcomeUnknown(InvalidInput):
    code = "tip_outcome_unknown"


class TipDuplicateOfItself(InvalidInput):
    code = "tip_duplicate_of_itself"


class TipNotNew(Conflict):
    """Only a tip not yet assigned or closed is sent to a unit as a lead."""

    code = "tip_not_new"
