"""A number in a path (`/cases/{case_id:int}`) matches at most 18 digits: a longer one is no
page (404), never a 500 from `int()` of thousands of digits, signed in or not."""

from __future__ import annotations

import pytest

from fanzha.app import create_app
from fanzha.web import BoundedIntConvertor
from fanzha.web.edge import walk_routes
from tests.helpers import login


def test_every_integer_in_a_path_is_bounded():
    convertors = [
        (route.path, convertor)
        for route in walk_routes(create_app().routes)
        for convertor in getattr(route, "param_convertors", {}).values()
        if convertor.regex.startswith("[0-9]")
    ]
    assert convertors
    assert all(isinstance(c, BoundedIntConvertor) for _, c in convertors), [
        path for path, c in convertors if not isinstance(c, BoundedIntConvertor)
    ]


@pytest.mark.parametrize("digits", [19, 4301, 5000])
@pytest.mark.parametrize("signed_in", [False, True])
def test_a_path_number_of_many_digits_is_no_page(client, city, digits, signed_in):
    if signed_in:
        login(client, "station_a")
    for path in (f"/cases/{'9' * digits}", f"/outreach/campaigns/{'9' * digits}/visits"):
        answer = client.get(path)
        assert answer.status_code == 404, (path[:30], answer.status_code)
