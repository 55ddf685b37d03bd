"""Admins browse and filter the audit log; nobody else reads it."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction, AuditEntry
from tests.helpers import audit_entries, login, staff_in, unit_of

pytestmark = pytest.mark.usefixtures("city")


def test_admin_filters_by_action_and_actor(client):
    login(client, "duty", "wrong-password")
    login(client, "admin")
    page = client.get("/admin/audit", params={"action": "auth.login.failed"})
    assert page.status_code == 200
    assert "登录失败" in page.text and "密码错误" in page.text
    assert 'data-action="auth.login.succeeded"' not in page.text
    by_actor = client.get("/admin/audit", params={"actor_name": "系统管理员"}).text
    assert 'data-action="auth.login.succeeded"' in by_actor
    assert 'data-action="auth.login.failed"' not in by_actor


def test_dates_filter_whole_days_in_shanghai_time(client):
    login(client, "admin")
    none = client.get("/admin/audit", params={"since": "2001-01-01", "until": "2001-01-02"})
    assert "没有符合条件的记录" in none.text


def test_the_json_api_pages_newest_first(client):
    login(client, "admin")
    body = client.get("/api/v1/audit", params={"limit": 5}).json()
    ids = [item["id"] for item in body["items"]]
    assert ids == sorted(ids, reverse=True)
    assert body["total"] >= len(ids) > 0


@pytest.mark.parametrize("username", ["duty", "leader", "station_a"])
def test_others_cannot_read_it(client, username):
    login(client, username)
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/api/v1/audit").status_code == 403


class TestRefusalsStayInTheTest:
    """Production writes a refusal's entry in a transaction of its own; the tests route it into
    their rolled-back transaction, where it must still outlive the refused request."""

    def test_a_refused_access_is_audited_but_never_committed(self, client, session, engine):
        sibling = staff_in(session, unit_of(session, "station_b"))
        login(client, "station_a")
        assert client.get(f"/org/staff/{sibling.id}").status_code == 404
        denied = audit_entries(
            session, "access.denied", target_type="staff", target_id=str(sibling.id)
        )
        assert len(denied) == 1
        with engine.connect() as outside:  # what the next test would see
            committed = outside.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action == "access.denied")
            )
        assert committed == 0

    def test_an_entry_outlives_each_rollback_around_it_exactly_once(self, session):
        nested = session.begin_nested()
        audit.record(session, None, AuditAction.access_denied, target_type="probe", detached=True)
        nested.rollback()
        assert len(audit_entries(session, "access.denied", target_type="probe")) == 1
        session.rollback()
        assert len(audit_entries(session, "access.denied", target_type="probe")) == 1


def test_the_object_reads_in_chinese_and_its_type_is_a_choice(client, session):
    login(client, "admin")
    audit.record(session, None, AuditAction.pii_viewed, target_type="cases", target_id=3334)
    page = client.get("/admin/audit", params={"target_type": "cases", "target_id": "3334"}).text
    assert '<a href="/cases/3334">案件 3334</a>' in page and "cases #3334" not in page
    assert '<select id="f-target_type" name="target_type"' in page
    assert '<option value="cases" selected>案件</option>' in page


def test_the_export_link_carries_the_filters_and_exports_those_entries(client, session):
    login(client, "duty", "wrong-password")
    login(client, "admin")
    page = client.get("/admin/audit", params={"action": "auth.login.failed"}).text
    assert 'href="/admin/audit?action=auth.login.failed&amp;export=xlsx"' in page
    export = client.get("/admin/audit", params={"action": "auth.login.failed", "export": "xlsx"})
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][3] == "操作" and {r[3] for r in rows[1:]} == {"登录失败"}
