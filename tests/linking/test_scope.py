"""Analysis follows unit scope: the city sees every gang; a 分局 sees the gangs with a case of
its own, the other units' cases counted but never shown or linked; anything else is an audited
404, on the page and on its .xlsx. Changes to at-risk people are audited."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.cases.models import Case
from fanzha.cases.schemas import CaseIn, TransferIn
from fanzha.cases.service import create_case
from fanzha.linking.exclusions import add_exclusion
from fanzha.linking.gangs import gang_of_case
from fanzha.linking.models import (
    AtRiskKind,
    AtRiskPerson,
    AtRiskStatus,
    Gang,
    GangStatus,
    Indicator,
    IndicatorKind,
)
from fanzha.masking import mask_bank_account
from fanzha.org.models import Unit, UnitKind
from tests.helpers import audit_entries, login, post_form, unit_of
from tests.linking.test_linking import SYSTEM, T0, account

pytestmark = pytest.mark.usefixtures("city")

_serial = itertools.count(1)


def case_at(session: Session, unit: Unit, *accounts: str) -> Case:
    n = next(_serial)
    transfers = [
        TransferIn(
            at=T0 + timedelta(minutes=n),
            amount_fen=5_000_00,
            payer_account=f"6228{n:015d}",
            receiving_account=a,
        )
        for a in accounts
    ]
    data = CaseIn(victim_name="陈晓梅", story="刷单返利", transfers=transfers)
    return create_case(session, SYSTEM, data, unit_id=unit.id)


def other_branch_station(session: Session) -> Unit:
    own = unit_of(session, "branch_leader")
    return session.scalars(
        select(Unit)
        .where(Unit.kind == UnitKind.station, Unit.path.not_like(own.path + "%"))
        .order_by(Unit.id)
    ).first()


@pytest.fixture
def gangs(session: Session) -> dict:
    """A gang of one case of branch_leader's 分局 and two of another 分局's; and a gang of the
    other 分局's cases only."""
    mine, theirs = unit_of(session, "station_a"), other_branch_station(session)
    shared, far = account(9101), account(9102)
    own_case = case_at(session, mine, shared)
    other_cases = [case_at(session, theirs, shared), case_at(session, theirs, shared)]
    foreign = [case_at(session, theirs, far), case_at(session, theirs, far)]
    session.flush()
    mixed = gang_of_case(session, own_case.id)
    elsewhere = gang_of_case(session, foreign[0].id)
    assert mixed is not None and elsewhere is not None and mixed.id != elsewhere.id
    return {
        "mixed": mixed,
        "elsewhere": elsewhere,
        "own_case": own_case,
        "other_cases": other_cases,
        "shared": shared,
    }


def linked_cases(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'href="/cases/(\d+)', html)}


class TestBranchLeader:
    def test_sees_own_gang_with_the_other_units_cases_masked_and_counted(self, client, gangs):
        login(client, "branch_leader")
        page = client.get(f"/analysis/gangs/{gangs['mixed'].id}")
        assert page.status_code == 200
        assert gangs["own_case"].case_no in page.text
        for other in gangs["other_cases"]:
            assert other.case_no not in page.text
        assert "另有 2 起其他单位案件" in page.text
        # Every case link on the page is one the leader may open.
        assert linked_cases(page.text) == {gangs["own_case"].id}

    def test_another_branchs_gang_is_a_404_page_and_export_and_both_are_audited(
        self, client, session, gangs
    ):
        login(client, "branch_leader")
        gang: Gang = gangs["elsewhere"]
        assert client.get(f"/analysis/gangs/{gang.id}").status_code == 404
        assert client.get(f"/analysis/gangs/{gang.id}.xlsx").status_code == 404
        assert client.get(f"/analysis/gangs/{gang.id}/network").status_code == 404
        denied = audit_entries(
            session, "access.denied", target_type="gangs", target_id=str(gang.id)
        )
        assert len(denied) == 3
        assert denied[0].actor_name == "分局领导"

    def test_the_analysis_pages_link_only_to_pages_the_leader_may_open(self, client, gangs):
        # A leader reads analysis but answers no leads: no 线索 button that would answer 403.
        login(client, "branch_leader")
        page = client.get("/analysis/gangs")
        assert page.status_code == 200
        assert 'href="/leads"' not in page.text
        assert client.get("/leads").status_code == 403

    def test_the_gang_list_shows_only_gangs_with_a_case_of_the_branch(self, client, gangs):
        login(client, "branch_leader")
        page = client.get("/analysis/gangs")
        assert f'href="/analysis/gangs/{gangs["mixed"].id}"' in page.text
        assert f'href="/analysis/gangs/{gangs["elsewhere"].id}"' not in page.text

    def test_the_export_masks_and_counts_the_other_units_cases(self, client, session, gangs):
        login(client, "branch_leader")
        response = client.get(f"/analysis/gangs/{gangs['mixed'].id}.xlsx")
        assert response.status_code == 200
        book = load_workbook(BytesIO(response.content))
        cells = {str(c.value) for sheet in book for row in sheet.iter_rows() for c in row}
        text = " ".join(cells)
        assert gangs["own_case"].case_no in cells
        for other in gangs["other_cases"]:
            assert other.case_no not in text
        assert "另有 2 起其他单位案件" in cells
        [entry] = audit_entries(
            session, "gang.exported", target_type="gangs", target_id=str(gangs["mixed"].id)
        )
        assert entry.detail["other_units_cases"] == 2

    def test_the_indicator_page_lists_own_cases_and_counts_the_rest(self, client, session, gangs):
        value = session.scalar(select(Indicator).where(Indicator.value == gangs["shared"]))
        login(client, "branch_leader")
        page = client.get(f"/analysis/indicators/{value.id}")
        assert page.status_code == 200
        assert linked_cases(page.text) == {gangs["own_case"].id}
        assert "另有 2 起其他单位案件" in page.text


def test_the_duty_officer_sees_the_city(client, gangs):
    login(client, "duty")
    page = client.get(f"/analysis/gangs/{gangs['mixed'].id}")
    assert page.status_code == 200
    expected = {gangs["own_case"].id} | {c.id for c in gangs["other_cases"]}
    assert linked_cases(page.text) == expected
    assert "其他单位案件" not in page.text
    assert client.get(f"/analysis/gangs/{gangs['elsewhere'].id}").status_code == 200


@pytest.fixture
def person(session: Session, gangs) -> AtRiskPerson:
    value = session.scalar(select(Indicator).where(Indicator.value == gangs["shared"]))
    found = AtRiskPerson(
        evidence_key=f"test-scope-{value.id}",
        kind=AtRiskKind.payer,
        status=AtRiskStatus.needs_identity,
        person_account="6222000000000009999",
        indicator_id=value.id,
        case_id=gangs["other_cases"][0].id,
        evidence_at=clock.now(),
    )
    session.add(found)
    session.flush()
    return found


class TestAtRiskPeople:
    def test_entering_contact_details_is_audited_without_the_details(self, client, session, person):
        login(client, "analyst")
        response = post_form(
            client,
            f"/analysis/at-risk/{person.id}/identity",
            {"name": "孙小明", "phone": "13600001234", "address": "示例市东路1号"},
        )
        assert response.status_code == 303  # a reload of the page it lands on sends nothing
        assert "已补充联系方式" in client.get(response.headers["location"]).text
        [entry] = audit_entries(
            session, "at_risk.identity", target_type="at_risk_people", target_id=str(person.id)
        )
        assert entry.actor_name == "研判员"
        assert set(entry.detail["changed_fields"]) == {"person_name", "person_phone", "address"}
        logged = f"{entry.summary} {entry.detail}"
        assert "孙小明" not in logged and "13600001234" not in logged and "东路" not in logged

    def test_not_pushing_is_audited_with_the_reason(self, client, session, person):
        login(client, "analyst")
        response = post_form(
            client, f"/analysis/at-risk/{person.id}/dismiss", {"reason": "本人已报案"}
        )
        assert response.status_code == 303
        [entry] = audit_entries(
            session, "at_risk.transition", target_type="at_risk_people", target_id=str(person.id)
        )
        assert entry.actor_name == "研判员"
        assert entry.detail["to"] == "dismissed" and entry.detail["reason"] == "本人已报案"

    def test_a_branch_does_not_see_another_branchs_person(self, client, session, person):
        login(client, "branch_leader")
        page = client.get("/analysis/at-risk")
        assert page.status_code == 200
        shown = mask_bank_account(person.person_account)  # masked on the page
        assert shown not in page.text
        login(client, "duty")
        assert shown in client.get("/analysis/at-risk").text


def test_the_center_still_opens_a_dissolved_gang(client, session):
    # Two cases of one station linked by one account; once the account may not link, the gang
    # is dissolved and belongs to no unit's case any more.
    station = unit_of(session, "station_a")
    shared = account(9103)
    first = case_at(session, station, shared)
    case_at(session, station, shared)
    session.flush()
    gang = gang_of_case(session, first.id)
    add_exclusion(
        session, SYSTEM, kind=IndicatorKind.account, pattern=shared, reason="银行公共过渡账户"
    )
    session.flush()
    session.refresh(gang)
    assert gang.status == GangStatus.dissolved

    login(client, "analyst")
    page = client.get(f"/analysis/gangs/{gang.id}")
    assert page.status_code == 200
    assert audit_entries(session, "access.denied", target_type="gangs") == []
