"""更正反馈: a closed warning's outcome corrected with a reason — shown on the page, sent to the
platform again, the draft case opened by 已被骗 voided, audited; closing again is refused."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.cases import service as cases
from fanzha.cases.models import CaseStatus
from fanzha.warnings import ladder
from fanzha.warnings.models import Outcome, Warning
from tests.helpers import audit_entries, login, make_api_key
from tests.warnings.test_ladder import htmx, receive

pytestmark = pytest.mark.usefixtures("city")


def _correct(client, warning: Warning, **data: str):
    return client.post(f"/warnings/{warning.id}/outcome/correct", headers=htmx(client), data=data)


def _closed(session: Session, outcome: Outcome, protected_fen: int = 0) -> Warning:
    warning = receive(session)
    ladder.close(session, Principal.system(), warning, outcome=outcome, protected_fen=protected_fen)
    session.flush()
    return warning


def _feed(client, key: dict[str, str], after: int = 0) -> list[dict]:
    return client.get("/api/v1/warnings/feedback", params={"after": after}, headers=key).json()


def test_a_closed_warning_cannot_be_closed_again(client, session):
    warning = _closed(session, Outcome.dissuaded, 100_00)
    login(client, "station_a")
    again = client.post(
        f"/warnings/{warning.id}/outcome",
        headers=htmx(client),
        data={"outcome": "defrauded"},
    )
    assert again.status_code == 409
    assert "该预警已反馈，不能再次反馈；如需修改反馈结果，请使用“更正反馈”" in again.text
    session.refresh(warning)
    assert (warning.outcome, warning.protected_fen) == (Outcome.dissuaded, 100_00)
    assert cases.case_for_warning(session, warning.id) is None


def test_correcting_defrauded_to_dissuaded_voids_the_draft_and_resends_the_outcome(client, session):
    key = {"X-API-Key": make_api_key(session)}
    warning = _closed(session, Outcome.defrauded)
    draft = cases.case_for_warning(session, warning.id)
    assert draft is not None and draft.status == CaseStatus.draft
    [first] = [f for f in _feed(client, key) if f["id"] == warning.id]
    assert first["outcome"] == "defrauded" and not first["corrected"]
    closed_at = warning.closed_at

    login(client, "station_a")
    page = _correct(
        client,
        warning,
        outcome="dissuaded",
        protected_yuan="2万",
        reason="回访核实：未转账，已劝阻",
    )

    assert page.status_code == 200
    assert "已反馈 · 已劝阻" in page.text
    assert "已更正反馈" in page.text and "回访核实：未转账，已劝阻" in page.text
    session.refresh(warning)
    assert (warning.outcome, warning.protected_fen) == (Outcome.dissuaded, 2_000_000)
    assert warning.closed_at == closed_at  # when it was first fed back stays
    # The platform, having taken the first outcome, is sent the correction.
    [resent] = [f for f in _feed(client, key, after=first["cursor"]) if f["id"] == warning.id]
    assert resent["outcome"] == "dissuaded" and resent["protected_fen"] == 2_000_000
    assert resent["corrected"] and resent["cursor"] > first["cursor"]
    # The draft 已被骗 opened is voided, saying why.
    session.refresh(draft)
    assert draft.status == CaseStatus.voided
    assert "回访核实：未转账，已劝阻" in draft.status_note
    # The warning still names the case, saying it is voided (not as if it were live).
    assert "（已作废）" in client.get(f"/warnings/{warning.id}").text
    [entry] = audit_entries(
        session, "warning.outcome.corrected", target_type="warnings", target_id=str(warning.id)
    )
    assert entry.detail["reason"] == "回访核实：未转账，已劝阻"
    assert entry.detail["outcome_before"] == "defrauded" and entry.detail["outcome"] == "dissuaded"
    assert "已被骗 → 已劝阻" in entry.summary


def test_a_correction_needs_its_reason(client, session):
    warning = _closed(session, Outcome.not_found_yet)
    login(client, "station_a")
    first = _correct(client, warning, outcome="cannot_find", reason="走访确认")
    assert first.status_code == 200
    second = _correct(client, warning, outcome="dissuaded", protected_yuan="500", reason=" ")
    assert second.status_code == 422
    assert "请填写更正反馈的理由" in second.text
    session.refresh(warning)
    assert warning.outcome == Outcome.cannot_find


def test_a_correction_that_changes_nothing_is_refused(client, session):
    warning = _closed(session, Outcome.cannot_find)
    login(client, "station_a")
    same = _correct(client, warning, outcome="cannot_find", reason="再次确认")
    assert same.status_code == 422
    assert "更正后的反馈结果和挽回金额与原反馈相同" in same.text


def test_an_open_warning_cannot_be_corrected(client, session):
    warning = receive(session)
    login(client, "station_a")
    refused = _correct(client, warning, outcome="dissuaded", reason="误操作")
    assert refused.status_code == 409
    assert "预警当前为“待签收”，不能更正反馈" in refused.text


def test_corrected_to_defrauded_opens_the_draft(client, session):
    warning = _closed(session, Outcome.dissuaded, 5_000_00)
    login(client, "station_a")
    page = _correct(client, warning, outcome="defrauded", reason="事后得知已转账")
    assert page.status_code == 200
    draft = cases.case_for_warning(session, warning.id)
    assert draft is not None and draft.status == CaseStatus.draft
    session.refresh(warning)
    assert warning.protected_fen == 0
    assert "已生成案件草稿" in page.text


def test_corrected_back_to_defrauded_restores_the_voided_draft(client, session):
    warning = _closed(session, Outcome.defrauded)
    draft = cases.case_for_warning(session, warning.id)
    login(client, "station_a")
    assert _correct(client, warning, outcome="cannot_find", reason="电话回访称未转账").is_success
    session.refresh(draft)
    assert draft.status == CaseStatus.voided

    page = _correct(client, warning, outcome="defrauded", reason="银行流水证实已转账")

    assert page.status_code == 200
    # The desk finds the same case number again, a draft, saying why it came back.
    assert cases.case_for_warning(session, warning.id).id == draft.id
    session.refresh(draft)
    assert draft.status == CaseStatus.draft and draft.closed_at is None
    assert "银行流水证实已转账" in draft.status_note
    moves = audit_entries(session, "case.transition", target_type="cases", target_id=str(draft.id))
    assert any("恢复草稿：已作废 → 待受理" in entry.summary for entry in moves)


def test_a_registered_case_is_kept_with_the_reason(client, session):
    warning = _closed(session, Outcome.defrauded)
    draft = cases.case_for_warning(session, warning.id)
    cases.transition(session, Principal.system(), draft, CaseStatus.registered)
    login(client, "station_a")
    assert _correct(client, warning, outcome="not_applicable", reason="非本人").status_code == 200
    session.refresh(draft)
    assert draft.status == CaseStatus.registered
    [kept] = audit_entries(
        session, "case.kept_after_correction", target_type="cases", target_id=str(draft.id)
    )
    assert "非本人" in kept.summary


def test_the_correction_form_is_shown_only_to_those_who_close_warnings(client, session):
    warning = _closed(session, Outcome.dissuaded)
    login(client, "station_a")
    assert "提交更正" in client.get(f"/warnings/{warning.id}").text
    login(client, "leader")
    page = client.get(f"/warnings/{warning.id}")
    assert page.status_code == 200 and "提交更正" not in page.text


def test_the_days_feedback_sheet_carries_the_correction(client, session):
    warning = _closed(session, Outcome.dissuaded, 300_00)
    warning.closed_at -= timedelta(days=3)  # fed back days ago, corrected today
    session.flush()
    ladder.correct_outcome(
        session,
        Principal.system(),
        warning,
        outcome=Outcome.cannot_find,
        reason="复核：未见到本人",
    )
    session.flush()
    login(client, "duty")
    response = client.get("/warnings/feedback.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert (warning.external_id, "确实找不到") in {(r[1], r[3]) for r in rows[1:]}
