"""Day filters (`?since=…&until=…`) take days a person could mean: the last day the calendar
has (9999-12-31) plus one overflowed into a 500 on every page that reads `until` inclusively,
and a time in year 1 stored by a platform made each list showing it fail to read it back."""

from __future__ import annotations

import pytest

from tests.helpers import login

pytestmark = pytest.mark.usefixtures("city")


@pytest.mark.parametrize(
    "url",
    [
        "/warnings/feedback.xlsx?until=9999-12-31",
        "/warnings/prognosis?until=9999-12-31",
        "/admin/audit?until=9999-12-31",
        "/warnings/feedback.xlsx?since=0001-01-01",
        "/admin/audit?since=0001-01-01",
    ],
)
def test_a_day_outside_the_calendar_in_use_is_a_422_in_chinese(client, url):
    login(client, "admin")
    response = client.get(url)
    assert response.status_code == 422
    assert "日期超出范围" in response.text


def test_days_in_range_still_filter(client):
    login(client, "admin")
    assert client.get("/admin/audit?since=2026-01-01&until=2099-12-31").status_code == 200
    assert client.get("/warnings/feedback.xlsx?until=2099-12-31").status_code == 200
