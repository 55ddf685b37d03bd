"""Working a warning: sign, attempts, 转上门, one claimant, feedback, the board."""

from __future__ import annotations

import io
import re
import threading
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.org.models import Grid, Unit
from fanzha.warnings import intake, ladder
from fanzha.warnings.models import DoorVisitTask, Outcome, TaskStatus, Warning
from fanzha.warnings.schemas import WarningIn
from tests.helpers import audit_entries, csrf_token, login, make_api_key, unit_of, user
from tests.warnings.factories import address_in, warning_payload

pytestmark = pytest.mark.usefixtures("city")


def _grid_under(session: Session, username: str) -> Grid:
    unit = unit_of(session, username)
    return session.scalars(
        select(Grid)
        .join(Unit, Unit.id == Grid.unit_id)
        .where(Unit.path.like(unit.path + "%"))
        .order_by(Grid.id)
    ).first()


def receive(session: Session, username: str = "dissuader_a", **overrides) -> Warning:
    """A warning routed into the grid of a demo user's unit."""
    grid = _grid_under(session, username)
    payload = warning_payload(address=address_in(session, grid.id), **overrides)
    [(warning_id, _)] = intake.store(session, Principal.system(), [WarningIn(**payload)])
    return session.get(Warning, warning_id)


def htmx(client) -> dict[str, str]:
    return {"HX-Request": "true", "X-CSRF-Token": csrf_token(client)}


def attempt(client, warning: Warning, kind: str, result: str):
    return client.post(
        f"/warnings/{warning.id}/attempts",
        data={"kind": kind, "result": result},
        headers=htmx(client),
    )


class TestLadder:
    def test_sign_then_three_failed_calls_offer_a_door_visit(self, client, session):
        warning = receive(session)
        login(client, "station_a")
        assert client.post(f"/warnings/{warning.id}/sign", headers=htmx(client)).status_code == 200
        session.refresh(warning)
        assert warning.status == "signed" and warning.signed_at is not None
        attempt(client, warning, "call_96110", "no_answer")
        attempt(client, warning, "sms_12381", "sent")
        attempt(client, warning, "call_96110", "busy")
        assert "建议转上门" not in attempt(client, warning, "call_96110", "powered_off").text
        offered = attempt(client, warning, "call_own", "rejected")
        assert "已连续三次联系不上，建议转上门" in offered.text
        session.refresh(warning)
        assert warning.attempt_count == 5 and warning.status == "contacting"
        assert warning.first_contact_at is not None
        assert (
            len(audit_entries(session, "warning.attempt.recorded", target_id=str(warning.id))) == 5
        )

    def test_door_visit_task_is_claimed_once_and_the_claimant_sees_the_person(
        self, client, session
    ):
        warning = receive(session)
        login(client, "station_a")
        client.post(f"/warnings/{warning.id}/door-visit", headers=htmx(client))
        task = session.scalar(select(DoorVisitTask).where(DoorVisitTask.warning_id == warning.id))
        assert task.status == "open" and task.grid_id == warning.grid_id
        client.cookies.clear()
        login(client, "dissuader_a")
        field = client.get("/field?tab=open").text
        assert f"/warnings/tasks/{task.id}/claim" in field
        assert warning.person_phone not in field  # masked until claimed
        claimed = client.post(
            f"/warnings/tasks/{task.id}/claim", data={"csrf_token": csrf_token(client)}
        )
        assert claimed.status_code == 303
        page = client.get(f"/warnings/{warning.id}").text
        assert f'href="tel:{warning.person_phone}"' in page
        assert audit_entries(session, "pii.viewed", target_id=str(warning.id))
        again = client.post(
            f"/warnings/tasks/{task.id}/claim", data={"csrf_token": csrf_token(client)}
        )
        assert again.status_code == 409 and "该任务已被他人认领" in again.text

    def test_dissuaded_with_money_protected_closes_the_warning_and_its_task(self, client, session):
        warning = receive(session)
        login(client, "station_a")
        client.post(f"/warnings/{warning.id}/door-visit", headers=htmx(client))
        response = client.post(
            f"/warnings/{warning.id}/outcome",
            headers=htmx(client),
            data={"outcome": "dissuaded", "protected_yuan": "47万", "note": "见面劝阻成功"},
        )
        assert response.status_code == 200
        session.refresh(warning)
        assert (warning.status, warning.outcome, warning.protected_fen) == (
            "closed",
            "dissuaded",
            47_000_000,
        )
        task = session.scalar(select(DoorVisitTask).where(DoorVisitTask.warning_id == warning.id))
        assert task.status == TaskStatus.done
        late = attempt(client, warning, "call_96110", "connected")
        assert late.status_code == 409

    def test_money_protected_only_when_dissuaded(self, client, session):
        warning = receive(session)
        login(client, "station_a")
        response = client.post(
            f"/warnings/{warning.id}/outcome",
            headers=htmx(client),
            data={"outcome": "cannot_find", "protected_yuan": "100"},
        )
        assert response.status_code == 422
        assert "只有“已劝阻”可以填写挽回金额" in response.text

    def test_signing_twice_is_an_illegal_transition(self, client, session):
        warning = receive(session)
        login(client, "station_a")
        client.post(f"/warnings/{warning.id}/sign", headers=htmx(client))
        response = client.post(f"/warnings/{warning.id}/sign", headers=htmx(client))
        assert response.status_code == 409
        assert "预警当前为“已签收”，不能变为“已签收”" in response.text

    def test_a_sibling_station_cannot_work_it(self, client, session):
        warning = receive(session)
        login(client, "station_b")
        assert client.get(f"/warnings/{warning.id}").status_code == 404
        assert client.post(f"/warnings/{warning.id}/sign", headers=htmx(client)).status_code == 404

    def test_the_center_routes_an_unmatched_address_by_hand(self, client, session):
        [(wid, _)] = intake.store(
            session, Principal.system(), [WarningIn(**warning_payload(address="不存在的地方88号"))]
        )
        warning = session.get(Warning, wid)
        assert not warning.routed
        login(client, "duty")
        grid = _grid_under(session, "dissuader_a")
        client.post(f"/warnings/{wid}/route", data={"grid_id": grid.id}, headers=htmx(client))
        session.refresh(warning)
        assert warning.routed and warning.unit_id == grid.unit_id
        assert audit_entries(session, "warning.rerouted", target_id=str(wid))

    def test_a_closed_warning_cannot_be_routed_again(self, client, session):
        warning = receive(session)
        ladder.close(session, Principal.system(), warning, outcome=Outcome.dissuaded)
        unit_id = warning.unit_id
        login(client, "duty")
        grid = _grid_under(session, "station_b")
        response = client.post(
            f"/warnings/{warning.id}/route", data={"grid_id": grid.id}, headers=htmx(client)
        )
        assert response.status_code == 409
        assert "该预警已反馈或为重复预警，不能再分派" in response.text
        session.refresh(warning)
        assert warning.unit_id == unit_id
        assert not audit_entries(session, "warning.rerouted", target_id=str(warning.id))


def test_concurrent_claims_have_one_winner(own_engine):
    with Session(own_engine) as setup:
        warning = receive(setup)
        system = Principal.system()
        task = ladder.escalate_to_door_visit(setup, system, warning)
        setup.commit()
        task_id = task.id
        claimants = [user(setup, name).id for name in ("dissuader_a", "station_a", "admin")]
    barrier = threading.Barrier(len(claimants) * 2)
    outcomes: list[str] = []

    def try_claim(user_id: int) -> None:
        with Session(own_engine) as session:
            actor = Principal(
                kind="user",
                id=user_id,
                name=str(user_id),
                unit_id=None,
                unit_path="",
                permissions=frozenset(),
            )
            task = session.get(DoorVisitTask, task_id)
            barrier.wait()
            try:
                ladder.claim(session, actor, task)
                session.commit()
                outcomes.append("won")
            except ladder.AlreadyClaimed:
                session.rollback()
                outcomes.append("lost")

    threads = [threading.Thread(target=try_claim, args=(uid,)) for uid in claimants * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["lost"] * 5 + ["won"]
    with Session(own_engine) as check:
        assert check.get(DoorVisitTask, task_id).claimed_by_id in claimants


class TestBoard:
    def test_counts_grades_and_overdue_in_scope(self, client, session):
        urgent = receive(session, money_moving=True)
        receive(session)
        urgent.sign_due_at = clock.now() - timedelta(minutes=1)
        session.flush()
        login(client, "station_a")
        page = client.get("/warnings").text
        assert 'id="count-urgent">1<' in page
        assert "签收超时" in page
        table = page[page.index('id="board-rows"') :]
        first_row = re.search(r'data-id="(\d+)"', table)
        assert first_row and int(first_row.group(1)) == urgent.id  # urgent first
        assert urgent.person_phone not in page  # masked on the board
        client.cookies.clear()
        login(client, "station_b")
        assert 'id="count-urgent">0<' in client.get("/warnings").text

    def test_filters(self, client, session):
        receive(session, money_moving=True)
        login(client, "station_a")
        page = client.get("/warnings", params={"grade": "low"}).text
        assert 'grade-urgent" data-id' not in page


class TestFeedback:
    def test_the_platform_pulls_outcomes_after_its_cursor(self, client, session):
        key = {"X-API-Key": make_api_key(session)}
        warning = receive(session)
        ladder.close(
            session, Principal.system(), warning, outcome="dissuaded", protected_fen=123_400
        )
        session.flush()
        pulled = client.get("/api/v1/warnings/feedback", headers=key).json()
        mine = [f for f in pulled if f["id"] == warning.id]
        assert mine and mine[0]["outcome"] == "dissuaded" and mine[0]["protected_fen"] == 123_400
        cursor = mine[0]["cursor"]
        after = client.get(
            "/api/v1/warnings/feedback", params={"after": cursor}, headers=key
        ).json()
        assert all(f["cursor"] > cursor for f in after)
        assert warning.id not in {f["id"] for f in after}

    def test_the_excel_feedback_sheet(self, client, session):
        warning = receive(session)
        ladder.close(session, Principal.system(), warning, outcome="not_applicable")
        session.flush()
        login(client, "duty")
        response = client.get("/warnings/feedback.xlsx")
        assert response.status_code == 200
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert rows[0][:4] == ("来源", "预警编号", "等级", "反馈结果")
        assert (warning.external_id, "不符") in {(r[1], r[3]) for r in rows[1:]}
