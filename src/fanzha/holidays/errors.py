"""The conditions under which entering the holiday schedule refuses (messages in
fanzha.i18n.holidays, by code)."""

from __future__ import annotations

from fanzha.errors import Conflict, InvalidInput, NotFound


class HolidayYearOutOfRange(InvalidInput):
    code = "holiday_year_out_of_range"


class HolidayDayOutsideYear(InvalidInput):
    code = "holiday_day_outside_year"


class HolidayDayBothKinds(Conflict):
    """The date is already entered as the other kind: a day is 休 or 班, never both."""

    code = "holiday_day_both_kinds"


class HolidayOverrideNeedsReason(InvalidInput):
    """A date of a year the bundled calendar covers changes only with the officer's reason."""

    code = "holiday_override_needs_reason"


class HolidayYearEmpty(Conflict):
    code = "holiday_year_empty"


class HolidayYearLastHoliday(Conflict):
    """Removing a complete year's last 休 would leave it in force with no holiday at all."""

    code = "holiday_year_last_holiday"


class HolidayYearCovered(Conflict):
    """A year the bundled calendar covers is never "completed" by hand: only overridden."""

    code = "holiday_year_covered"


class HolidayDayNotFound(NotFound):
    code = "holiday_day_not_found"


class HolidayKindUnknown(InvalidInput):
    code = "holiday_kind_unknown"


class HolidayDateUnreadable(InvalidInput):
    code = "holiday_date_unreadable"
