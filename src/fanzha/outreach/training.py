"""Training (培训): sessions, QR check-in on the trainee's own phone, attendance and pass rates
per invited unit, each person's training record, and who on dissuasion duty has had none.

The check-in code is the session id signed with the session's own secret and the time it was
made (itsdangerous); it is good for `training_checkin_minutes`. The trainee scans it signed in
as themselves: their account's staff record is checked in, once (a unique key, so of two
check-ins at the same moment one wins and the other finds it already done)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner
from sqlalchemy import exists, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from fanzha import clock, excel
from fanzha.access import Principal, Role
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.auth.models import User
from fanzha.config import get_settings
from fanzha.fields import posted_id
from fanzha.i18n import outreach_people as i18n
from fanzha.i18n import zh_CN
from fanzha.listing import ListQuery, Page, paginate, text_match
from fanzha.masking import mask_name
from fanzha.org import scope
from fanzha.org.models import Staff, Team, TeamKind, TeamMember, Unit
from fanzha.outreach.people_errors import (
    CheckinCodeExpired,
    CheckinCodeInvalid,
    CheckinNoStaffRecord,
    TrainingNoUnitInvited,
    TrainingQuizNotAQuiz,
    TrainingQuizNotScored,
)
from fanzha.outreach.people_models import TrainingAttendance, TrainingSession
from fanzha.outreach.people_schemas import TrainingIn
from fanzha.questionnaires import service as questionnaires
from fanzha.questionnaires.models import Purpose, Questionnaire, QuestionnaireVersion
from fanzha.questionnaires.questions import scored

SALT = "fanzha.training.checkin"
SORTS = {"starts": [TrainingSession.starts_at], "topic": [TrainingSession.topic]}
DEFAULT_ORDER = [TrainingSession.starts_at.desc(), TrainingSession.id.desc()]
DUTY_TEAMS = (TeamKind.door_visit, TeamKind.phone)


class _Signer(TimestampSigner):
    # The app's clock, so the demo and tests can move time the way requests see it.
    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


def _signer(training: TrainingSession) -> _Signer:
    return _Signer(training.checkin_secret, salt=SALT)


def create_session(session: Session, actor: Principal, data: TrainingIn) -> TrainingSession:
    """A session held by a unit in scope, inviting units in scope, with the current version of
    the chosen quiz (if any) frozen on it. Raises UnitOutOfScope (422), TrainingNoUnitInvited
    (422) when no unit is invited, and as `quiz_version_for` does."""
    scope.require_unit_in_scope(session, actor, data.unit_id)
    invited = sorted(set(data.invited_unit_ids))
    if not invited:
        raise TrainingNoUnitInvited(field="invited_unit_ids")
    units = [scope.require_unit_in_scope(session, actor, u, "invited_unit_ids") for u in invited]
    quiz = quiz_version_for(session, actor, data.quiz_id) if data.quiz_id else None
    training = TrainingSession(
        unit_id=data.unit_id,
        topic=data.topic,
        trainer=data.trainer,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        place=data.place,
        video_url=data.video_url,
        pass_score=data.pass_score,
        quiz_version_id=quiz.id if quiz else None,
        checkin_secret=secrets.token_hex(32),
        created_by_id=actor.user_id,
    )
    training.invited = units
    session.add(training)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.training_saved,
        target_type="training_sessions",
        target_id=training.id,
        summary=i18n.AUDIT["training_saved"].format(
            topic=training.topic, day=clock.local(training.starts_at, "%Y-%m-%d")
        ),
    )
    return training


def quiz_choices(session: Session, actor: Principal) -> list[Questionnaire]:
    """The training quizzes the organiser may pick: purpose 培训测验, not retired, in scope."""
    stmt = (
        scope.scoped_select(Questionnaire, actor)
        .where(Questionnaire.purpose == Purpose.training, Questionnaire.retired_at.is_(None))
        .order_by(Questionnaire.title, Questionnaire.id)
    )
    return list(session.scalars(stmt))


def quiz_version_for(
    session: Session, actor: Principal, questionnaire_id: int
) -> QuestionnaireVersion:
    """The version a new session freezes as its quiz: the questionnaire's current one. Raises
    NotFound (out of scope), TrainingQuizNotAQuiz (422: another purpose, or retired) and
    TrainingQuizNotScored (422: no question has a correct answer), each naming `quiz_id`."""
    chosen = scope.get_scoped(session, actor, Questionnaire, questionnaire_id)
    if chosen.purpose != Purpose.training or chosen.retired:
        raise TrainingQuizNotAQuiz(field="quiz_id")
    version = questionnaires.current_version(session, chosen.id)
    if not scored(version.questions):
        raise TrainingQuizNotScored(field="quiz_id")
    return version


def list_sessions(session: Session, actor: Principal, query: ListQuery) -> Page[TrainingSession]:
    stmt = scope.scoped_select(TrainingSession, actor).where(
        *text_match(query, TrainingSession.topic, TrainingSession.trainer)
    )
    return paginate(session, stmt, query, SORTS, DEFAULT_ORDER)


# --- check-in -----------------------------------------------------------------------------


def checkin_code(training: TrainingSession) -> str:
    """A fresh code for the QR on screen: good for `training_checkin_minutes` from now."""
    return sign_code(training.id, training.checkin_secret)


def sign_code(session_id: int, secret: str) -> str:
    """The check-in code of session `session_id` signed with its secret, as of now."""
    return _Signer(secret, salt=SALT).sign(str(session_id)).decode()


def session_of_code(session: Session, code: str) -> TrainingSession:
    """The session a scanned code is for. Raises CheckinCodeExpired (422) for a code past its
    minutes and CheckinCodeInvalid (422) for anything not made by this session's page."""
    head = (code or "").split(".", 1)[0]
    session_id = posted_id(head)  # "²" passes isdigit(); 11 digits overflow `integer`
    training = session.get(TrainingSession, session_id) if session_id is not None else None
    if training is None or len(code) > 200:
        raise CheckinCodeInvalid()
    max_age = get_settings().training_checkin_minutes * 60
    try:
        _signer(training).unsign(code, max_age=max_age)
    except SignatureExpired as exc:
        raise CheckinCodeExpired() from exc
    except BadSignature as exc:
        raise CheckinCodeInvalid() from exc
    return training


@dataclass
class CheckIn:
    training: TrainingSession
    attendance: TrainingAttendance
    first: bool  # False: they had already checked in


def staff_of(session: Session, actor: Principal) -> Staff:
    """The staff record of the signed-in account. CheckinNoStaffRecord (409) without one."""
    user = session.get(User, actor.user_id) if actor.user_id else None
    if user is None or user.staff is None:
        raise CheckinNoStaffRecord()
    return user.staff


def on_roster(session: Session, training: TrainingSession, staff: Staff) -> bool:
    """Whether the staff member's unit is one of the invited units or below one."""
    return any(
        scope.unit_in_scope(session, scope.unit_scope(session, u.id), staff.unit_id)
        for u in training.invited
    )


def check_in(session: Session, actor: Principal, code: str) -> CheckIn:
    """Check the signed-in trainee in with a scanned code; a second scan changes nothing.
    Raises as `session_of_code` and `staff_of` do."""
    held = session_of_code(session, code)
    staff = staff_of(session, actor)
    return record_attendance(session, held, staff, user_id=actor.user_id)


def record_attendance(
    session: Session, held: TrainingSession, staff: Staff, *, user_id: int | None = None
) -> CheckIn:
    """Mark `staff` present at `held` once (INSERT … ON CONFLICT DO NOTHING on the unique key:
    of two at the same moment one inserts, the other waits for it and finds the row)."""
    stmt = (
        insert(TrainingAttendance)
        .values(
            session_id=held.id,
            staff_id=staff.id,
            user_id=user_id,
            checked_in_at=clock.now(),
            on_roster=on_roster(session, held, staff),
        )
        .on_conflict_do_nothing(constraint="uq_training_attendance_once")
        .returning(TrainingAttendance.id)
    )
    new_id = session.scalar(stmt)
    found = session.scalar(
        select(TrainingAttendance).where(
            TrainingAttendance.session_id == held.id, TrainingAttendance.staff_id == staff.id
        )
    )
    assert found is not None
    return CheckIn(held, found, first=new_id is not None)


def record_quiz_score(session: Session, attendance: TrainingAttendance, score: int) -> None:
    """The trainee's quiz score (0–100); passed when it reaches the session's pass score."""
    attendance.quiz_score = max(0, min(100, score))
    attendance.quiz_passed = attendance.quiz_score >= attendance.session.pass_score
    session.flush()


# --- attendance and rates -----------------------------------------------------------------


def attendance(session: Session, training: TrainingSession) -> list[TrainingAttendance]:
    """Who checked in, in order (the caller holds the session through the scope layer)."""
    stmt = (
        select(TrainingAttendance)
        .where(TrainingAttendance.session_id == training.id)
        .order_by(TrainingAttendance.checked_in_at, TrainingAttendance.id)
    )
    return list(session.scalars(stmt))


def attendance_workbook(
    session: Session, actor: Principal, training: TrainingSession
) -> tuple[bytes, str]:
    """The attendance as Excel (names masked; times Asia/Shanghai; the quiz score a number)
    and its file name; the export is audited against the session."""
    rows = attendance(session, training)
    content = excel.workbook_from_rows(
        i18n.ATTENDANCE_SHEET,
        i18n.ATTENDANCE_EXPORT,
        [
            [
                mask_name(a.staff.name),
                zh_CN.STAFF_KINDS[a.staff.kind],
                a.staff.unit.name,
                clock.local(a.checked_in_at),
                i18n.ATTENDANCE_ROSTER[a.on_roster],
                a.quiz_score,
                i18n.ATTENDANCE_RESULT[a.quiz_passed],
            ]
            for a in rows
        ],
        widths=[12, 8, 24, 18, 10, 10, 10],
    )
    day = clock.local(training.starts_at, "%Y-%m-%d")
    audit.record(
        session,
        actor,
        AuditAction.list_page_exported,
        target_type="training_sessions",
        target_id=training.id,
        summary=i18n.AUDIT["attendance_exported"].format(
            topic=training.topic, day=day, count=len(rows)
        ),
        detail={"rows": len(rows)},
    )
    return content, i18n.ATTENDANCE_FILE.format(topic=training.topic, day=day)


@dataclass
class UnitRate:
    unit: Unit
    roster: int  # active staff of the unit and below
    attended: int
    took_quiz: int
    passed: int

    @property
    def attendance_rate(self) -> float | None:
        return self.attended / self.roster if self.roster else None

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.took_quiz if self.took_quiz else None


def unit_rates(session: Session, training: TrainingSession) -> list[UnitRate]:
    """Per invited unit: its roster (active staff of the unit and below), how many of them
    checked in, took the quiz and passed it."""
    rows = []
    for unit in training.invited:
        under = Unit.path.like(unit.path + "%")
        roster = session.scalar(
            select(func.count(Staff.id))
            .join(Unit, Unit.id == Staff.unit_id)
            .where(under, Staff.is_active)
        )
        counts = session.execute(
            select(
                func.count(TrainingAttendance.id),
                func.count(TrainingAttendance.quiz_score),
                func.count().filter(TrainingAttendance.quiz_passed.is_(True)),
            )
            .join(Staff, Staff.id == TrainingAttendance.staff_id)
            .join(Unit, Unit.id == Staff.unit_id)
            .where(TrainingAttendance.session_id == training.id, under)
        ).one()
        rows.append(UnitRate(unit, roster or 0, *counts))
    return rows


def staff_record(session: Session, staff_id: int) -> list[TrainingAttendance]:
    """A staff member's training record, latest first (the caller holds the staff record
    through the scope layer)."""
    stmt = (
        select(TrainingAttendance)
        .join(TrainingSession, TrainingSession.id == TrainingAttendance.session_id)
        .where(TrainingAttendance.staff_id == staff_id)
        .order_by(TrainingSession.starts_at.desc())
    )
    return list(session.scalars(stmt))


def year_bounds(year: int) -> tuple[datetime, datetime]:
    return clock.day_start(date(year, 1, 1)), clock.day_start(date(year + 1, 1, 1))


def untrained(session: Session, actor: Principal, year: int, query: ListQuery) -> Page[Staff]:
    """Active staff in scope on dissuasion duty (劝阻员, a member of a door-visit or phone
    team, or the staff record of a dissuader's account) with no check-in at a session held in
    `year` (Shanghai calendar). Text matches the name."""
    start, end = year_bounds(year)
    on_duty_team = exists(
        select(TeamMember.staff_id)
        .join(Team, Team.id == TeamMember.team_id)
        .where(TeamMember.staff_id == Staff.id, Team.kind.in_(DUTY_TEAMS))
    )
    dissuader_login = exists(
        select(User.id).where(User.staff_id == Staff.id, User.role == Role.dissuader)
    )
    trained = exists(
        select(TrainingAttendance.id)
        .join(TrainingSession, TrainingSession.id == TrainingAttendance.session_id)
        .where(
            TrainingAttendance.staff_id == Staff.id,
            TrainingSession.starts_at >= start,
            TrainingSession.starts_at < end,
        )
    )
    stmt = scope.scoped_select(Staff, actor).where(
        Staff.is_active,
        or_(Staff.is_dissuader, on_duty_team, dissuader_login),
        ~trained,
        *text_match(query, Staff.name),
    )
    return paginate(
        session, stmt, query, {"name": [Staff.name], "unit": [Staff.unit_id]}, [Staff.id]
    )
