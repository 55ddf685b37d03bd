from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field

from fanzha.holidays.models import DayKind

Year = Annotated[int, Field(ge=2000, le=2100)]


class HolidayDayIn(BaseModel):
    """One date typed on the admin page: 休 (holiday) or 班 (workday)."""

    year: Year
    day: date
    kind: DayKind
    reason: Annotated[str, Field(max_length=200)] = ""
