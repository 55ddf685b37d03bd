"""Ids no row can have, typed into URLs and forms of the prevention pages: a 404 or a 422 in
Chinese, never a server error (they were 500s: `integer out of range`, `int("²")`)."""

from __future__ import annotations

import pytest

from tests.helpers import api_post, login, post_form
from tests.outreach.records import principal, running_campaign

pytestmark = pytest.mark.usefixtures("city")

HUGE = "99999999999"


@pytest.mark.parametrize(
    "url",
    [
        f"/outreach/campaigns/{HUGE}",
        f"/outreach/campaigns/{HUGE}/assign",
        f"/outreach/campaigns/{HUGE}/walk",
        f"/outreach/campaigns/{HUGE}/walk-list.json",
        f"/outreach/campaigns/{HUGE}/outcome",
    ],
)
def test_a_campaign_id_past_integer_is_not_found(client, url):
    login(client, "station_a")
    assert client.get(url).status_code == 404


def test_filters_and_forms_with_impossible_ids_answer_without_a_server_error(client, session):
    campaign = running_campaign(session, principal(session, "station_a"))
    login(client, "station_a")
    assert client.get(f"/outreach/households?grid={HUGE}").status_code == 200
    assert client.get(f"/outreach/campaigns/{campaign.id}/walk?team={HUGE}").status_code == 200
    assert (
        client.get(f"/outreach/campaigns/{campaign.id}/walk-list.json?team={HUGE}").status_code
        == 422
    )
    for grid, team in ((HUGE, "1"), ("²", "1"), ("1", HUGE)):
        answer = post_form(
            client, f"/outreach/campaigns/{campaign.id}/assign", {"grid_id": grid, "team_id": team}
        )
        assert answer.status_code == 422
    answer = post_form(client, f"/outreach/campaigns/{campaign.id}/release", {"grid_id": "٣"})
    assert answer.status_code == 422
    assert post_form(client, f"/outreach/campaigns/{HUGE}/start").status_code == 404
    assert (
        api_post(client, f"/outreach/campaigns/{HUGE}/visits/sync", {"visits": []}).status_code
        == 404
    )


def test_a_household_entered_with_an_impossible_grid_is_refused_on_the_form(client):
    login(client, "station_a")
    answer = post_form(
        client, "/outreach/households", {"grid_id": HUGE, "compound": "明珠苑", "room": "101"}
    )
    assert answer.status_code == 422
