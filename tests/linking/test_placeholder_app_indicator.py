"""A placeholder typed as an APP (`/`, `--`, 无) was stored as an indicator, and two cases
with it would be linked into one gang: it is refused like a placeholder account."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from fanzha import clock
from fanzha.linking import links
from fanzha.linking.models import Indicator, IndicatorKind, IndicatorSource
from tests.helpers import csrf_token, login
from tests.linking.test_workflows import account, new_case

pytestmark = pytest.mark.usefixtures("city")


@pytest.mark.parametrize("value", ["/", "--", "无", "——"])
def test_a_placeholder_app_is_refused_in_chinese(client, session, value):
    case = new_case(session, account(530))
    login(client, "analyst")
    response = client.post(
        f"/cases/{case.id}/indicators",
        data={"csrf_token": csrf_token(client), "kind": "app", "values": value},
    )
    assert response.status_code == 422 and "不能作为串并要素" in response.text
    assert value not in session.scalars(select(Indicator.value)).all()


def test_a_placeholder_app_from_any_path_links_nothing(session):
    a, b = new_case(session, account(531)), new_case(session, account(532))
    for case in (a, b):
        links.attach(
            session,
            case.id,
            [(IndicatorKind.app, "/")],
            source=IndicatorSource.manual,
            seen_at=clock.now(),
        )
    assert "/" not in session.scalars(select(Indicator.value)).all()


def test_a_real_app_name_is_still_taken(client, session):
    case = new_case(session, account(533))
    login(client, "analyst")
    response = client.post(
        f"/cases/{case.id}/indicators",
        data={"csrf_token": csrf_token(client), "kind": "app", "values": "云聚财富"},
    )
    assert response.status_code == 303
    assert "云聚财富" in session.scalars(select(Indicator.value)).all()
