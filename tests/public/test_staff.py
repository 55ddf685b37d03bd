"""The staff side of the quiz (citizens.manage): the bank with each question's correct-answer
rate, hardest first; add, edit, retire; Excel import all or nothing with per-row errors;
participants per QR source and the QR code itself."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import func, select

from fanzha.public import bank, quiz
from fanzha.public.models import QuizQuestion
from tests.helpers import login, post_form

pytestmark = pytest.mark.usefixtures("city")

NEW = {
    "fraud_type": "investment",
    "kind": "multiple",
    "stem": "测试题：以下哪些是投资诈骗话术？",
    "options": "稳赚不赔\n导师带单\n银行柜台购买国债",
    "answer": "AB",
    "explanation": "稳赚不赔、导师带单都是投资诈骗的典型话术。",
}


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(QuizQuestion))


def test_the_bank_lists_the_hardest_question_first(client, session):
    login(client, "analyst")
    page = client.get("/citizens/quiz")
    assert page.status_code == 200
    rates = [r for r in quiz.question_rates(session) if r.rate is not None]
    assert rates == sorted(rates, key=lambda r: r.rate)
    table = page.text.split('id="question-rates"', 1)[1]
    assert table.index(rates[0].question.stem) < table.index(rates[-1].question.stem)


def test_add_edit_retire_and_restore(client, session):
    login(client, "analyst")
    before = count(session)
    bad = post_form(client, "/citizens/quiz/new", {**NEW, "answer": "A"})
    assert bad.status_code == 422 and "多选题至少要有两个正确答案" in bad.text
    assert post_form(client, "/citizens/quiz/new", NEW).status_code == 303
    assert count(session) == before + 1
    question = session.scalar(select(QuizQuestion).where(QuizQuestion.stem == NEW["stem"]))
    assert question.answer == [0, 1] and question.options[2] == "银行柜台购买国债"
    edited = post_form(client, f"/citizens/quiz/{question.id}", {**NEW, "answer": "ABC"})
    assert edited.status_code == 303
    session.refresh(question)
    assert question.answer == [0, 1, 2]
    post_form(client, f"/citizens/quiz/{question.id}/retire")
    session.refresh(question)
    assert question.retired_at is not None
    drawn = {i for _ in range(5) for i in quiz.start_round(session, None).question_ids}
    assert question.id not in drawn
    post_form(client, f"/citizens/quiz/{question.id}/restore")
    session.refresh(question)
    assert question.retired_at is None


def upload(client, template: bytes, rows: list[list[str]]):
    """The template filled from row 2 with `rows`, uploaded."""
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            sheet.cell(r, c, value or None)
    out = io.BytesIO()
    book.save(out)
    return client.post(
        "/citizens/quiz/import",
        data={"csrf_token": client.cookies.get("fanzha_csrf")},
        files={"file": ("题库.xlsx", out.getvalue())},
    )


def test_the_excel_import_takes_every_row_or_none(client, session):
    login(client, "analyst")
    template = client.get("/citizens/quiz/import/template")
    assert template.status_code == 200
    good = [
        "虚假购物服务",
        "单选",
        "导入题一",
        "平台担保交易",
        "私下转账",
        "",
        "",
        "",
        "",
        "A",
        "解析一",
    ]
    rows = [
        good,
        ["刷单返利", "多选", "导入题二", "甲", "乙", "", "", "", "", "C", "解析二"],
        ["不存在的类型", "单选", "导入题三", "甲", "乙", "", "", "", "", "A", "解析三"],
    ]
    before = count(session)
    refused = upload(client, template.content, rows)
    assert refused.status_code == 422
    assert "第 3 行" in refused.text and "第 4 行" in refused.text
    assert "不存在的选项" in refused.text and "不在十类诈骗类型之中" in refused.text
    assert count(session) == before  # the good row was not stored either
    taken = upload(client, template.content, [good])
    assert taken.status_code == 200 and "已导入 1 道题目" in taken.text
    assert count(session) == before + 1


def test_participants_per_source_and_the_qr_code(client, session):
    for _ in range(3):
        quiz.start_round(session, quiz.Source("event", 5))
    login(client, "duty")
    page = client.get("/citizens/quiz/sources")
    assert page.status_code == 200
    row = page.text.split('data-source="event-5"', 1)[1].split("</tr>", 1)[0]
    assert "<td>3</td>" in row
    qr = client.get("/citizens/quiz/qr.png?source=event-5")
    assert qr.status_code == 200 and Image.open(io.BytesIO(qr.content)).format == "PNG"
    assert client.get("/citizens/quiz/qr.png?source=shop-1").status_code == 422


def test_a_dissuader_may_not_manage_the_bank(client):
    login(client, "dissuader_a")
    assert client.get("/citizens/quiz").status_code == 403


def test_check_question_reads_the_sheets_words():
    draft, problems = bank.check_question(
        {
            "fraud_type": "冒充公检法及政府机关",
            "kind": "单选",
            "stem": " 题干 ",
            "options": ["甲", "", "乙"],
            "answer": "b",
            "explanation": "解析",
        }
    )
    assert problems == {} and draft.options == ["甲", "乙"] and draft.answer == [1]
