"""The quiz after a training session (培训测验): the organiser picks a questionnaire of purpose
`training` whose questions carry correct answers; its current version is frozen on the session.
A trainee who checked in takes it once on their phone; the score (0–100, the share of scored
questions answered right) and pass/fail land on their attendance row, the answers in a
questionnaire response tagged with the session (so the questionnaire's results page shows them
per question too)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.outreach.people_errors import QuizAlreadyTaken, QuizNotAvailable, QuizNotCheckedIn
from fanzha.outreach.people_models import TrainingAttendance, TrainingSession
from fanzha.outreach.training import record_quiz_score, staff_of
from fanzha.questionnaires import service as questionnaires
from fanzha.questionnaires.models import QuestionnaireVersion, SourceKind


def quiz_of(session: Session, held: TrainingSession) -> QuestionnaireVersion:
    """The session's quiz version. Raises QuizNotAvailable (409) when it has none."""
    version = (
        session.get(QuestionnaireVersion, held.quiz_version_id) if held.quiz_version_id else None
    )
    if version is None:
        raise QuizNotAvailable()
    return version


def my_attendance(
    session: Session, actor: Principal, session_id: int, *, for_update: bool = False
) -> TrainingAttendance:
    """The signed-in trainee's own check-in at session `session_id` (it is what lets them see
    the session: it may belong to a unit above theirs). Raises CheckinNoStaffRecord (409) and
    QuizNotCheckedIn (404: no check-in, or no such session — the same answer)."""
    staff = staff_of(session, actor)
    stmt = select(TrainingAttendance).where(
        TrainingAttendance.session_id == session_id, TrainingAttendance.staff_id == staff.id
    )
    if for_update:  # re-read: the row may have been loaded before the lock was taken
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    found = session.scalar(stmt)
    if found is None:
        raise QuizNotCheckedIn()
    return found


@dataclass
class QuizResult:
    attendance: TrainingAttendance
    right: int
    total: int

    @property
    def passed(self) -> bool:
        return bool(self.attendance.quiz_passed)


def take_quiz(
    session: Session, actor: Principal, session_id: int, answers: Mapping[str, object]
) -> QuizResult:
    """Score the signed-in trainee's answers once: the score is round(100 × right / scored
    questions), passed when it reaches the session's pass score. The attendance row is locked,
    so of two submits at once one scores and the other finds it taken. Raises as
    `my_attendance` does, QuizAlreadyTaken (409), QuizNotAvailable (409) and the answer errors
    of `questionnaires.service.validate_answers` (422, naming the question)."""
    attendance = my_attendance(session, actor, session_id, for_update=True)
    return record_answers(session, attendance, answers)


def record_answers(
    session: Session, attendance: TrainingAttendance, answers: Mapping[str, object]
) -> QuizResult:
    """Store `answers` as the trainee's quiz response and their score on the attendance (the
    caller has checked it is theirs and holds it locked). Raises QuizAlreadyTaken (409),
    QuizNotAvailable (409) and the answer errors (422)."""
    if attendance.quiz_score is not None:
        raise QuizAlreadyTaken()
    version = quiz_of(session, attendance.session)
    response = questionnaires.record_response(
        session,
        version.id,
        answers,
        source_kind=SourceKind.training,
        source_ref=f"{attendance.session_id}:{attendance.staff_id}",
    )
    right, total = questionnaires.score(version, response.answers)
    record_quiz_score(session, attendance, round(100 * right / total) if total else 0)
    return QuizResult(attendance, right, total)


def result_of(session: Session, attendance: TrainingAttendance) -> QuizResult | None:
    """The trainee's recorded result (None before they take the quiz)."""
    if attendance.quiz_score is None:
        return None
    held = attendance.session
    response = None
    if held.quiz_version_id:
        response = questionnaires.response_by_source(
            session, SourceKind.training, f"{held.id}:{attendance.staff_id}"
        )
    if response is None:  # a score recorded without answers (the demo's past session)
        return QuizResult(attendance, 0, 0)
    right, total = questionnaires.score(response.version, response.answers)
    return QuizResult(attendance, right, total)
