"""The errors of questionnaires and the awareness survey (messages in
fanzha.i18n.questionnaires). Answer errors name the question: `n` (its position, from 1) and
`title`."""

from __future__ import annotations

from fanzha.errors import Conflict, InvalidInput, NotFound


class QuestionnaireNotFound(NotFound):
    code = "questionnaire_not_found"


class QuestionnaireRetired(Conflict):
    code = "questionnaire_retired"


class QuestionnaireOutOfScope(InvalidInput):
    code = "questionnaire_not_editable"


class QuestionsInvalid(InvalidInput):
    """A question's definition is wrong: `n`, `problem` (a Chinese phrase from i18n)."""

    code = "questions_invalid"


class QuestionnaireTitleInvalid(InvalidInput):
    code = "questionnaire_title_invalid"


class QuestionnaireEmpty(InvalidInput):
    code = "questionnaire_empty"


class AnswersInvalid(InvalidInput):
    """The answers are not a mapping of question keys to values."""

    code = "answers_invalid"


class UnknownQuestion(InvalidInput):
    code = "answer_unknown_question"


class AnswerRequired(InvalidInput):
    code = "answer_required"


class AnswerNotAnOption(InvalidInput):
    code = "answer_not_an_option"


class AnswerOneOnly(InvalidInput):
    code = "answer_one_only"


class AnswerNotANumber(InvalidInput):
    code = "answer_not_a_number"


class AnswerBelowMin(InvalidInput):
    code = "answer_below_min"


class AnswerAboveMax(InvalidInput):
    code = "answer_above_max"


class AnswerTooLong(InvalidInput):
    code = "answer_too_long"


class SurveyNotFound(NotFound):
    code = "survey_not_found"


class SurveyNotScored(InvalidInput):
    code = "survey_not_scored"


class SurveyBatchTooLarge(InvalidInput):
    code = "survey_batch_size"


class SurveyBatchNoPlace(InvalidInput):
    code = "survey_batch_no_place"


class SurveyCodeUnknown(NotFound):
    code = "survey_code_unknown"


class SurveyCodeUsed(Conflict):
    code = "survey_code_used"


class SurveyClosed(Conflict):
    code = "survey_closed"
