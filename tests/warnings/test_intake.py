"""Intake from platforms and banks: idempotent, validated per item, graded, routed."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from fanzha.app import create_app
from fanzha.db import session_scope
from fanzha.i18n import zh_CN
from fanzha.org.models import Grid, Unit
from fanzha.warnings.models import Warning
from fanzha.web.deps import get_session
from tests.helpers import login, make_api_key, post_form
from tests.warnings.factories import address_in, warning_payload

pytestmark = pytest.mark.usefixtures("city")

NUL_MESSAGE = zh_CN.VALIDATION["control_char"]


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

    def test_every_optional_field_may_be_empty_or_null(self, client, session, key):
        optional = {
            "person_name": "",
            "person_id_number": None,
            "address": None,
            "fraud_type": "",
            "fraudster_phone": "",
            "fraudster_account": None,
            "fraud_app": None,
            "fraud_url": "",
            "amount_fen": None,
            "money_moving": None,
            "on_call": "",
            "note": None,
        }
        response = client.post("/api/v1/warnings", headers=key, json=warning_payload(**optional))
        assert response.status_code == 201, response.text
        stored = session.get(Warning, response.json()["id"])
        assert (stored.fraud_app, stored.fraud_type, stored.amount_fen, stored.note) == (
            None,
            "other",
            0,
            "",
        )

    @pytest.mark.parametrize("field", ["note", "fraud_app", "person_name", "address"])
    def test_a_nul_byte_is_a_422_naming_the_field(self, client, key, field):
        response = client.post(
            "/api/v1/warnings", headers=key, json=warning_payload(**{field: "a\x00b"})
        )
        assert response.status_code == 422
        assert response.json()["errors"] == [{"field": field, "message": NUL_MESSAGE}]

    @pytest.mark.parametrize(
        "issued_at", ["0001-01-01T00:00:00", "9999-12-31T23:59:59-14:00", "1899-12-31T23:00:00Z"]
    )
    def test_a_time_no_one_can_mean_is_a_422_not_a_poisoned_board(
        self, client, session, key, issued_at
    ):
        # Stored, year 1 Shanghai time reads back as year 0 UTC: every page listing it failed.
        payload = warning_payload(issued_at=issued_at)
        response = client.post("/api/v1/warnings", headers=key, json=payload)
        assert response.status_code == 422, response.text
        [error] = response.json()["errors"]
        assert error["field"] == "issued_at" and "时间超出范围" in error["message"]

    def test_users_without_the_intake_permission_are_refused(self, client, session):
        key = make_api_key(session, scopes=("org.read",))
        response = client.post(
            "/api/v1/warnings", json=warning_payload(), headers={"X-API-Key": key}
        )
        assert response.status_code == 403


class TestManualEntry:
    """录入预警: the officer fills what is known and leaves the rest empty."""

    def test_only_the_phone_filled_in_is_enough(self, client, session):
        login(client, "admin")
        form = {
            "source": "walk_in",
            "fraud_type": "",
            "person_name": "",
            "person_phone": "13912340000",
            "person_id_number": "",
            "address": "",
            "fraudster_phone": "",
            "fraudster_account": "",
            "fraud_app": "",  # 涉诈APP left empty
            "fraud_url": "",
            "amount_yuan": "",
            "note": "",
        }
        response = post_form(client, "/warnings/new", form)
        assert response.status_code == 303, response.text
        stored = session.get(Warning, int(response.headers["location"].rsplit("/", 1)[1]))
        assert stored.person_phone == "+8613912340000" and stored.fraud_app is None

    def test_a_nul_byte_is_shown_beside_its_field(self, client):
        login(client, "admin")
        response = post_form(
            client,
            "/warnings/new",
            {"source": "walk_in", "person_phone": "13912340001", "note": "a\x00b"},
        )
        assert response.status_code == 422
        assert NUL_MESSAGE in response.text

    @pytest.mark.parametrize("amount", ["-5", "999999999999999999"])
    def test_an_amount_out_of_range_is_shown_beside_the_amount(self, client, amount):
        login(client, "admin")
        response = post_form(
            client,
            "/warnings/new",
            {"source": "walk_in", "person_phone": "13912340002", "amount_yuan": amount},
        )
        assert response.status_code == 422
        # The form names the field amount_yuan; the error (on amount_fen) used to be lost.
        assert 'id="e-amount_yuan"' in response.text
        assert amount in response.text  # what was typed is kept


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

    def test_one_bad_item_among_a_thousand_sinks_nothing_and_a_retry_is_idempotent(
        self, client, session, key
    ):
        items = [warning_payload() for _ in range(998)]
        items.insert(500, warning_payload(fraud_app=None))  # null means "not given": kept
        items.insert(700, warning_payload(note="转账\x00备注"))  # PostgreSQL cannot store NUL
        first = client.post("/api/v1/warnings:batch", json={"items": items}, headers=key)
        again = client.post("/api/v1/warnings:batch", json={"items": items}, headers=key)
        assert (first.status_code, again.status_code) == (200, 200)
        body, resent = first.json(), again.json()
        assert (body["created"], body["existing"], body["rejected"]) == (999, 0, 1)
        assert (resent["created"], resent["existing"], resent["rejected"]) == (0, 999, 1)
        for answer in (body, resent):
            assert answer["items"][700] == {
                "index": 700,
                "outcome": "rejected",
                "id": None,
                "errors": [{"field": "note", "message": NUL_MESSAGE}],
            }
        assert [i["id"] for i in body["items"]] == [i["id"] for i in resent["items"]]
        stored = session.scalar(
            select(func.count())
            .select_from(Warning)
            .where(Warning.external_id.in_([i["external_id"] for i in items]))
        )
        assert stored == 999

    def test_items_that_are_not_objects_are_reported_by_index(self, client, key):
        items = [warning_payload(), None, "MPS-1", [1, 2], warning_payload()]
        body = client.post("/api/v1/warnings:batch", json={"items": items}, headers=key).json()
        assert [i["outcome"] for i in body["items"]] == [
            "created",
            "rejected",
            "rejected",
            "rejected",
            "created",
        ]
        assert body["items"][1]["errors"] == [
            {"field": "_", "message": "应为一个对象（JSON object）"}
        ]

    def test_an_unpaired_surrogate_is_reported_not_a_server_error(self, client, key):
        # "\ud800" is valid JSON but no UTF-8 text: PostgreSQL would refuse the whole batch.
        raw = json.dumps(
            {
                "items": [
                    warning_payload(),
                    warning_payload(note="\ud800"),
                    warning_payload(person_phone="139\ud800"),
                ]
            }
        )
        response = client.post(
            "/api/v1/warnings:batch",
            content=raw,
            headers={**key, "Content-Type": "application/json"},
        )
        assert response.status_code == 200
        outcomes = [(i["outcome"], i["errors"]) for i in response.json()["items"]]
        assert outcomes == [
            ("created", []),
            ("rejected", [{"field": "note", "message": "含有无效字符，无法保存"}]),
            ("rejected", [{"field": "person_phone", "message": "含有无效字符，无法保存"}]),
        ]

    def test_the_openapi_documents_items_and_per_item_results(self, client):
        spec = client.get("/api/openapi.json").json()
        operation = spec["paths"]["/api/v1/warnings:batch"]["post"]
        body_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        batch_in = spec["components"]["schemas"][body_ref.rsplit("/", 1)[1]]
        assert batch_in["properties"]["items"]["items"]["$ref"].endswith("/WarningIn")
        assert batch_in["properties"]["items"]["maxItems"] == 1000
        item_out = spec["components"]["schemas"]["BatchItemOut"]
        assert item_out["properties"]["outcome"]["enum"] == ["created", "existing", "rejected"]

    def test_more_than_a_thousand_is_refused(self, client, key):
        response = client.post(
            "/api/v1/warnings:batch",
            headers=key,
            json={"items": [warning_payload() for _ in range(1001)]},
        )
        assert response.status_code == 422


# Values a platform might send for any field: good ones, empty ones, wrong types, text that
# PostgreSQL cannot store, and sizes at and past every column's width.
_ANY_VALUE = st.one_of(
    st.none(),
    st.just(""),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.text(max_size=300),
    st.sampled_from(
        [
            "13912345678",
            "+8617012345678",
            "95588",
            "110101199003074578",
            "6222021234567890",
            "例子.中国",
            ("a" * 63 + ".") * 4 + "cn",
            "2026-11-23 14:05",
            "9999-12-31T23:59:59-23:59",
            "investment",
            "bank",
            "a\x00b",
            "\ud800",
        ]
    ),
)
_FIELDS = [*warning_payload().keys(), "person_id_number", "fraud_app", "fraud_url", "note"]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.dictionaries(st.sampled_from(_FIELDS), _ANY_VALUE), min_size=1, max_size=8))
def test_any_batch_is_answered_item_by_item(client, key, changes: list[dict[str, Any]]):
    """Whatever the items hold, the batch is a 200 and each item stored (new, or already
    received) or rejected with a reason."""
    items = [warning_payload(**change) for change in changes]
    raw = json.dumps({"items": items})
    headers = {**key, "Content-Type": "application/json"}
    response = client.post("/api/v1/warnings:batch", content=raw, headers=headers)
    assert response.status_code == 200, response.text
    outcomes = [i["outcome"] for i in response.json()["items"]]
    assert len(outcomes) == len(items)
    for item in response.json()["items"]:
        assert (item["outcome"] == "rejected") == (item["id"] is None)
        assert all(e["message"] for e in item["errors"])


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
    app = create_app(warm_up=False)
    factory = sessionmaker(bind=own_engine)
    app.dependency_overrides[get_session] = lambda: (yield from session_scope(factory))
    # A thread that fails before the barrier breaks it for the others (a timeout), and its
    # error is raised here by result(): the test fails, never waits forever.
    barrier = threading.Barrier(10, timeout=60)

    def deliver() -> int:
        with TestClient(app) as client:
            barrier.wait()
            return client.post(
                "/api/v1/warnings", json=payload, headers={"X-API-Key": plain}
            ).status_code

    with ThreadPoolExecutor(10) as pool:
        deliveries = [pool.submit(deliver) for _ in range(10)]
        statuses = [delivery.result() for delivery in deliveries]
    assert sorted(statuses) == [200] * 9 + [201]
    with Session(own_engine) as check:
        count = check.scalar(
            select(func.count()).select_from(Warning).where(Warning.external_id == "MPS-RACE-0001")
        )
    assert count == 1
