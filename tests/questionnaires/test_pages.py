"""The staff pages and the public survey page, as a user meets them."""

from __future__ import annotations

import io
import logging
import re

from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.auth.service import user_principal
from fanzha.logs import scrub_text
from fanzha.questionnaires import service, surveys
from fanzha.questionnaires.models import Questionnaire, SurveyBatch
from tests.helpers import audit_entries, login, post_form, user

FORM = {
    "title": "入户走访问卷",
    "purpose": "door_knock",
    "count": "2",
    "kind0": "single",
    "title0": "是否接到过诈骗电话",
    "opts0": "是\n否",
    "req0": "on",
    "kind1": "number",
    "title1": "家中常住人数",
    "min1": "1",
    "max1": "20",
}


def _created(session: Session, title: str) -> Questionnaire:
    return session.scalars(select(Questionnaire).where(Questionnaire.title == title)).one()


def test_the_builder_adds_moves_and_saves_questions(client, session: Session, city):
    login(client, "station_a")
    added = post_form(client, "/outreach/questionnaires", {**FORM, "action": "add"})
    assert added.status_code == 200 and 'name="title2"' in added.text
    moved = post_form(client, "/outreach/questionnaires", {**FORM, "action": "down:0"})
    assert moved.text.index("家中常住人数") < moved.text.index("是否接到过诈骗电话")
    saved = post_form(client, "/outreach/questionnaires", {**FORM, "action": "save"})
    assert saved.status_code == 303
    questionnaire = _created(session, "入户走访问卷")
    version = service.current_version(session, questionnaire.id)
    assert [q["title"] for q in version.questions] == ["是否接到过诈骗电话", "家中常住人数"]
    assert version.questions[1]["min"] == 1 and version.questions[0]["required"]
    page = client.get(saved.headers["location"])
    assert page.status_code == 200 and "第 1 版" in page.text


def test_a_bad_question_is_shown_again_with_its_number(client, city):
    login(client, "station_a")
    form = {**FORM, "opts0": "是", "action": "save"}
    refused = post_form(client, "/outreach/questionnaires", form)
    assert refused.status_code == 422
    assert "第1题" in refused.text and "至少需要两个选项" in refused.text
    assert "家中常住人数" in refused.text  # what was typed is kept


def test_editing_publishes_a_new_version(client, session: Session, city):
    login(client, "station_a")
    post_form(client, "/outreach/questionnaires", {**FORM, "action": "save"})
    questionnaire = _created(session, "入户走访问卷")
    v1 = service.current_version(session, questionnaire.id)
    service.record_response(session, v1.id, {"q1": "是"}, source_kind="visit", source_ref="u1")
    edited = {**FORM, "k0": "q1", "k1": "q2", "opts0": "是\n否\n不清楚", "action": "save"}
    assert (
        post_form(client, f"/outreach/questionnaires/{questionnaire.id}", edited).status_code == 303
    )
    v2 = service.current_version(session, questionnaire.id)
    assert v2.number == 2 and v2.questions[0]["options"] == ["是", "否", "不清楚"]
    results = client.get(f"/outreach/questionnaires/{questionnaire.id}/results")
    assert results.status_code == 200 and "共 <strong>1</strong> 份答卷" in results.text
    assert "data-chart=" in results.text


def test_results_export_has_the_figures_and_raw_answers_as_text(client, session: Session, city):
    duty = user_principal(user(session, "duty"))
    questionnaire = service.create_questionnaire(
        session,
        duty,
        title="导出测试",
        purpose="door_knock",
        questions=[{"kind": "text", "title": "意见建议"}, {"kind": "number", "title": "人数"}],
    )
    version = service.current_version(session, questionnaire.id)
    service.record_response(
        session, version.id, {"q1": "=HYPERLINK(1)", "q2": 3}, source_kind="grid", source_ref="g"
    )
    login(client, "duty")
    got = client.get(f"/outreach/questionnaires/{questionnaire.id}/results?export=xlsx")
    assert got.status_code == 200
    wb = load_workbook(io.BytesIO(got.content))
    raw = list(wb["原始答卷"].iter_rows(values_only=True))
    assert raw[0][-2:] == ("1. 意见建议", "2. 人数")
    assert raw[1][-2:] == ("=HYPERLINK(1)", 3)
    assert wb["原始答卷"].cell(row=2, column=6).data_type == "s"  # text, not a formula
    summary = list(wb["结果"].iter_rows(values_only=True))
    assert any(row[4] == "平均数" and row[5] == 3 for row in summary)


def test_a_leader_reads_results_but_cannot_build(client, city):
    login(client, "leader")
    assert client.get("/outreach/questionnaires").status_code == 200
    assert client.get("/outreach/questionnaires/new").status_code == 403


def _code(session: Session) -> tuple[str, int]:
    duty = user_principal(user(session, "duty"))
    q = service.create_questionnaire(
        session,
        duty,
        title="知晓率",
        purpose="awareness",
        questions=[
            {
                "kind": "single",
                "title": "公检法会电话办案吗",
                "options": ["会", "不会"],
                "correct": "不会",
                "required": True,
            }
        ],
    )
    survey = surveys.create_survey(session, duty, questionnaire_id=q.id, title="城区知晓率调查")
    batch = surveys.issue_codes(session, duty, survey.id, size=3, event_ref="夜市宣传")
    return surveys.batch_codes(session, batch)[0].code, survey.id


def test_a_code_answers_once_on_the_public_page(client, session: Session, city):
    code, survey_id = _code(session)
    form = client.get(f"/public/survey/{code}")
    assert form.status_code == 200 and "公检法会电话办案吗" in form.text
    missing = post_form(client, f"/public/survey/{code}", {})
    assert missing.status_code == 422 and "第1题“公检法会电话办案吗”为必答题" in missing.text
    done = post_form(client, f"/public/survey/{code}", {"q1": "不会"})
    assert done.status_code == 303 and done.headers["location"] == "/public/survey/thanks"
    again = post_form(client, f"/public/survey/{code}", {"q1": "会"})
    assert again.status_code == 409 and "调查码无效或已使用" in again.text
    # A used code and one that never existed read alike: guessing tells nothing.
    used, unknown = client.get(f"/public/survey/{code}"), client.get("/public/survey/AAAAAAAA")
    assert (used.status_code, used.text) == (unknown.status_code, unknown.text)
    assert "调查码无效或已使用" in used.text
    login(client, "duty")
    page = client.get(f"/outreach/surveys/{survey_id}?level=survey")
    assert page.status_code == 200 and "样本量小" in page.text and "100.0%" in page.text


def test_typed_codes_are_normalised(client, session: Session, city):
    code, _ = _code(session)
    typed = client.get("/public/survey", params={"code": f" {code[:4].lower()}-{code[4:]} "})
    assert typed.headers["location"] == f"/public/survey/{code}"


def test_survey_codes_never_reach_a_log_line(caplog):
    line = 'GET /public/survey/7KQ2M9XA HTTP/1.1" 200'
    assert "7KQ2M9XA" not in scrub_text(line)
    with caplog.at_level(logging.INFO):
        logging.getLogger("uvicorn.access").info("%s", line)
    assert "7KQ2M9XA" not in caplog.text


def test_a_batch_prints_its_codes_with_qr_and_exports_them(client, session: Session, city):
    login(client, "duty")
    _, survey_id = _code(session)
    issued = post_form(
        client, f"/outreach/surveys/{survey_id}/batches", {"size": "4", "event_ref": "校园宣传"}
    )
    assert issued.status_code == 303
    page = client.get(issued.headers["location"])
    assert page.status_code == 200 and page.text.count("data:image/svg+xml") == 4
    sheet = load_workbook(
        io.BytesIO(client.get(issued.headers["location"] + "?export=xlsx").content)
    )
    rows = list(sheet.active.iter_rows(values_only=True))[1:]
    assert len(rows) == 4 and all(r[2].endswith("/public/survey/" + r[1]) for r in rows)
    entries = audit_entries(session, "list.page_exported", target_type="survey_codes")
    assert entries and all(r[1] not in str(e.detail) + e.summary for e in entries for r in rows)
    too_many = post_form(
        client, f"/outreach/surveys/{survey_id}/batches", {"size": "999999", "event_ref": "x"}
    )
    assert too_many.status_code == 422 and "每批调查码数量须在 1 到 2000 之间" in too_many.text


def test_the_survey_page_names_itself_once_and_asks_before_closing(client, session: Session, city):
    login(client, "duty")
    _, survey_id = _code(session)
    batch = session.scalars(select(SurveyBatch).where(SurveyBatch.survey_id == survey_id)).one()
    for path in (
        f"/outreach/surveys/{survey_id}",
        f"/outreach/surveys/{survey_id}/batches/{batch.id}",
    ):
        page = client.get(path)
        assert page.status_code == 200
        crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', page.text, re.S)
        assert crumbs and crumbs.group().count(">知晓率调查</a>") == 1, path
    page = client.get(f"/outreach/surveys/{survey_id}")
    close = re.search(r'<form[^>]*/close"([^>]*)>.*?<button([^>]*)>结束调查', page.text, re.S)
    # White on the danger red, not the secondary blue text on it; and a question first.
    assert close and 'class="danger"' in close.group(2) and "data-confirm=" in close.group(1)
