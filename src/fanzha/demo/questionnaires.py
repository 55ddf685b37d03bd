"""The demo city's questionnaires: the door-knock questionnaire (two versions, answers under
each) and an awareness survey with code batches for a few grids and one event, most codes
answered, so the results, charts and 知晓率 pages have figures. Fast: a few hundred rows."""

from __future__ import annotations

import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.org.models import Grid, Unit
from fanzha.questionnaires import service, surveys

DOOR_KNOCK = [
    {
        "kind": "single",
        "title": "近一年是否接到过可疑电话或短信",
        "options": ["是", "否", "记不清"],
        "required": True,
    },
    {
        "kind": "multiple",
        "title": "您听说过哪些诈骗手法",
        "options": ["刷单返利", "冒充客服", "虚假投资理财", "冒充公检法", "网络交友"],
    },
    {"kind": "number", "title": "家中常住人数", "min": 1, "max": 20, "required": True},
    {"kind": "single", "title": "是否已安装国家反诈中心APP", "options": ["已安装", "未安装"]},
    {"kind": "text", "title": "意见建议"},
]
AWARENESS = [
    {
        "kind": "single",
        "title": "公检法机关会通过电话要求您转账到“安全账户”吗",
        "options": ["会", "不会", "不清楚"],
        "correct": ["不会"],
        "required": True,
    },
    {
        "kind": "single",
        "title": "网上“刷单返利”兼职是诈骗吗",
        "options": ["是", "不是", "不清楚"],
        "correct": ["是"],
        "required": True,
    },
    {
        "kind": "multiple",
        "title": "遇到可疑情况可以拨打哪些电话",
        "options": ["96110", "110", "12315"],
        "correct": ["96110", "110"],
        "required": True,
    },
    {"kind": "number", "title": "您的年龄", "min": 10, "max": 100},
]
SUGGESTIONS = ["多在小区张贴海报", "希望多组织老年人讲座", "夜市宣传很有用", "建议短信提醒"]


def build(session: Session, *, seed: int = 1) -> dict[str, int]:
    """Counts for the demo's summary: questionnaires, responses, survey codes answered."""
    rng = random.Random(seed)
    system = Principal.system()
    city = session.scalar(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id))
    assert city is not None
    door = service.create_questionnaire(
        session,
        system,
        title="敲门行动入户走访问卷",
        purpose="door_knock",
        questions=DOOR_KNOCK,
        unit_id=city.id,
    )
    grids = list(session.scalars(select(Grid).order_by(Grid.id).limit(6)))
    responses = 0
    v1 = service.current_version(session, door.id)
    for n in range(40):
        service.record_response(
            session, v1.id, _door_answers(rng), source_kind="grid", source_ref=str(grids[n % 6].id)
        )
        responses += 1
    revised = [dict(q) for q in v1.questions]
    revised[3] = {**revised[3], "options": ["已安装", "未安装", "不会安装"]}
    v2 = service.revise(session, system, door.id, revised)
    for n in range(40):
        answers = _door_answers(rng)
        answers["q4"] = rng.choice(["已安装", "未安装", "不会安装"])
        service.record_response(
            session, v2.id, answers, source_kind="grid", source_ref=str(grids[n % 6].id)
        )
        responses += 1

    quiz = service.create_questionnaire(
        session,
        system,
        title="市民反诈知晓率调查问卷",
        purpose="awareness",
        questions=AWARENESS,
        unit_id=city.id,
    )
    survey = surveys.create_survey(
        session,
        system,
        questionnaire_id=quiz.id,
        title="2026年第四季度知晓率抽样调查",
        unit_id=city.id,
    )
    answered = 0
    places = [{"grid_id": g.id} for g in grids[:4]] + [{"event_ref": "夜市宣传活动"}]
    for i, place in enumerate(places):
        size = 40 if i < 2 else 12  # two grids with enough answers, the rest small samples
        batch = surveys.issue_codes(session, system, survey.id, size=size, unit_id=city.id, **place)
        knows = 0.55 + 0.1 * i
        for code in surveys.batch_codes(session, batch)[: size - 4]:
            surveys.answer_code(session, code.code, _survey_answers(rng, knows))
            answered += 1
    session.flush()
    return {"questionnaire_responses": responses, "survey_answers": answered}


def _door_answers(rng: random.Random) -> dict[str, object]:
    answers: dict[str, object] = {
        "q1": rng.choice(["是", "否", "否", "记不清"]),
        "q2": rng.sample(DOOR_KNOCK[1]["options"], rng.randint(0, 3)),
        "q3": rng.randint(1, 6),
        "q4": rng.choice(["已安装", "未安装"]),
    }
    if rng.random() < 0.3:
        answers["q5"] = rng.choice(SUGGESTIONS)
    return answers


def _survey_answers(rng: random.Random, knows: float) -> dict[str, object]:
    aware = rng.random() < knows
    return {
        "q1": "不会" if aware or rng.random() < 0.5 else rng.choice(["会", "不清楚"]),
        "q2": "是" if aware or rng.random() < 0.5 else rng.choice(["不是", "不清楚"]),
        "q3": ["96110", "110"] if aware else rng.choice([["110"], ["96110"], ["12315"]]),
        "q4": rng.randint(16, 85),
    }
