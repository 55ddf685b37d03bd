"""Outreach events (宣传活动), volunteer teams (志愿者队伍) and training (培训) with QR check-in.

Volunteer teams are org teams of kind `volunteer`; `VolunteerTeam` only adds what a volunteer
team has beyond a duty team: its leader, and whether it is active (through the kernel).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fanzha.db import Base
from fanzha.org.models import Staff, Team, Unit
from fanzha.org.scope import unit_owned
from fanzha.types import enum_column


class EventKind(StrEnum):
    community = "community"  # 进社区
    school = "school"  # 进校园
    enterprise = "enterprise"  # 进企业
    village = "village"  # 进农村
    night_market = "night_market"  # 夜市
    park = "park"  # 公园
    live = "live"  # 直播
    caravan = "caravan"  # 大篷车
    other = "other"  # 其他


class TeamStatus(StrEnum):
    active = "active"
    inactive = "inactive"


@unit_owned("unit_id")
class OutreachEvent(Base):
    """One outreach event held by a unit (optionally by one of its teams)."""

    __tablename__ = "outreach_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    # The campaign (专项行动) it belongs to; the foreign key comes with the campaigns table.
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("outreach_campaigns.id"), index=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind, "outreach_event_kind"))
    title: Mapped[str] = mapped_column(String(100))
    place: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    audience_onsite: Mapped[int] = mapped_column(default=0)
    audience_online: Mapped[int] = mapped_column(default=0)
    materials: Mapped[int] = mapped_column(default=0)  # leaflets and items handed out
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    unit: Mapped[Unit] = relationship()
    team: Mapped[Team | None] = relationship()
    helpers: Mapped[list[Staff]] = relationship(
        secondary="outreach_event_staff", order_by="Staff.id"
    )

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="event_ends_after_start"),
        CheckConstraint(
            "audience_onsite >= 0 AND audience_online >= 0 AND materials >= 0",
            name="event_counts_not_negative",
        ),
        Index("ix_outreach_events_starts_at", "starts_at"),
    )


@unit_owned("event_id", parent=OutreachEvent)
class EventStaff(Base):
    """Who served at an event: their hours are the event's length."""

    __tablename__ = "outreach_event_staff"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("outreach_events.id", ondelete="CASCADE"), primary_key=True
    )
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True, index=True)


@unit_owned("team_id", parent=Team)
class VolunteerTeam(Base):
    """A team of kind volunteer: its leader and its status (active / inactive)."""

    __tablename__ = "volunteer_teams"

    team_id: Mapped[int] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    status: Mapped[TeamStatus] = mapped_column(enum_column(TeamStatus, "volunteer_team_status"))
    inactive_since: Mapped[datetime | None]
    active_since: Mapped[datetime | None]

    @property
    def id(self) -> int:  # the kernel's moves name a record by `id`
        return self.team_id

    team: Mapped[Team] = relationship()
    leader: Mapped[Staff | None] = relationship()


@unit_owned("unit_id")
class TrainingSession(Base):
    """A training session held by a unit, with the units invited to it."""

    __tablename__ = "training_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    topic: Mapped[str] = mapped_column(String(100))
    trainer: Mapped[str] = mapped_column(String(50))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(200), default="")
    video_url: Mapped[str] = mapped_column(String(500), default="")
    # Signs the check-in codes of this session only: a leaked code opens no other session.
    checkin_secret: Mapped[str] = mapped_column(String(64))
    # The quiz after the session: a questionnaire version, and the score that passes it.
    quiz_version_id: Mapped[int | None] = mapped_column(ForeignKey("questionnaire_versions.id"))
    pass_score: Mapped[int] = mapped_column(default=60)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    unit: Mapped[Unit] = relationship()
    invited: Mapped[list[Unit]] = relationship(secondary="training_invites", order_by="Unit.id")

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="training_ends_after_start"),
        CheckConstraint("pass_score BETWEEN 0 AND 100", name="training_pass_score_range"),
        Index("ix_training_sessions_starts_at", "starts_at"),
    )


@unit_owned("session_id", parent=TrainingSession)
class TrainingInvite(Base):
    __tablename__ = "training_invites"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True, index=True)


@unit_owned("session_id", parent=TrainingSession)
class TrainingAttendance(Base):
    """One trainee checked in to one session (once: the unique key decides a race)."""

    __tablename__ = "training_attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True
    )
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    checked_in_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # False: the trainee's unit was not among those invited (flagged on the roster).
    on_roster: Mapped[bool] = mapped_column(default=True)
    quiz_score: Mapped[int | None]
    quiz_passed: Mapped[bool | None]

    session: Mapped[TrainingSession] = relationship()
    staff: Mapped[Staff] = relationship()

    __table_args__ = (
        UniqueConstraint("session_id", "staff_id", name="uq_training_attendance_once"),
    )
