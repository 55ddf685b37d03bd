"""A complete year stayed in force after its last 休 was removed: the schedule then said the
year had no holiday at all (Spring Festival a run of working days, no caveat), which
completing the year refuses. Removing the last one is refused the same way."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from fanzha.access import Principal
from fanzha.holidays import service
from fanzha.holidays.models import DayKind, HolidayDay
from tests.helpers import csrf_token, login

pytestmark = pytest.mark.usefixtures("city")
ADMIN = Principal.system("测试管理员")


def test_the_last_holiday_of_a_complete_year_cannot_be_removed(client, session):
    service.add_day(session, ADMIN, 2027, date(2027, 2, 5), DayKind.holiday)
    service.add_day(session, ADMIN, 2027, date(2027, 2, 6), DayKind.holiday)
    service.add_day(session, ADMIN, 2027, date(2027, 1, 31), DayKind.workday)
    service.complete_year(session, ADMIN, 2027)
    session.flush()
    ids = dict(session.execute(select(HolidayDay.day, HolidayDay.id)).all())
    login(client, "admin")
    token = {"csrf_token": csrf_token(client)}
    for day in (date(2027, 2, 6), date(2027, 1, 31)):  # another 休 remains; a 班 is no 休
        removed = client.post(f"/admin/holidays/days/{ids[day]}/remove", data=token)
        assert removed.status_code == 303
    last = client.post(f"/admin/holidays/days/{ids[date(2027, 2, 5)]}/remove", data=token)
    assert last.status_code == 409
    assert "2027 年已标记为完整，不能删除其最后一个放假日期 2027-02-05" in last.text
    assert service.schedule(session).days == {date(2027, 2, 5): False}
