"""The conditions under which events, volunteer teams and training refuse (messages in
fanzha.i18n.outreach_people, by code)."""

from __future__ import annotations

from fanzha.errors import Conflict, InvalidInput, NotFound


class CheckinCodeExpired(InvalidInput):
    """The scanned code is older than the check-in window: scan the one on screen now."""

    code = "training_checkin_expired"


class CheckinCodeInvalid(InvalidInput):
    code = "training_checkin_invalid"


class CheckinNoStaffRecord(Conflict):
    """The signed-in account is not linked to a staff record, so there is nobody to mark."""

    code = "training_checkin_no_staff"


class EventTeamOutsideUnit(InvalidInput):
    code = "outreach_event_team_outside_unit"


class VolunteerLeaderNotMember(InvalidInput):
    code = "volunteer_leader_not_member"


class NotVolunteerTeam(Conflict):
    code = "team_not_volunteer"


class TrainingNoUnitInvited(InvalidInput):
    code = "training_no_unit_invited"


class QuizNotAvailable(Conflict):
    """The session has no quiz to take."""

    code = "training_quiz_not_available"


class QuizNotCheckedIn(NotFound):
    """The signed-in trainee has no check-in at this session (or the session is not there):
    the quiz is taken only by those who checked in."""

    code = "training_quiz_not_checked_in"


class QuizAlreadyTaken(Conflict):
    """The trainee's score is recorded: the quiz is taken once."""

    code = "training_quiz_already_taken"


class TrainingQuizNotAQuiz(InvalidInput):
    """The questionnaire chosen as the session's quiz is not a training quiz, or is retired."""

    code = "training_quiz_not_a_quiz"


class TrainingQuizNotScored(InvalidInput):
    """The chosen quiz has no question with a correct answer, so nothing could be scored."""

    code = "training_quiz_not_scored"


class TeamStatusUnknown(InvalidInput):
    code = "volunteer_team_status_unknown"
