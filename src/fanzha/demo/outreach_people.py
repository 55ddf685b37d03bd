"""Prevention's people in the demo city, through the real services: outreach events over the
past year at every station, volunteer teams of volunteer staff, and two training sessions
(one finished with attendance and quiz scores, one this month with part of its roster)."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.auth.models import User
from fanzha.org.models import Staff, StaffKind, Unit, UnitKind
from fanzha.outreach import events, training, training_quiz, volunteers
from fanzha.outreach.people_models import EventKind
from fanzha.outreach.people_schemas import EventIn, TrainingIn, VolunteerTeamIn
from fanzha.questionnaires import service as questionnaires

EVENTS_PER_STATION = 12
TITLES = {
    EventKind.community: ("反诈宣传进社区", "社区广场反诈讲座"),
    EventKind.school: ("反诈进校园·开学第一课", "高校新生反诈讲座"),
    EventKind.enterprise: ("企业财务人员防骗培训", "反诈进企业"),
    EventKind.village: ("反诈宣传进农村", "村民大会反诈提醒"),
    EventKind.night_market: ("夜市反诈摆摊宣传",),
    EventKind.park: ("公园晨练人群反诈宣传",),
    EventKind.live: ("抖音直播反诈课堂",),
    EventKind.caravan: ("反诈大篷车巡回宣传",),
}
PLACES = ("社区活动中心", "文化广场", "第一中学礼堂", "工业园区会议室", "夜市入口", "人民公园")
QUIZ = [
    {
        "kind": "single",
        "title": "对方自称公检法，要求把钱转到“安全账户”，应当",
        "options": ["按要求转账", "挂断并拨打96110或110核实", "先转一部分"],
        "correct": ["挂断并拨打96110或110核实"],
        "required": True,
    },
    {
        "kind": "single",
        "title": "上门劝阻时首先要做的是",
        "options": ["核实对方身份", "直接宣讲案例", "留下资料即走"],
        "correct": ["核实对方身份"],
        "required": True,
    },
    {
        "kind": "multiple",
        "title": "入户走访的“五个一”包括",
        "options": ["张贴一张海报", "开展一次问卷调查", "发放一份资料", "收取一笔费用"],
        "correct": ["张贴一张海报", "开展一次问卷调查", "发放一份资料"],
        "required": True,
    },
    {"kind": "number", "title": "紧急止付的期限是多少小时", "correct": [48], "required": True},
    {
        "kind": "single",
        "title": "劝阻对象坚持转账时，应当",
        "options": ["不再过问", "联系其亲属并上报", "强行扣留其手机"],
        "correct": ["联系其亲属并上报"],
        "required": True,
    },
]
TEAMS = ("滴滴反诈车队", "快递外卖三员志愿队", "银发反诈宣讲队")


def build(session: Session, *, seed: int = 1) -> dict[str, int]:
    """Events, volunteer teams and trainings; returns their counts for the demo summary."""
    rng = random.Random(seed * 19)
    system = Principal.system()
    units = list(session.scalars(select(Unit).order_by(Unit.path)))
    stations = [u for u in units if u.kind == UnitKind.station]
    root = units[0]
    now = clock.now()
    staff = list(session.scalars(select(Staff).where(Staff.is_active).order_by(Staff.id)))
    by_station: dict[int, list[Staff]] = {}
    parents = {u.id: u.parent_id for u in units}
    for person in staff:
        station_id = (
            person.unit_id
            if person.unit_id in {s.id for s in stations}
            else parents.get(person.unit_id)
        )
        by_station.setdefault(station_id or 0, []).append(person)

    teams = []
    for i, name in enumerate(TEAMS):
        station = stations[i % len(stations)]
        team = volunteers.create_team(
            session, system, VolunteerTeamIn(name=name, unit_id=station.id)
        )
        pool = [p for p in by_station.get(station.id, []) if p.kind == StaffKind.volunteer]
        pool = pool or by_station.get(station.id, [])
        members = rng.sample(pool, min(len(pool), 6))
        team.members.extend(members)
        session.flush()
        if members:
            volunteers.set_leader(session, system, team, members[0].id)
        teams.append((station, team, members))
    if teams:  # one team stood down over the winter
        volunteers.set_status(session, system, teams[-1][1], volunteers.TeamStatus.inactive)

    count = 0
    team_of = {station.id: (team, members) for station, team, members in teams}
    for station in stations:
        for _ in range(EVENTS_PER_STATION):
            kind = rng.choice(list(TITLES))
            day = (now - timedelta(days=rng.randint(1, 360))).astimezone(clock.SHANGHAI).date()
            start = clock.day_start(day) + timedelta(hours=rng.choice((9, 14, 19)))
            team, members = team_of.get(station.id, (None, []))
            helpers = rng.sample(members, min(len(members), rng.randint(0, 4))) if members else []
            online = kind == EventKind.live
            events.create_event(
                session,
                system,
                EventIn(
                    kind=kind,
                    title=rng.choice(TITLES[kind]),
                    place="线上直播间" if online else rng.choice(PLACES),
                    starts_at=start,
                    ends_at=start + timedelta(hours=rng.choice((1, 2, 3))),
                    unit_id=station.id,
                    team_id=team.id if team is not None and helpers else None,
                    audience_onsite=0 if online else rng.randint(30, 400),
                    audience_online=rng.randint(2000, 30000) if online else rng.randint(0, 200),
                    materials=0 if online else rng.randint(50, 600),
                    staff_ids=[h.id for h in helpers],
                ),
            )
            count += 1

    sessions = _training(session, rng, system, root, stations, by_station, now)
    return {"outreach_events": count, "volunteer_teams": len(teams), "trainings": sessions}


def _training(session, rng, system, root, stations, by_station, now) -> int:
    """Two sessions: three months ago (most of the roster, quiz scored) and this week."""
    today = now.astimezone(clock.SHANGHAI).date()
    past_start = clock.day_start(today - timedelta(days=90)) + timedelta(hours=9)
    recent_start = clock.day_start(today - timedelta(days=2)) + timedelta(hours=14)
    plans = (
        ("劝阻话术与典型案例解析", "反诈中心 王警官", past_start, stations, 0.8),
        ("新型诈骗手法研判与上门劝阻要点", "反诈中心 李警官", recent_start, stations[:2], 0.5),
    )
    logins = set(session.scalars(select(User.staff_id).where(User.staff_id.is_not(None))))
    quiz = questionnaires.create_questionnaire(
        session, system, title="劝阻员培训测验", purpose="training", questions=QUIZ, unit_id=root.id
    )
    for topic, trainer, start, invited, share in plans:
        held = training.create_session(
            session,
            system,
            TrainingIn(
                topic=topic,
                trainer=trainer,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                unit_id=root.id,
                place="市局三楼报告厅",
                invited_unit_ids=[s.id for s in invited],
                quiz_id=quiz.id,
            ),
        )
        for station in invited:
            for person in by_station.get(station.id, []):
                if rng.random() > share or person.id in logins:
                    continue  # the demo logins are left to check in themselves
                with clock.pinned(start + timedelta(minutes=rng.randint(0, 20))):
                    done = training.record_attendance(session, held, person)
                if start < now - timedelta(days=30):
                    answers = _quiz_answers(rng, training_quiz.quiz_of(session, held).questions)
                    training_quiz.record_answers(session, done.attendance, answers)
    return len(plans)


def _quiz_answers(rng: random.Random, questions: list[dict]) -> dict[str, object]:
    """Mostly right answers, a wrong option now and then (so some trainees fail)."""
    answers: dict[str, object] = {}
    for q in questions:
        right = rng.random() < 0.8
        if q["kind"] == "number":
            answers[q["key"]] = q["correct"][0] if right else 24
        elif q["kind"] == "multiple":
            answers[q["key"]] = q["correct"] if right else q["options"][:2]
        else:
            answers[q["key"]] = q["correct"][0] if right else q["options"][0]
    return answers
