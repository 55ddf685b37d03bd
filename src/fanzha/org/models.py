from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fanzha.db import Base
from fanzha.types import enum_column


class UnitKind(StrEnum):
    city_bureau = "city_bureau"  # 市局 (the anti-fraud center sits here)
    branch = "branch"  # 分局
    station = "station"  # 派出所
    community = "community"  # 社区警务室


# Which kind of unit may sit under which: the tree is strict so routing can rely on it.
CHILD_KIND: dict[UnitKind, UnitKind | None] = {
    UnitKind.city_bureau: UnitKind.branch,
    UnitKind.branch: UnitKind.station,
    UnitKind.station: UnitKind.community,
    UnitKind.community: None,
}


class StaffKind(StrEnum):
    officer = "officer"  # 民警
    auxiliary = "auxiliary"  # 辅警
    grid_worker = "grid_worker"  # 网格员
    volunteer = "volunteer"  # 志愿者


class TeamKind(StrEnum):
    door_visit = "door_visit"  # 上门劝阻队 (心盾一队)
    phone = "phone"  # 电话劝阻队 (二队)
    outreach = "outreach"  # 宣讲队 (三队)
    task_force = "task_force"  # 专班
    volunteer = "volunteer"  # 志愿者队伍 (fanzha.outreach.volunteers adds leader and status)


class Unit(Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[UnitKind] = mapped_column(enum_column(UnitKind, "unit_kind"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    # Materialised path "/1/4/17/": the scope filter is one indexed prefix match.
    path: Mapped[str] = mapped_column(String(400), default="")
    # Administrative code shown to officers and used by imports to name a unit.
    code: Mapped[str] = mapped_column(String(20), unique=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # 常住人口: rankings divide by it (per 10,000 residents) where it is set.
    population: Mapped[int | None]

    parent: Mapped[Unit | None] = relationship(remote_side=[id])

    __table_args__ = (
        Index("ix_units_path", "path", postgresql_ops={"path": "text_pattern_ops"}),
        Index("ix_units_parent_id", "parent_id"),
    )

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2


class Grid(Base):
    __tablename__ = "grids"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    households: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    unit: Mapped[Unit] = relationship()

    __table_args__ = (CheckConstraint("households >= 0", name="households_not_negative"),)


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    kind: Mapped[StaffKind] = mapped_column(enum_column(StaffKind, "staff_kind"))
    phone: Mapped[str] = mapped_column(String(20), unique=True)  # E.164
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True)
    badge_no: Mapped[str | None] = mapped_column(String(20), unique=True)  # 警号, officers only
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"), index=True)
    # On dissuasion duty (劝阻员): receives door-visit tasks.
    is_dissuader: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    unit: Mapped[Unit] = relationship()
    grid: Mapped[Grid | None] = relationship()


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[TeamKind] = mapped_column(enum_column(TeamKind, "team_kind"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    unit: Mapped[Unit] = relationship()
    members: Mapped[list[Staff]] = relationship(secondary="team_members", order_by="Staff.id")

    __table_args__ = (UniqueConstraint("unit_id", "name", name="uq_teams_unit_name"),)


class TeamMember(Base):
    __tablename__ = "team_members"

    team_id: Mapped[int] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True, index=True)


class DutyShift(Base):
    """A team on duty (值班) for its unit over [starts_at, ends_at): new warnings routed to the
    unit, or to a unit below it with no shift of its own, go to this team.

    The lookup is the SQL function duty_team_at(unit id, instant) (migration 0004), so intake
    resolves it inside its INSERT without another round trip."""

    __tablename__ = "duty_shifts"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))  # the team's, for lookups
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    team: Mapped[Team] = relationship()

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_duty_shifts_unit_starts", "unit_id", "starts_at"),
        Index(
            "ix_duty_shifts_period", text("tstzrange(starts_at, ends_at)"), postgresql_using="gist"
        ),
    )


# --- gazetteer: the address list later issues route warnings with ----------------------------


class Street(Base):
    """A road (路/街/大道) within a station's area."""

    __tablename__ = "streets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    district: Mapped[str] = mapped_column(String(50))  # 区/县, the first part of an address
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)

    __table_args__ = (UniqueConstraint("district", "name", name="uq_streets_district_name"),)


class Compound(Base):
    """A residential compound (小区) at a street number, in one grid, with numbered buildings."""

    __tablename__ = "compounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    street_id: Mapped[int] = mapped_column(ForeignKey("streets.id"), index=True)
    house_number: Mapped[str] = mapped_column(String(20))  # 门牌号, e.g. "188号"
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), index=True)
    buildings: Mapped[int] = mapped_column(default=1)  # buildings are numbered 1..buildings
    # Other names residents write (老名字, 简称): an address naming one routes here too.
    aliases: Mapped[list[str]] = mapped_column(
        JSONB, default=list, server_default=text("'[]'::jsonb")
    )

    street: Mapped[Street] = relationship()
    grid: Mapped[Grid] = relationship()

    __table_args__ = (CheckConstraint("buildings >= 1", name="buildings_positive"),)


class StreetRange(Base):
    """House numbers low..high of a street that belong to one grid, for addresses outside any
    compound (沿街门面, 自建房): `石家庄路201号` routes to the grid whose range holds 201."""

    __tablename__ = "street_ranges"

    id: Mapped[int] = mapped_column(primary_key=True)
    street_id: Mapped[int] = mapped_column(ForeignKey("streets.id"), index=True)
    number_from: Mapped[int]
    number_to: Mapped[int]
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), index=True)

    street: Mapped[Street] = relationship()
    grid: Mapped[Grid] = relationship()

    __table_args__ = (
        CheckConstraint("1 <= number_from AND number_from <= number_to", name="range_ordered"),
        UniqueConstraint("street_id", "number_from", "number_to", name="uq_street_ranges_span"),
    )


# --- grid boundaries: the polygons the coverage map draws --------------------------------------


class BoundarySource(StrEnum):
    demo = "demo"  # generated for 示例市 (fanzha.demo.grid_shapes)
    imported = "imported"  # a city's GeoJSON, checked whole (fanzha.org.boundaries)


class GridBoundary(Base):
    """A grid's outline in WGS84 longitude/latitude: a GeoJSON Polygon or MultiPolygon as
    stored, with its bounding box and a point inside it kept beside it so the map can frame and
    label grids without parsing every geometry. One per grid; an import replaces them all."""

    __tablename__ = "grid_boundaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id", ondelete="CASCADE"), unique=True)
    geometry: Mapped[dict] = mapped_column(JSONB)  # {"type": "Polygon", "coordinates": ...}
    bbox: Mapped[list[float]] = mapped_column(JSONB)  # [min lon, min lat, max lon, max lat]
    # shapely's point_on_surface: unlike the centroid it lies inside a concave grid.
    label_point: Mapped[list[float]] = mapped_column(JSONB)  # [lon, lat]
    source: Mapped[BoundarySource] = mapped_column(enum_column(BoundarySource, "boundary_source"))
    imported_at: Mapped[datetime] = mapped_column(server_default=func.now())
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    grid: Mapped[Grid] = relationship()
