"""`plausible_time`: its quick answer for years well inside the span equals the comparison of
the time, moved to UTC, with the span's ends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanzha.fields import EARLIEST_TIME, LATEST_TIME, plausible_time

# Offsets a time may carry: up to a day either way, as Python allows.
offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
times = st.one_of(
    st.datetimes(timezones=offsets),
    st.datetimes(),  # naive: read as UTC
    # The span's edges, where the offset decides.
    st.datetimes(
        min_value=datetime(1899, 12, 30), max_value=datetime(1900, 1, 2), timezones=offsets
    ),
    st.datetimes(
        min_value=datetime(2099, 12, 30), max_value=datetime(2100, 1, 2), timezones=offsets
    ),
)


def _inside(value: datetime) -> bool:
    try:
        return EARLIEST_TIME <= value.replace(tzinfo=value.tzinfo or UTC) < LATEST_TIME
    except OverflowError:  # year 1 or 9999 moved past the calendar: outside
        return False


@given(times)
def test_a_time_is_taken_exactly_when_it_lies_inside_the_span(value):
    if _inside(value):
        assert plausible_time(value) is value
    else:
        with pytest.raises(ValueError):
            plausible_time(value)


def test_the_edges_are_judged_in_utc():
    east = timezone(timedelta(hours=8))
    assert plausible_time(datetime(1900, 1, 1, 8, 0, tzinfo=east))
    with pytest.raises(ValueError):
        plausible_time(datetime(1900, 1, 1, 7, 59, tzinfo=east))
    west = timezone(timedelta(hours=-5))
    assert plausible_time(datetime(2099, 12, 31, 18, 59, tzinfo=west))
    with pytest.raises(ValueError):
        plausible_time(datetime(2099, 12, 31, 19, 0, tzinfo=west))
