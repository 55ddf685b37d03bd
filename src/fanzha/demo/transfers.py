"""The demo city's dealings with other centers: the directory (a center per province, and
the neighbouring cities of 江苏省), and warnings about people living elsewhere handled as a
center would: called at once, marked 外地对象 within minutes, transferred to the center of
their province and answered there within hours or days (some late); the last days' still open.
A few warnings came to us from other centers, our answer owed within 72 hours."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from fanzha.config import get_settings
from fanzha.i18n import warnings as i18n
from fanzha.liaison.models import Center
from fanzha.liaison.places import Place, elsewhere, place_of
from fanzha.warnings.models import Warning

MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
# Faker's provinces without a mainland counterpart center: demo addresses avoid them.
NO_CENTER = frozenset({"台湾省", "香港特别行政区", "澳门特别行政区"})
PROVINCES = (
    *MUNICIPALITIES,
    *[
        "内蒙古自治区",
        "山西省",
        "河北省",
        "吉林省",
        "江苏省",
        "辽宁省",
        "黑龙江省",
        "安徽省",
        "山东省",
        "浙江省",
        "江西省",
        "福建省",
        "湖南省",
        "湖北省",
        "河南省",
        "广东省",
        "广西壮族自治区",
        "贵州省",
        "海南省",
        "四川省",
        "云南省",
        "陕西省",
        "甘肃省",
        "宁夏回族自治区",
        "青海省",
        "新疆维吾尔自治区",
        "西藏自治区",
    ],
)
NEIGHBOURS = ("南京市", "苏州市", "无锡市", "常州市", "镇江市", "扬州市")
# 已被骗 answers are left out: the case is the other city's (it was reported there).
ANSWERS = {"dissuaded": 75, "cannot_find": 15, "not_applicable": 10}
REASONS = ("对象现居{place}，经电话核实不在本市", "对象户籍及手机号归属{place}，本地查无此人")
TRIED = ("96110电话已接通，对象称人在外地", "96110电话未接通，12381短信已发送")
ANSWER_NOTES = {
    "dissuaded": "已当面劝阻，对象已知晓骗局",
    "cannot_find": "查无此人",
    "not_applicable": "经核实对象未被诈骗，预警不符",
}
INCOMING_SHARE = 0.01  # of local warnings, sent to us by another center


def seed_centers(session: Session) -> dict[str, tuple[int, str]]:
    """The directory; returns province → (center id, name) of each province's own center."""
    rows = [
        {
            "province": p,
            "city": "",
            "name": f"{p}公安{'局' if p in MUNICIPALITIES else '厅'}反电诈中心",
            "phone": f"0{10 + i:02d}-96110",
            "note": "",
            "active": True,
        }
        for i, p in enumerate(PROVINCES)
    ] + [
        {
            "province": "江苏省",
            "city": city,
            "name": f"{city}公安局反电诈中心",
            "phone": "96110",
            "note": "相邻城市",
            "active": True,
        }
        for city in NEIGHBOURS
    ]
    # A background fill's later windows find the directory there already.
    if not session.scalar(select(func.count()).select_from(Center)):
        session.execute(insert(Center), rows)
    return {
        province: (cid, name)
        for cid, province, name in session.execute(
            select(Center.id, Center.province, Center.name).where(Center.city == "")
        )
    }


def away(address: str) -> Place | None:
    """The place an address names when it is outside our city."""
    place = place_of(address)
    regions = get_settings().local_phone_regions.split(",")
    return place if elsewhere(place, regions[0], get_settings().city_name) else None


def work_out_of_area(
    rng: random.Random,
    warning: Warning,
    place: Place,
    change: dict[str, Any],
    received: datetime,
    now: datetime,
    center: tuple[int, str] | None,
    attempts: list[dict[str, Any]],
) -> dict[str, Any] | None:
    """Fill `change` (the warning's history) and return its transfer row, if it got that far."""
    signed = received + timedelta(seconds=rng.randint(20, 300))
    if signed > now:
        return None
    change.update(signed_at=signed, status="signed")
    called = signed + timedelta(minutes=rng.randint(1, 6))
    if called < now:
        result = "connected" if rng.random() < 0.6 else "no_answer"
        attempts.append(
            {"warning_id": warning.id, "kind": "call_96110", "result": result, "at": called}
            | {"note": ""}
        )
        change.update(attempt_count=1, first_contact_at=called, status="contacting")
    marked = signed + timedelta(minutes=rng.randint(2, 10))
    if marked > now:
        return None
    note = i18n.OUT_OF_AREA["address"].format(place=place.label)
    change.update(out_of_area_at=marked, out_of_area_note=note)
    sent = marked + timedelta(minutes=rng.randint(3, 30))
    if center is None or sent > now:
        return None
    row: dict[str, Any] = {
        "warning_id": warning.id,
        "direction": "outgoing",
        "center_id": center[0],
        "center_name": center[1],
        "reason": rng.choice(REASONS).format(place=place.label),
        "tried": rng.choice(TRIED),
        "status": "sent",
        "sent_at": sent,
        "due_at": sent + timedelta(hours=get_settings().transfer_answer_hours),
        "received_at": None,
        "answered_at": None,
        "outcome": None,
        "answer_note": "",
    }
    got = sent + timedelta(minutes=rng.randint(20, 480))
    if got <= now:
        row.update(status="received", received_at=got)
    hours = rng.uniform(73, 120) if rng.random() < 0.1 else rng.uniform(4, 60)
    answered = sent + timedelta(hours=hours)
    if got <= now and answered <= now:
        outcome = rng.choices(list(ANSWERS), weights=list(ANSWERS.values()))[0]
        row.update(status="answered", answered_at=answered, outcome=outcome)
        row["answer_note"] = ANSWER_NOTES[outcome]
        change.update(
            status="closed",
            outcome=outcome,
            closed_at=answered,
            protected_fen=(warning.amount_fen or rng.randint(5, 200) * 100_000)
            if outcome == "dissuaded"
            else 0,
            outcome_note=i18n.TRANSFER_CLOSED_NOTE.format(
                center=center[1], note=ANSWER_NOTES[outcome]
            ),
        )
    return row


def incoming(change: dict[str, Any], center: tuple[int, str]) -> dict[str, Any]:
    """A warning another center sent us: answered when the desk closed it."""
    received = change["received_at"]
    closed = change["closed_at"] if change["status"] == "closed" else None
    return {
        "warning_id": change["wid"],
        "direction": "incoming",
        "center_id": center[0],
        "center_name": center[1],
        "reason": "",
        "tried": "",
        "status": "answered" if closed else "received",
        "sent_at": received,
        "due_at": received + timedelta(hours=get_settings().transfer_answer_hours),
        "received_at": received,
        "answered_at": closed,
        "outcome": change["outcome"] if closed else None,
        "answer_note": "",
    }
