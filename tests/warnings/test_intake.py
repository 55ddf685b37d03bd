"""Intake from platforms and banks: idempotent, validated per item, graded, routed."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from fanzha.app import create_app
from fanzha.db import session_scope
from fanzha.org.models import Grid, Unit
from fanzha.warnings.models import Warning
from fanzha.web.deps import get_session
from tests.helpers import make_api_key
from tests.warnings.factories import address_in, warning_payload

pytestmark = pytest.mark.usefixtures("city")


@pytest.fixture
def key(session) -> dict[str, str]:
    return {"X-API-Key": make_api_key(session)}


class TestOne:
    def test_a_new_warning_is_201_graded_and_routed(self, client, session, key):
        grid = session.scalars(select(Grid).order_by(Grid.id)).first()
        payload = warning_payload(address=address_in(session, grid.id), amount_fen=8_000_000)
        response = client.post("/api/v1/warnings", json=payload, headers=key)
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["grade"] == "high"
        assert body["grade_reasons"][0] == "涉及金额80,000元，达到高危标准50,000元"
        assert body["routed"] and body["unit_id"] == grid.unit_id
        stored = session.get(Warning, body["id"])
        assert stored.grid_id == grid.id and stored.person_phone.startswith("+86139")
        assert stored.sign_due_at > stored.received_at

    def test_the_same_warning_again_is_200_with_the_same_record(self, client, session, key):
        payload = warning_payload()
        first = client.post("/api/v1/warnings", json=payload, headers=key)
        again = client.post("/api/v1/warnings", json=payload, headers=key)
        assert (first.status_code, again.status_code) == (201, 200)
        # The new one is answered from what was written, the resent one read back: the same.
        assert first.json() == again.json()
        read = client.get(f"/api/v1/warnings/{first.json()['id']}", headers=key)
        assert read.json() == first.json()

    def test_money_moving_is_urgent_and_says_why(self, client, key):
        body = client.post(
            "/api/v1/warnings", headers=key, json=warning_payload(money_moving=True, on_call=True)
        ).json()
        assert body["grade"] == "urgent"
        assert body["grade_reasons"][:2] == ["资金正在转出", "正与涉诈号码通话"]

    def test_an_unknown_address_waits_in_the_centers_queue(self, client, session, key):
        body = client.post(
            "/api/v1/warnings", headers=key, json=warning_payload(address="火星市不存在路1号")
        ).json()
        root = session.scalar(select(Unit.id).where(Unit.parent_id.is_(None)))
        assert not body["routed"] and body["unit_id"] == root
        assert session.get(Warning, body["id"]).route_note == "地址未能匹配辖区，待中心人工分派"

    def test_a_non_local_phone_is_flagged_with_its_region(self, client, session, key):
        body = client.post(
            "/api/v1/warnings", headers=key, json=warning_payload(person_phone="13012345678")
        ).json()  # a Beijing number; the city is in 江苏省
        stored = session.get(Warning, body["id"])
        assert stored.non_local_phone and stored.phone_region

    @pytest.mark.parametrize(
        "change,field,message",
        [
            (
                {"person_phone": "1381234", "address": "", "person_id_number": None},
                "person_phone",
                "电话号码",
            ),
            ({"person_phone": None, "address": ""}, "_", "至少需要手机号、身份证号或地址之一"),
            ({"amount_fen": -1}, "amount_fen", "不能小于0"),
            ({"source": "twitter"}, "source", "不在可选范围内"),
        ],
    )
    def test_bad_input_is_a_422_in_chinese(self, client, key, change, field, message):
        response = client.post("/api/v1/warnings", headers=key, json=warning_payload(**change))
        assert response.status_code == 422
        errors = {e["field"]: e["message"] for e in response.json()["errors"]}
        assert message in errors[field]

    def test_users_without_the_intake_permission_are_refused(self, client, session):
        key = make_api_key(session, scopes=("org.read",))
        response = client.post(
            "/api/v1/warnings", json=warning_payload(), headers={"X-API-Key": key}
        )
        assert response.status_code == 403


class TestBatch:
    def test_valid_items_are_kept_and_invalid_ones_reported_by_index(self, client, session, key):
        items = [warning_payload(), warning_payload(person_phone="abc"), warning_payload()]
        items.append(dict(items[0]))  # the same warning twice in one batch
        response = client.post("/api/v1/warnings:batch", json={"items": items}, headers=key)
        assert response.status_code == 200
        body = response.json()
        assert (body["created"], body["existing"], body["rejected"]) == (2, 1, 1)
        outcomes = [(i["index"], i["outcome"]) for i in body["items"]]
        assert outcomes == [(0, "created"), (1, "rejected"), (2, "created"), (3, "existing")]
        assert body["items"][1]["errors"][0]["field"] == "person_phone"
        assert body["items"][3]["id"] == body["items"][0]["id"]

    def test_a_resent_batch_creates_nothing(self, client, key):
        items = [warning_payload() for _ in range(5)]
        first = client.post("/api/v1/warnings:batch", json={"items": items}, headers=key).json()
        again = client.post("/api/v1/warnings:batch", json={"items": items}, headers=key).json()
        assert first["created"] == 5 and again["existing"] == 5 and again["created"] == 0
        assert [i["id"] for i in first["items"]] == [i["id"] for i in again["items"]]

    def test_more_than_a_thousand_is_refused(self, client, key):
        response = client.post(
            "/api/v1/warnings:batch",
            headers=key,
            json={"items": [warning_payload() for _ in range(1001)]},
        )
        assert response.status_code == 422


class TestContentDuplicates:
    def test_same_person_same_fraudster_is_linked_and_not_worked_twice(self, client, key, session):
        first = client.post(
            "/api/v1/warnings",
            headers=key,
            json=warning_payload(person_phone="13900001111", fraudster_account="6222021234567890"),
        ).json()
        second = client.post(
            "/api/v1/warnings",
            headers=key,
            json=warning_payload(
                source="bank",
                person_phone="139 0000 1111",
                fraudster_account="6222 0212 3456 7890",
                fraudster_phone=None,
            ),
        ).json()
        assert second["status"] == "duplicate" and second["duplicate_of_id"] == first["id"]
        assert session.get(Warning, second["id"]).outcome == "duplicate"

    def test_the_same_person_with_another_fraudster_is_new_work(self, client, key):
        client.post(
            "/api/v1/warnings",
            headers=key,
            json=warning_payload(person_phone="13900002222", fraudster_phone="+8617000000001"),
        )
        other = client.post(
            "/api/v1/warnings",
            headers=key,
            json=warning_payload(person_phone="13900002222", fraudster_phone="+8617000000002"),
        ).json()
        assert other["status"] == "received"


def test_ten_concurrent_deliveries_of_one_warning_leave_one_record(own_engine):
    """Ten platform retries arriving at once, each in its own transaction: one row."""
    with Session(own_engine) as setup:
        plain = make_api_key(setup)
        setup.commit()
    payload = warning_payload(external_id="MPS-RACE-0001")
    app = create_app()
    factory = sessionmaker(bind=own_engine)
    app.dependency_overrides[get_session] = lambda: (yield from session_scope(factory))
    barrier = threading.Barrier(10)
    statuses: list[int] = []

    def deliver() -> None:
        with TestClient(app) as client:
            barrier.wait()
            statuses.append(
                client.post(
                    "/api/v1/warnings", json=payload, headers={"X-API-Key": plain}
                ).status_code
            )

    threads = [threading.Thread(target=deliver) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 9 + [201]
    with Session(own_engine) as check:
        count = check.scalar(
            select(func.count()).select_from(Warning).where(Warning.external_id == "MPS-RACE-0001")
        )
    assert count == 1
