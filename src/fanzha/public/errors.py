"""The errors of the citizens' site (messages in fanzha.i18n.public)."""

from __future__ import annotations

from fanzha.errors import Conflict, InvalidInput, NotFound, TooManyAttempts


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
