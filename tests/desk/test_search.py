"""The global search: what an officer finds by a phone, a name or its initials, within scope,
and the audit trail a search for a person leaves (without the person)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanzha.desk.search import read_query
from fanzha.identifiers import name_initials
from tests.desk.records import receive
from tests.helpers import audit_entries, login

pytestmark = pytest.mark.usefixtures("city")


def test_a_phone_written_any_way_finds_the_warning_and_the_search_is_audited_without_it(
    client, session
):
    warning = receive(session, "station_a", person_name="欧阳春花", person_phone="13912340001")
    login(client, "station_a")
    page = client.get("/search", params={"q": "139-1234-0001"})
    assert page.status_code == 200
    assert f'href="/warnings/{warning.id}"' in page.text
    assert "13912340001" not in page.text  # masked in the results
    [entry] = audit_entries(session, "search.personal")
    assert "phone" in entry.detail["kinds"] and entry.detail["hits"] == 1
    assert "1234" not in entry.summary and "1234" not in str(entry.detail)


def test_pinyin_initials_and_a_name_prefix_find_the_person(client, session):
    warning = receive(session, "station_a", person_name="诸葛秋菊")
    assert warning.person_name_initials == "zgqj"
    login(client, "station_a")
    for query in ("zgqj", "ZGQ", "诸葛秋"):
        page = client.get("/search", params={"q": query}).text
        assert f'href="/warnings/{warning.id}"' in page, query


def test_a_sibling_station_does_not_find_another_stations_warning(client, session):
    warning = receive(session, "station_a", person_phone="13912340002")
    login(client, "station_b")
    page = client.get("/search", params={"q": "13912340002"}).text
    assert f"/warnings/{warning.id}" not in page
    assert "没有找到匹配的记录" in page


def test_a_case_number_is_not_a_personal_search(client, session):
    login(client, "duty")
    page = client.get("/search", params={"q": "AJ2026"})
    assert page.status_code == 200
    assert audit_entries(session, "search.personal") == []


def test_names_keep_their_initials_on_every_path():
    assert name_initials("张 三丰") == "zsf"
    assert name_initials("") == ""
    assert name_initials("Li雷") == "lil"


@given(st.text(max_size=80))
def test_any_typed_text_is_read_without_error(raw):
    query = read_query(raw)
    assert len(query.text) <= 64
    assert not query.phone or query.phone.startswith("+") or query.phone.isdigit()
