from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, ConfigDict, Field, model_validator

from fanzha.fields import (
    IdNumber,
    InputModel,
    LocalDateTime,
    MobilePhone,
    PersonName,
    Ref,
    ShortCode,
    Text,
    short_code,
)
from fanzha.i18n import org as i18n
from fanzha.org.models import StaffKind, TeamKind, UnitKind

# The columns of unit codes and badge numbers are 20 characters wide.
ShortCode20 = short_code(20)


class UnitIn(InputModel):
    name: Text
    code: ShortCode20
    parent_id: Ref


class UnitUpdate(InputModel):
    name: Text


class UnitOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    kind: UnitKind
    code: str
    parent_id: int | None


class GridIn(InputModel):
    code: ShortCode
    name: Text
    unit_id: Ref
    households: int = Field(ge=0, le=100_000)


class GridUpdate(InputModel):
    name: Text
    households: int = Field(ge=0, le=100_000)


class GridOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    code: str
    name: str
    unit_id: int
    households: int


class StaffIn(InputModel):
    name: PersonName
    kind: StaffKind
    phone: MobilePhone
    unit_id: Ref
    id_number: IdNumber | None = None
    badge_no: ShortCode20 | None = None
    grid_id: Ref | None = None
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


class TeamIn(InputModel):
    name: Text
    kind: TeamKind
    unit_id: Ref


class DutyShiftIn(InputModel):
    """A shift as the rota form sends it: local date-times, at most a week long."""

    starts_at: LocalDateTime
    ends_at: LocalDateTime

    @model_validator(mode="after")
    def _order(self) -> DutyShiftIn:
        if self.ends_at <= self.starts_at:
            raise ValueError(i18n.DUTY_SHIFT_FORM["ends_before_start"])
        if self.ends_at - self.starts_at > timedelta(days=7):
            raise ValueError(i18n.DUTY_SHIFT_FORM["too_long"])
        return self


class TeamOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    kind: TeamKind
    unit_id: Ref
    member_ids: list[int]
