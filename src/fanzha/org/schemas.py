from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from fanzha.fields import (
    IdNumber,
    LocalDateTime,
    MobilePhone,
    Optional,
    PersonName,
    ShortCode,
    Text,
)
from fanzha.org.models import StaffKind, TeamKind, UnitKind


class UnitIn(BaseModel):
    name: Text
    code: ShortCode
    parent_id: int


class UnitUpdate(BaseModel):
    name: Text


class UnitOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    kind: UnitKind
    code: str
    parent_id: int | None


class GridIn(BaseModel):
    code: ShortCode
    name: Text
    unit_id: int
    households: int = Field(ge=0, le=100_000)


class GridUpdate(BaseModel):
    name: Text
    households: int = Field(ge=0, le=100_000)


class GridOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    code: str
    name: str
    unit_id: int
    households: int


class StaffIn(BaseModel):
    name: PersonName
    kind: StaffKind
    phone: MobilePhone
    unit_id: int
    id_number: Annotated[IdNumber | None, Optional] = None
    badge_no: Annotated[ShortCode | None, Optional] = None
    grid_id: Annotated[int | None, Optional] = None
    is_dissuader: bool = False


class StaffUpdate(StaffIn):
    is_active: bool = True


class StaffOut(BaseModel):
    """A staff member as lists show them: personal data masked unless `masked` is False."""

    id: int
    unit_id: int
    unit_name: str
    name: str
    kind: StaffKind
    phone: str
    id_number: str | None
    badge_no: str | None
    grid_id: int | None
    is_dissuader: bool
    is_active: bool
    masked: bool


class StaffPage(BaseModel):
    items: list[StaffOut]
    total: int


class TeamIn(BaseModel):
    name: Text
    kind: TeamKind
    unit_id: int


class DutyShiftIn(BaseModel):
    """A shift as the rota form sends it: local date-times, at most a week long."""

    starts_at: LocalDateTime
    ends_at: LocalDateTime

    @model_validator(mode="after")
    def _order(self) -> DutyShiftIn:
        if self.ends_at <= self.starts_at:
            raise ValueError("结束时间应晚于开始时间")
        if self.ends_at - self.starts_at > timedelta(days=7):
            raise ValueError("一个班次最长 7 天")
        return self


class TeamOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    kind: TeamKind
    unit_id: int
    member_ids: list[int]
