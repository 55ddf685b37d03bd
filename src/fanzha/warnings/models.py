from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Computed,
    DateTime,
    FetchedValue,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from fanzha.auth import models as _users  # noqa: F401  (the table the *_by_id keys reference)
from fanzha.db import Base
from fanzha.fraud import FraudType
from fanzha.identifiers import name_initials
from fanzha.liaison.models import Center
from fanzha.org.models import Grid, Team, Unit
from fanzha.org.scope import unit_owned
from fanzha.types import enum_column


class WarningSource(StrEnum):
    ministry = "ministry"  # 部级平台
    province = "province"  # 省级平台
    bank = "bank"  # 银行资金预警
    telecom = "telecom"  # 运营商预警
    app = "app"  # APP预警
    local_analysis = "local_analysis"  # 本地研判推送
    walk_in = "walk_in"  # 群众/银行柜台求助


class Grade(StrEnum):
    urgent = "urgent"  # 紧急
    high = "high"  # 高危
    medium = "medium"  # 中危
    low = "low"  # 低危


class WarningStatus(StrEnum):
    received = "received"  # 待签收
    signed = "signed"  # 已签收
    contacting = "contacting"  # 劝阻中 (at least one attempt)
    door_visit = "door_visit"  # 转上门
    closed = "closed"  # 已反馈
    duplicate = "duplicate"  # 重复预警: linked to the first, not worked twice


class Outcome(StrEnum):
    dissuaded = "dissuaded"  # 已劝阻
    defrauded = "defrauded"  # 已被骗
    not_found_yet = "not_found_yet"  # 暂时找不到
    cannot_find = "cannot_find"  # 确实找不到
    not_applicable = "not_applicable"  # 不符
    duplicate = "duplicate"  # 重复预警


# Warning.next_due_at, as the database computes it (board.NEXT_DUE reads it).
NEXT_DUE_SQL = (
    "CASE WHEN signed_at IS NULL THEN sign_due_at"
    " WHEN first_contact_at IS NULL THEN contact_due_at"
    " WHEN face_due_at IS NOT NULL AND face_to_face_at IS NULL THEN face_due_at END"
)


@unit_owned("unit_id")
class Warning(Base):
    """One instruction to reach a potential victim now."""

    __tablename__ = "warnings"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    source: Mapped[WarningSource] = mapped_column(enum_column(WarningSource, "warning_source"))
    external_id: Mapped[str] = mapped_column(String(64))
    # The person to reach.
    person_name: Mapped[str] = mapped_column(String(50), default="")
    # 张三 → zs, kept beside the name so the global search finds it by index (see validates).
    person_name_initials: Mapped[str] = mapped_column(String(50), default="", server_default="")
    person_phone: Mapped[str | None] = mapped_column(String(20), index=True)
    person_id_number: Mapped[str | None] = mapped_column(String(18), index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    # The fraud indicators.
    fraud_type: Mapped[FraudType] = mapped_column(enum_column(FraudType, "fraud_type"))
    fraudster_phone: Mapped[str | None] = mapped_column(String(20))
    fraudster_account: Mapped[str | None] = mapped_column(String(30))
    fraud_app: Mapped[str | None] = mapped_column(String(100))
    fraud_url: Mapped[str | None] = mapped_column(String(253))
    amount_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    money_moving: Mapped[bool] = mapped_column(default=False)  # a transfer is under way now
    on_call: Mapped[bool] = mapped_column(default=False)  # talking to a fraud number now
    note: Mapped[str] = mapped_column(Text, default="")
    issued_at: Mapped[datetime]  # by the upstream platform
    received_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # Grading and routing.
    grade: Mapped[Grade] = mapped_column(enum_column(Grade, "grade"))
    grade_reasons: Mapped[list[str]] = mapped_column(JSONB, default=list)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))  # the center when unrouted
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    routed: Mapped[bool] = mapped_column(default=False)
    duty_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))  # on duty then
    route_note: Mapped[str] = mapped_column(String(200), default="")
    # Where an address fitting several districts could be: [{"grid_id": 3, "label": "..."}].
    route_candidates: Mapped[list[dict]] = mapped_column(
        JSONB, default=list, server_default=text("'[]'::jsonb")
    )
    phone_region: Mapped[str] = mapped_column(String(50), default="")
    non_local_phone: Mapped[bool] = mapped_column(default=False)
    # The routing clock (unrouted only), and the desk's decision that the person is elsewhere
    # (外地对象): the ladder keeps running here, the warning may be transferred (transfers).
    route_due_at: Mapped[datetime | None]
    out_of_area_at: Mapped[datetime | None]
    out_of_area_note: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Working it.
    status: Mapped[WarningStatus] = mapped_column(
        enum_column(WarningStatus, "warning_status"), default=WarningStatus.received
    )
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("warnings.id"))
    attempt_count: Mapped[int] = mapped_column(default=0)
    signed_at: Mapped[datetime | None]
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    first_contact_at: Mapped[datetime | None]
    face_to_face_at: Mapped[datetime | None]
    # Deadlines (the clocks); an escalation sweep marks what is overdue.
    sign_due_at: Mapped[datetime]
    contact_due_at: Mapped[datetime]
    face_due_at: Mapped[datetime | None]
    # The clock that runs next (sign, then contact, then face to face; none once all are met),
    # kept by the database so the board's default order reads off an index.
    next_due_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), Computed(NEXT_DUE_SQL, persisted=True)
    )
    escalated_at: Mapped[datetime | None]
    escalation: Mapped[str] = mapped_column(String(100), default="")
    # Feedback (平台反馈).
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome, "outcome"))
    protected_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # 更正反馈: the outcome corrected after closing, and why.
    corrected_at: Mapped[datetime | None]
    correction_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The platform feed's cursor: a trigger gives every change to what the platform is told
    # the next number of warning_feedback_seq, so a correction is sent again (migration 0011).
    feedback_seq: Mapped[int | None] = mapped_column(
        BigInteger, server_default=FetchedValue(), server_onupdate=FetchedValue()
    )
    # 预后被骗: the person reported a case after being warned.
    defrauded_later: Mapped[bool] = mapped_column(default=False)

    unit: Mapped[Unit] = relationship()
    grid: Mapped[Grid | None] = relationship()
    duty_team: Mapped[Team | None] = relationship()

    @validates("person_name")
    def _keep_initials(self, _key: str, name: str) -> str:
        self.person_name_initials = name_initials(name)
        return name

    __table_args__ = (
        UniqueConstraint("source", "external_id", name="uq_warnings_source_external_id"),
        # The global search: a warning number alone, a name or its initials by prefix.
        Index("ix_warnings_external_id", "external_id"),
        Index(
            "ix_warnings_person_name_prefix",
            "person_name",
            postgresql_ops={"person_name": "varchar_pattern_ops"},
        ),
        Index(
            "ix_warnings_name_initials",
            "person_name_initials",
            postgresql_ops={"person_name_initials": "varchar_pattern_ops"},
        ),
        Index(
            "ix_warnings_unit_open",
            "unit_id",
            "received_at",
            postgresql_where=text("status NOT IN ('closed', 'duplicate')"),
        ),
        Index("ix_warnings_received_at", "received_at"),
        Index("ix_warnings_closed_at", "closed_at"),  # the dashboard's money protected
        # The board's default order: unsigned first, then the nearest clock.
        Index("ix_warnings_board_order", text("(signed_at IS NOT NULL)"), "next_due_at"),
        Index(
            "ix_warnings_feedback_seq",
            "feedback_seq",
            postgresql_where=text("feedback_seq IS NOT NULL"),
        ),
        # The indicator page finds the warnings that named a fraud account, phone or site.
        *(
            Index(f"ix_warnings_{column}", column, postgresql_where=text(f"{column} IS NOT NULL"))
            for column in ("fraudster_account", "fraudster_phone", "fraud_url")
        ),
    )


class AttemptKind(StrEnum):
    call_96110 = "call_96110"
    call_110 = "call_110"
    call_own = "call_own"  # the officer's own phone
    sms_12381 = "sms_12381"
    relative = "relative"  # a relative reached
    door_visit = "door_visit"  # face to face


class AttemptResult(StrEnum):
    connected = "connected"  # 接通
    no_answer = "no_answer"  # 未接
    rejected = "rejected"  # 拒接
    busy = "busy"  # 占线
    powered_off = "powered_off"  # 关机
    invalid_number = "invalid_number"  # 空号
    sent = "sent"  # SMS sent
    reached = "reached"  # relative / door: the person or family was reached
    not_reached = "not_reached"


@unit_owned("warning_id", parent=Warning)
class ContactAttempt(Base):
    __tablename__ = "contact_attempts"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    warning_id: Mapped[int] = mapped_column(ForeignKey("warnings.id"), index=True)
    kind: Mapped[AttemptKind] = mapped_column(enum_column(AttemptKind, "attempt_kind"))
    result: Mapped[AttemptResult] = mapped_column(enum_column(AttemptResult, "attempt_result"))
    at: Mapped[datetime] = mapped_column(server_default=func.now())
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(String(500), default="")


class TaskStatus(StrEnum):
    open = "open"  # waiting for someone to claim it
    claimed = "claimed"
    done = "done"
    cancelled = "cancelled"


@unit_owned("unit_id")
class DoorVisitTask(Base):
    """ "联系不上，转上门": a door visit for the grid's staff and the station; one claimant."""

    __tablename__ = "door_visit_tasks"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    warning_id: Mapped[int] = mapped_column(ForeignKey("warnings.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    status: Mapped[TaskStatus] = mapped_column(
        enum_column(TaskStatus, "task_status"), default=TaskStatus.open
    )
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    claimed_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]

    warning: Mapped[Warning] = relationship()

    __table_args__ = (
        # At most one live door-visit task per warning.
        Index(
            "uq_door_visit_tasks_live",
            "warning_id",
            unique=True,
            postgresql_where=text("status IN ('open', 'claimed')"),
        ),
    )


class TransferDirection(StrEnum):
    outgoing = "outgoing"  # we hand the warning to the center where the person is
    incoming = "incoming"  # another center hands one to us: our answer is owed


class TransferStatus(StrEnum):
    sent = "sent"  # 已移交: the letter went out
    received = "received"  # 已接收: the other center took it (incoming: we did)
    answered = "answered"  # 已反馈: the outcome came back (incoming: we sent it)
    withdrawn = "withdrawn"  # 已撤回


@unit_owned("warning_id", parent=Warning)
class WarningTransfer(Base):
    """跨区域移交: a warning handed to (or from) another city's center, and the answer owed on
    its clock (fanzha.liaison.asks)."""

    __tablename__ = "warning_transfers"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    warning_id: Mapped[int] = mapped_column(ForeignKey("warnings.id"), index=True)
    direction: Mapped[TransferDirection] = mapped_column(
        enum_column(TransferDirection, "transfer_direction")
    )
    center_id: Mapped[int | None] = mapped_column(ForeignKey("centers.id"))
    center_name: Mapped[str] = mapped_column(String(60))  # as written on the letter
    reason: Mapped[str] = mapped_column(Text, default="")
    tried: Mapped[str] = mapped_column(Text, default="")  # what was done here before
    status: Mapped[TransferStatus] = mapped_column(enum_column(TransferStatus, "transfer_status"))
    sent_at: Mapped[datetime]  # sent by us, or received from the other center
    due_at: Mapped[datetime]  # the answer is owed by then
    received_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome, "outcome"))
    answer_note: Mapped[str] = mapped_column(Text, default="")
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    warning: Mapped[Warning] = relationship()
    center: Mapped[Center | None] = relationship()

    __table_args__ = (
        # One live transfer out per warning.
        Index(
            "uq_warning_transfers_live_out",
            "warning_id",
            unique=True,
            postgresql_where=text("direction = 'outgoing' AND status IN ('sent', 'received')"),
        ),
        Index("ix_warning_transfers_sent_at", "sent_at"),
    )
