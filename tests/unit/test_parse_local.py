"""Reading the date-times that Chinese exports and officers write."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanzha.clock import SHANGHAI, InvalidDateTime, parse_local

FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%Y.%m.%d %H:%M:%S",
    "%Y年%m月%d日 %H时%M分%S秒",
    "%Y年%m月%d日%H:%M:%S",
    "%Y%m%d%H%M%S",
    "%Y-%m-%dT%H:%M:%S",
)
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31))


@given(moments.map(lambda d: d.replace(microsecond=0)), st.sampled_from(FORMATS))
def test_every_usual_format_reads_back_as_shanghai_time(moment, fmt):
    assert parse_local(moment.strftime(fmt)) == moment.replace(tzinfo=SHANGHAI)


@given(moments)
def test_minutes_without_seconds_and_unpadded_parts(moment):
    text = f"{moment.year}/{moment.month}/{moment.day} {moment.hour}:{moment.minute:02d}"
    assert parse_local(text) == moment.replace(second=0, microsecond=0, tzinfo=SHANGHAI)


def test_an_explicit_offset_is_kept():
    assert parse_local("2026-11-23T06:05:00+00:00") == datetime(2026, 11, 23, 6, 5, tzinfo=UTC)
    assert parse_local("2026-11-23T06:05:00+00:00") == datetime(
        2026, 11, 23, 14, 5, tzinfo=timezone(timedelta(hours=8))
    )


def test_a_date_alone_is_midnight():
    assert parse_local("2026年11月23日") == datetime(2026, 11, 23, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "请填写时间"),
        ("昨天下午", "无法识别的时间"),
        ("2026-02-30 10:00", "不存在的日期或时间"),
        ("2026-11-23 25:00", "不存在的日期或时间"),
    ],
)
def test_bad_times_are_refused_in_chinese(text, message):
    with pytest.raises(InvalidDateTime, match=message):
        parse_local(text)
