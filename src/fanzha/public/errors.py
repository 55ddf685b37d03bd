"""The errors of the citizens' site (messages in fanzha.i18n.public)."""

from __future__ import annotations

from fanzha.errors import Conflict, DomainError, InvalidInput, NotFound, TooManyAttempts


class PublicRateLimited(TooManyAttempts):
    """Too many posts from one client in the window; `seconds` until it may post again."""

    code = "public_rate_limited"


class CaptchaRequired(InvalidInput):
    code = "public_captcha_required"


class CaptchaWrong(InvalidInput):
    code = "public_captcha_wrong"


class RoundNotFound(NotFound):
    code = "quiz_round_not_found"


class RoundFinished(Conflict):
    code = "quiz_round_finished"


class AnswerMissing(InvalidInput):
    code = "quiz_answer_missing"


class NoQuestions(Conflict):
    code = "quiz_no_questions"


class QuestionNotFound(NotFound):
    code = "quiz_question_not_found"


class BadSource(InvalidInput):
    code = "quiz_bad_source"


class RiskKindUnknown(InvalidInput):
    code = "risk_kind_unknown"


class RiskValueInvalid(InvalidInput):
    code = "risk_value_invalid"


class TipCategoryUnknown(InvalidInput):
    code = "tip_category_unknown"


class TipDescriptionMissing(InvalidInput):
    code = "tip_description_missing"


class TipTextTooLong(InvalidInput):
    code = "tip_text_too_long"


class TipIdentityIncomplete(InvalidInput):
    """实名 chosen without a name, a mobile number or a valid ID number."""

    code = "tip_identity_incomplete"


class TipPhoneInvalid(InvalidInput):
    code = "tip_phone_invalid"


class TipIdNumberInvalid(InvalidInput):
    code = "tip_id_number_invalid"


class TipTooManyAttachments(InvalidInput):
    code = "tip_too_many_attachments"


class TipAttachmentTooBig(InvalidInput):
    code = "tip_attachment_too_big"


class TipCodeWrong(InvalidInput):
    """No tip has this receipt code (or it is mistyped)."""

    code = "tip_code_wrong"


class TipCodeTriesExhausted(TooManyAttempts):
    """Too many wrong receipt codes from one client this hour."""

    code = "tip_code_tries_exhausted"


class TipKeyMissing(DomainError):
    """No FANZHA_TIP_CODE_KEY against a real database: no tip can be taken or found."""

    status_code = 503
    code = "tip_key_missing"


class SurveyCodeNotOpen(Conflict):
    """A survey code that opens nothing, whether unknown or already answered: the citizens'
    site answers both alike, so guessing never tells which codes exist."""

    code = "survey_code_not_open"
