"""The station's lead feedback form: every input has a visible label and starts empty."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.linking import leads
from fanzha.org.models import Unit
from tests.helpers import csrf_token, login, unit_of
from tests.linking.test_linking import SYSTEM

pytestmark = pytest.mark.usefixtures("city")


def test_the_feedback_inputs_are_labelled_empty_and_may_stay_empty(client, session: Session):
    lead = leads.send_lead(
        session,
        SYSTEM,
        unit_id=unit_of(session, "station_a").id,
        title="核查收款账户持卡人",
        content="请核查",
        due_at=clock.now() + timedelta(hours=2),
    )
    login(client, "station_a")
    # The inbox's 反馈 opens the lead's own page, where the form sits below its facts.
    inbox = client.get("/leads").text
    assert f'href="/leads/{lead.id}#answer-lead"' in inbox and 'id="answer-lead"' not in inbox
    page = client.get(f"/leads/{lead.id}").text
    assert f"<title>线索 {lead.lead_no}" in page and f"线索 {lead.lead_no}</span>" in page
    form = re.search(r'<form[^>]*id="answer-lead".*?</form>', page, re.S).group(0)
    for label, name in (("抓获人数", "arrests"), ("挽回金额（元）", "recovered_yuan")):
        # A visible label names the input; nothing is pre-filled.
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', form).group(0)
        input_id = re.search(r'id="([^"]+)"', tag).group(1)
        assert f'<label for="{input_id}">{label}</label>' in form
        assert "value=" not in tag
    answered = client.post(
        f"/leads/{lead.id}/answer",
        data={
            "csrf_token": csrf_token(client),
            "result": "查无此人",
            "arrests": "",
            "recovered_yuan": "",
        },
    )
    assert answered.status_code == 303 and answered.headers["location"] == f"/leads/{lead.id}"
    session.expire_all()
    assert (lead.arrests, lead.recovered_fen, lead.result) == (0, 0, "查无此人")
    # The lead's history: sent by the system, answered by the station.
    history = client.get(f"/leads/{lead.id}").text.split('id="history"', 1)[1]
    assert "下发线索" in history and "反馈线索" in history, history


def test_units_of_the_same_name_are_told_apart_by_their_parent(client, session: Session):
    station_a, station_b = unit_of(session, "station_a"), unit_of(session, "station_b")
    community = session.scalars(
        select(Unit).where(Unit.parent_id == station_a.id).order_by(Unit.id)
    ).first()
    twin = Unit(name=community.name, kind=community.kind, parent_id=station_b.id, code="TWIN01")
    session.add(twin)
    session.flush()
    twin.path = f"{station_b.path}{twin.id}/"
    session.flush()
    login(client, "analyst")
    options = re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", client.get("/leads").text)
    labels = [o.strip("\u3000 ") for o in options]
    assert f"{station_a.name} / {community.name}" in labels
    assert f"{station_b.name} / {community.name}" in labels
