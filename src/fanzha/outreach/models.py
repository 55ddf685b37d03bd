"""Prevention (宣防): the household register per grid, door-knocking campaigns, their frozen
baselines, grid assignments to teams, the visits, and the roll-up tables coverage reads.

The roll-ups (`outreach_household_states`, `outreach_grid_totals`, `outreach_grid_days`) are
derived: `fanzha.outreach.coverage.refresh` recomputes them from visits and the baseline for the
households a sync touched, holding the grid rows' locks so concurrent syncs take turns.
"""

from __future__ import annotations

import uuid as uuid_mod
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    literal,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from fanzha.auth import models as _users  # noqa: F401  (the table the *_by_id keys reference)
from fanzha.db import Base
from fanzha.org.models import Unit
from fanzha.org.scope import scope_clause, sees_city, unit_owned
from fanzha.questionnaires import models as _questionnaires  # noqa: F401  (questionnaire_id)
from fanzha.types import enum_column


class HouseholdFlag(StrEnum):
    """Groups a campaign may target (labels in fanzha.i18n.outreach FLAGS)."""

    elderly_alone = "elderly_alone"  # 独居老人
    left_behind_elderly = "left_behind_elderly"  # 留守老人
    student = "student"  # 学生
    migrant_worker = "migrant_worker"  # 外来务工
    new_resident = "new_resident"  # 新市民
    finance_staff = "finance_staff"  # 企业财务人员
    disabled = "disabled"  # 残障人士
    shop_owner = "shop_owner"  # 个体商户


class CampaignStatus(StrEnum):
    draft = "draft"  # 草稿
    running = "running"  # 进行中
    finished = "finished"  # 已结束


class VisitOutcome(StrEnum):
    entered = "entered"  # 已入户
    nobody_home = "nobody_home"  # 无人在家
    refused = "refused"  # 拒绝
    vacant = "vacant"  # 空置
    moved_out = "moved_out"  # 已搬离


class FiveOnes(StrEnum):
    """The 五个一 package, in this order (the roll-ups keep one bit per item, bit i = item i)."""

    poster = "poster"  # 海报张贴
    questionnaire = "questionnaire"  # 问卷调查
    leaflet = "leaflet"  # 资料发放
    warning_talk = "warning_talk"  # 预警宣防
    suggestion = "suggestion"  # 意见建议


FIVE_ONES: tuple[FiveOnes, ...] = tuple(FiveOnes)


def five_ones_bits(items: list[str] | tuple[str, ...]) -> int:
    """The bit mask of a list of five-ones codes (unknown codes ignored)."""
    return sum(1 << i for i, item in enumerate(FIVE_ONES) if item.value in items)


@unit_owned("unit_id")
class Household(Base):
    """One dwelling of the register (住户底册), in a grid; `unit_id` is the grid's unit (the
    community), copied so scope and roll-ups need no join. Soft-deleted: visits keep it."""

    __tablename__ = "households"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    compound: Mapped[str] = mapped_column(String(100))  # 小区 / 村
    building: Mapped[str] = mapped_column(String(20), default="")  # 栋/幢
    unit_no: Mapped[str] = mapped_column(String(20), default="")  # 单元
    room: Mapped[str] = mapped_column(String(20), default="")  # 室
    residents: Mapped[int] = mapped_column(SmallInteger, default=1)
    flags: Mapped[list[str]] = mapped_column(
        ARRAY(String(32)), default=list, server_default=text("'{}'::varchar[]")
    )
    contact_name: Mapped[str] = mapped_column(String(50), default="")
    contact_phone: Mapped[str | None] = mapped_column(String(20), index=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    deleted_at: Mapped[datetime | None]

    __table_args__ = (
        CheckConstraint("residents >= 0 AND residents <= 99", name="residents_plausible"),
        # One live household per address in a grid; a deleted one may be entered again.
        Index(
            "uq_households_live_address",
            "grid_id",
            "compound",
            "building",
            "unit_no",
            "room",
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )


def _campaign_rule(principal):  # type: ignore[no-untyped-def]
    """A campaign is seen by its organising unit's subtree, and by every unit taking part,
    their subtrees and the units above them (a city campaign is every station's work)."""
    if sees_city(principal):
        return true()
    path = principal.unit_path
    taking_part = select(Unit.id).where(
        Unit.id == func.any(Campaign.unit_ids),
        or_(Unit.path.like(path + "%"), literal(path).like(Unit.path + "%")),
    )
    return or_(scope_clause(Campaign.unit_id, principal), taking_part.exists())


@unit_owned(rule=_campaign_rule)
class Campaign(Base):
    """A door-knocking campaign (专项行动) over a period, with its targets and team rule."""

    __tablename__ = "outreach_campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)  # organiser
    # Units taking part (stations, 分局...): their grids make up the campaign.
    unit_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer), default=list)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    status: Mapped[CampaignStatus] = mapped_column(enum_column(CampaignStatus, "campaign_status"))
    target_coverage_pct: Mapped[int] = mapped_column(SmallInteger, default=85)
    five_ones: Mapped[list[str]] = mapped_column(ARRAY(String(32)), default=list)  # targeted
    priority_flags: Mapped[list[str]] = mapped_column(ARRAY(String(32)), default=list)
    # Team rule per visit: {"officer_or_auxiliary": 1, "grid_worker": 1, "volunteer": 1}.
    team_rule: Mapped[dict] = mapped_column(JSONB, default=dict)
    questionnaire_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("questionnaires.id")
    )
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="period_ordered"),
        CheckConstraint(
            "target_coverage_pct BETWEEN 1 AND 100", name="target_coverage_pct_percent"
        ),
    )


@unit_owned("campaign_id", parent=Campaign)
class CampaignBaseline(Base):
    """The households a campaign counted when it started: its denominator, frozen."""

    __tablename__ = "outreach_baselines"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("outreach_campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    household_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("households.id"), primary_key=True
    )
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"))
    residents: Mapped[int] = mapped_column(SmallInteger, default=0)
    priority: Mapped[bool] = mapped_column(default=False)  # a targeted flag at the start

    __table_args__ = (Index("ix_outreach_baselines_campaign_grid", "campaign_id", "grid_id"),)


@unit_owned("campaign_id", parent=Campaign)
class GridAssignment(Base):
    """A grid of a campaign taken by one team: the unique key is the visible lock."""

    __tablename__ = "outreach_grid_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("outreach_campaigns.id", ondelete="CASCADE")
    )
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    taken_at: Mapped[datetime] = mapped_column(server_default=func.now())

    __table_args__ = (
        UniqueConstraint("campaign_id", "grid_id", name="uq_outreach_grid_assignments_grid"),
    )


@unit_owned("campaign_id", parent=Campaign)
class Visit(Base):
    """One knock on one door, as the phone recorded it (`uuid` is the phone's own id: a
    re-sent visit is recognised, never stored twice). A household's status is its latest."""

    __tablename__ = "outreach_visits"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    uuid: Mapped[uuid_mod.UUID] = mapped_column(UUID(as_uuid=True), unique=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("outreach_campaigns.id"))
    household_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("households.id"))
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"))  # the household's, copied
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    outcome: Mapped[VisitOutcome] = mapped_column(enum_column(VisitOutcome, "visit_outcome"))
    visited_at: Mapped[datetime]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    member_staff_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer), default=list)
    residents_reached: Mapped[int] = mapped_column(SmallInteger, default=0)
    five_ones: Mapped[list[str]] = mapped_column(ARRAY(String(32)), default=list)
    suggestion_text: Mapped[str] = mapped_column(Text, default="")
    questionnaire_response_id: Mapped[int | None] = mapped_column(BigInteger)
    # Owned by the field page's photo store (no key: its table is that slice's).
    photo_id: Mapped[int | None] = mapped_column(BigInteger)
    revisit_needed: Mapped[bool] = mapped_column(default=False)
    revisit_reason: Mapped[str] = mapped_column(String(200), default="")
    # Hash of what the phone sent: a re-send with other content is refused, not merged.
    payload_hash: Mapped[str] = mapped_column(String(64), default="")
    # The campaign's team-rule roles nobody present filled (TEAM_RULE keys); empty = complete.
    team_rule_missing: Mapped[list[str]] = mapped_column(
        ARRAY(String(32)), default=list, server_default=text("'{}'::varchar[]")
    )
    synced_at: Mapped[datetime] = mapped_column(server_default=func.now())

    __table_args__ = (
        CheckConstraint(
            "residents_reached >= 0 AND residents_reached <= 99", name="residents_plausible"
        ),
        Index("ix_outreach_visits_household", "household_id", "visited_at"),
        Index("ix_outreach_visits_campaign_grid", "campaign_id", "grid_id"),
        # 入户覆盖率 (the leaders' figure): households entered in a period, read from the index
        # alone. Visits arrive about in time order, so an insert lands on its right-hand page.
        Index(
            "ix_outreach_visits_entered_at",
            "visited_at",
            postgresql_include=["household_id"],
            postgresql_where=text("outcome = 'entered'"),
        ),
        # 照片重复 in 走访记录: the visits carrying a page's photos (fanzha.outreach.visit_list).
        Index(
            "ix_outreach_visits_photo",
            "photo_id",
            postgresql_where=text("photo_id IS NOT NULL"),
        ),
    )


# --- roll-ups (derived; see fanzha.outreach.coverage) ------------------------------------------


@unit_owned("campaign_id", parent=Campaign)
class HouseholdState(Base):
    """One household's standing in one campaign, recomputed from its visits."""

    __tablename__ = "outreach_household_states"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("outreach_campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    household_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("households.id"), primary_key=True
    )
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"))
    in_baseline: Mapped[bool] = mapped_column(default=False)
    priority: Mapped[bool] = mapped_column(default=False)
    visits: Mapped[int] = mapped_column(Integer, default=0)
    entered_on: Mapped[date | None]  # local day of the first 已入户 visit
    residents_reached: Mapped[int] = mapped_column(SmallInteger, default=0)  # most on one visit
    five_ones_bits: Mapped[int] = mapped_column(SmallInteger, default=0)
    latest_outcome: Mapped[VisitOutcome] = mapped_column(enum_column(VisitOutcome, "visit_outcome"))
    latest_at: Mapped[datetime]
    latest_visit_id: Mapped[int] = mapped_column(BigInteger)  # ties on latest_at go to the higher
    revisit_pending: Mapped[bool] = mapped_column(default=False)  # the latest visit asks so

    __table_args__ = (
        Index("ix_outreach_household_states_grid", "campaign_id", "grid_id"),
        # Households reached (the leaders' figure): the grid rides along for an index-only count.
        Index(
            "ix_outreach_household_states_entered_on", "entered_on", postgresql_include=["grid_id"]
        ),
    )


@unit_owned("campaign_id", parent=Campaign)
class GridTotals(Base):
    """One grid's figures in one campaign (sums of its household states and its baseline)."""

    __tablename__ = "outreach_grid_totals"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("outreach_campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))  # the grid's
    baseline: Mapped[int] = mapped_column(Integer, default=0)
    baseline_priority: Mapped[int] = mapped_column(Integer, default=0)
    visited: Mapped[int] = mapped_column(Integer, default=0)  # baseline households entered
    visited_added: Mapped[int] = mapped_column(Integer, default=0)  # entered, not in baseline
    attempted: Mapped[int] = mapped_column(Integer, default=0)  # any visit at all
    residents_reached: Mapped[int] = mapped_column(Integer, default=0)
    five_ones_complete: Mapped[int] = mapped_column(Integer, default=0)
    # Households (entered) per five-ones item, in FIVE_ONES order.
    five_ones_items: Mapped[list[int]] = mapped_column(
        ARRAY(Integer), default=lambda: [0] * len(FIVE_ONES)
    )
    priority_reached: Mapped[int] = mapped_column(Integer, default=0)
    revisits_pending: Mapped[int] = mapped_column(Integer, default=0)
    visits: Mapped[int] = mapped_column(Integer, default=0)


@unit_owned("campaign_id", parent=Campaign)
class GridDay(Base):
    """Households first entered on one local day in one grid: those of the campaign's baseline
    (`entered`, the progress line against the target) and the others (`entered_added`)."""

    __tablename__ = "outreach_grid_days"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("outreach_campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    entered: Mapped[int] = mapped_column(Integer, default=0)
    entered_added: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        # Households reached in a period (the leaders' figure), from the index alone.
        Index(
            "ix_outreach_grid_days_day",
            "day",
            postgresql_include=["grid_id", "entered", "entered_added"],
        ),
    )


__all__ = [
    "Campaign",
    "CampaignBaseline",
    "GridAssignment",
    "GridDay",
    "GridTotals",
    "Household",
    "HouseholdState",
    "Visit",
]
