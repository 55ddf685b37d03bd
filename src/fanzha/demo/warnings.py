"""A year of warnings for 示例市 (about 300 a day), in every state, so boards and dashboards
have something true to show. Every warning goes through the real intake (grading, routing,
duplicate detection); its history is then written as the desks and stations would have."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from faker import Faker
from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session
from stdnum.cn import ric

from fanzha import clock
from fanzha.access import Principal
from fanzha.config import get_settings
from fanzha.demo import transfers as demo_transfers
from fanzha.i18n import zh_CN
from fanzha.org.models import Compound, Grid, Street
from fanzha.warnings import intake
from fanzha.warnings.clocks import ClockPolicy, deadlines
from fanzha.warnings.models import ContactAttempt, DoorVisitTask, Warning, WarningTransfer
from fanzha.warnings.schemas import WarningIn

SOURCES = {
    "ministry": 35,
    "province": 30,
    "bank": 12,
    "telecom": 10,
    "app": 5,
    "local_analysis": 5,
    "walk_in": 3,
}
# Shares follow the 公安部 list of the most common types.
FRAUD_TYPES = {
    "brushing": 25,
    "investment": 18,
    "customer_service": 12,
    "loan_credit": 10,
    "shopping": 8,
    "authority": 8,
    "boss_acquaintance": 7,
    "romance": 5,
    "game_trade": 3,
    "military_purchase": 1,
    "other": 3,
}
OUTCOMES = {
    "dissuaded": 72,
    "not_applicable": 10,
    "cannot_find": 5,
    "not_found_yet": 4,
    "defrauded": 3,
}
FAILED = ["no_answer", "rejected", "busy", "powered_off"]
# Number blocks in use by the three carriers: every demo phone number is a valid one.
MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "177",
    "180",
    "181",
    "182",
    "183",
    "186",
    "187",
    "188",
    "189",
    "199",
]


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def build(
    session: Session,
    *,
    seed: int,
    days: int,
    per_day: int,
    skip_days: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Back-fill the warnings from `days` ago to `skip_days` ago (to now by default); returns
    how many were stored. `progress` is told (stored so far, all to store) after each chunk.
    The same seed and window store the same warnings; one stored already is not stored again."""
    if days <= skip_days:
        return 0
    rng = random.Random(seed * 7919)
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    places = session.execute(
        select(Street.district, Street.name, Compound.house_number, Compound.name)
        .join(Street, Street.id == Compound.street_id)
        .order_by(Compound.id)
    ).all()
    actor = Principal.system("示例数据")
    world = _World(
        centers=demo_transfers.seed_centers(session),
        grid_units=dict(session.execute(select(Grid.id, Grid.unit_id)).all()),
        rng=random.Random(seed * 6007),
    )
    now = clock.now()
    moments = sorted(
        now - timedelta(days=days) + timedelta(seconds=rng.uniform(0, (days - skip_days) * 86400))
        for _ in range((days - skip_days) * per_day)
    )
    first = skip_days * per_day  # windows' external ids never meet: DEMO-<day>-<n>
    stored = 0
    for start in range(0, len(moments), 1000):
        chunk = moments[start : start + 1000]
        items = [
            _item(rng, fake, places, first + n + start, moment) for n, moment in enumerate(chunk)
        ]
        ids = intake.store(session, actor, items, received_at=chunk[0])
        fresh = [(wid, moment) for (wid, new), moment in zip(ids, chunk, strict=True) if new]
        if fresh:  # a window filled before (a fill resumed) is not lived twice
            _history(session, rng, fresh, now, world)
        stored += len(fresh)
        if progress:
            progress(start + len(chunk), len(moments))
    # The team on duty when each really arrived (intake saw its chunk's first moment); one
    # statement, so the lookup's plan is made once rather than per row.
    session.execute(
        update(Warning)
        .where(Warning.received_at.between(moments[0], moments[-1]))
        .values(duty_team_id=func.duty_team_at(Warning.unit_id, Warning.received_at))
        .execution_options(synchronize_session=False)
    )
    return stored


@dataclass(frozen=True)
class _World:
    centers: dict[str, tuple[int, str]]  # province → its center
    grid_units: dict[int, int]  # grid → its unit
    rng: random.Random  # draws of the transfers, apart from the ladder's


# Region codes that exist for every birth year the demo uses, so every number validates.
REGION_CODES = ["110101", "110102", "110105", "310101", "310104", "310105", "120101"]


def _id_number(rng: random.Random, moment: datetime) -> str:
    """A fictional, well-formed resident ID number of someone aged 18 to 85 at `moment`."""
    birth = moment.date() - timedelta(days=rng.randint(18 * 365 + 5, 85 * 365))
    body = f"{rng.choice(REGION_CODES)}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body + "0")  # it ignores the last character


def _item(rng: random.Random, fake: Faker, places: list, n: int, moment: datetime) -> WarningIn:
    if rng.random() < 0.05:
        province = fake.province()
        if province in demo_transfers.NO_CENTER:
            province = "江西省"
        address = f"{province}{fake.city()}{fake.street_address()}"  # outside the city
    else:
        district, street, number, compound = rng.choice(places)
        address = (
            f"{district}{street}{number}{compound}{rng.randint(1, 30)}栋"
            f"{rng.randint(1, 4)}单元{rng.randint(1, 28)}{rng.randint(1, 4):02d}室"
        )
    moved = rng.random() < 0.4
    amount = int(rng.lognormvariate(10.5, 1.3)) * 100 if moved else 0
    return WarningIn(
        source=_pick(rng, SOURCES),
        external_id=f"DEMO-{moment:%Y%m%d}-{n:07d}",
        person_name=fake.name(),
        person_phone=rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}",
        person_id_number=_id_number(rng, moment) if rng.random() < 0.6 else None,
        address=address,
        fraud_type=_pick(rng, FRAUD_TYPES),
        fraudster_phone=f"+86170{rng.randrange(10**8):08d}" if rng.random() < 0.7 else None,
        fraudster_account=f"6222{rng.randrange(10**15):015d}" if rng.random() < 0.4 else None,
        amount_fen=min(amount, 10**11),
        money_moving=rng.random() < 0.04,
        on_call=rng.random() < 0.07,
        issued_at=moment - timedelta(seconds=rng.randint(5, 90)),
    )


def _history(
    session: Session,
    rng: random.Random,
    warnings: list[tuple[int, datetime]],
    now: datetime,
    world: _World,
) -> None:
    """Times, attempts, door visits and outcomes as they would have happened."""
    side = world.rng
    rows = {
        w.id: w
        for w in session.scalars(
            select(Warning).where(Warning.id.in_([wid for wid, _ in warnings]))
        )
    }
    policy = ClockPolicy(
        sign=get_settings().warning_sign_minutes,
        first_contact=get_settings().warning_contact_minutes,
        face_to_face=get_settings().warning_face_minutes,
    )
    changes: list[dict[str, Any]] = []
    attempts: list[dict[str, Any]] = []
    tasks: list[dict[str, Any]] = []
    moved: list[dict[str, Any]] = []
    incoming: list[dict[str, Any]] = []
    for wid, received in warnings:
        warning = rows[wid]
        due = deadlines(warning.grade, received, policy, routed=warning.routed)
        change = {
            "wid": wid,
            "received_at": received,
            "sign_due_at": due.sign_due_at,
            "contact_due_at": due.contact_due_at,
            "face_due_at": due.face_due_at,
            "status": warning.status,
            "signed_at": None,
            "first_contact_at": None,
            "face_to_face_at": None,
            "attempt_count": 0,
            "outcome": warning.outcome,
            "protected_fen": 0,
            "closed_at": received if warning.duplicate_of_id else None,
            "route_due_at": due.route_due_at,
            "routed": warning.routed,
            "grid_id": warning.grid_id,
            "unit_id": warning.unit_id,
            "route_note": warning.route_note,
            "out_of_area_at": None,
            "out_of_area_note": "",
            "outcome_note": "",
        }
        changes.append(change)
        age = now - received
        if warning.status == "duplicate" or age < timedelta(minutes=rng.randint(1, 30)):
            continue  # duplicates are closed on arrival; the newest are still waiting
        place = None if warning.routed else demo_transfers.away(warning.address)
        if not warning.routed and warning.route_candidates:
            # The desk picks the district within minutes (the routing clock is short).
            grid_id = int(warning.route_candidates[0]["grid_id"])
            change.update(
                routed=True,
                grid_id=grid_id,
                unit_id=world.grid_units[grid_id],
                route_note=zh_CN.ROUTE_NOTES["manual"],
            )
        routed = change["routed"]
        if routed and side.random() < demo_transfers.INCOMING_SHARE:
            incoming.append(change)
        # The ladder below draws from `rng` for every warning as it always did, so the rest
        # of the city (cases, money, analysis) stays the same; a person living elsewhere then
        # gets the out-of-area history instead, drawn from `side`.
        kept_attempts, kept_tasks = len(attempts), len(tasks)
        change["signed_at"] = received + timedelta(seconds=rng.randint(20, 600))
        change["status"] = "signed"
        tries = rng.choice([1, 1, 2, 2, 3, 4, 6])
        at = change["signed_at"]
        for i in range(tries):
            at += timedelta(minutes=rng.randint(1, 12))
            if at > now:
                break
            last = i == tries - 1
            result = "connected" if last and rng.random() < 0.8 else rng.choice(FAILED)
            kind = "sms_12381" if result == "busy" and rng.random() < 0.3 else "call_96110"
            attempts.append(
                {
                    "warning_id": wid,
                    "kind": kind,
                    "result": "sent" if kind == "sms_12381" else result,
                    "at": at,
                    "note": "",
                }
            )
            change["attempt_count"] += 1
            change["first_contact_at"] = change["first_contact_at"] or at
            change["status"] = "contacting"
        door = warning.grade in ("urgent", "high") or rng.random() < 0.1
        if door and at < now:
            visit_at = at + timedelta(minutes=rng.randint(10, 180))
            task = {
                "warning_id": wid,
                "unit_id": change["unit_id"],
                "grid_id": change["grid_id"],
                "created_at": at,
                "status": "open",
                "claimed_at": None,
                "done_at": None,
            }
            tasks.append(task)
            change["status"] = "door_visit"
            if visit_at < now and routed:
                task.update(status="claimed", claimed_at=at + timedelta(minutes=rng.randint(2, 9)))
                attempts.append(
                    {
                        "warning_id": wid,
                        "kind": "door_visit",
                        "result": "reached",
                        "at": visit_at,
                        "note": "见面劝阻",
                    }
                )
                change["attempt_count"] += 1
                change["face_to_face_at"] = visit_at
                at = visit_at
        if age > timedelta(hours=rng.randint(2, 30)) and routed:
            outcome = _pick(rng, OUTCOMES)
            change.update(
                status="closed",
                outcome=outcome,
                closed_at=min(now, at + timedelta(minutes=rng.randint(5, 120))),
                protected_fen=(warning.amount_fen or rng.randint(5, 500) * 100_000)
                if outcome == "dissuaded"
                else 0,
            )
            for task in tasks:
                if task["warning_id"] == wid:
                    task.update(status="done", done_at=change["closed_at"])
        if place is not None:
            del attempts[kept_attempts:], tasks[kept_tasks:]
            change.update(
                status="received",
                signed_at=None,
                first_contact_at=None,
                face_to_face_at=None,
                attempt_count=0,
            )
            center = world.centers.get(place.province)
            row = demo_transfers.work_out_of_area(
                side, warning, place, change, received, now, center, attempts
            )
            if row is not None:
                moved.append(row)
    if changes:
        # Core executemany on the connection: the SET clause comes from each row's keys
        # besides "wid" (the ORM would insist on its own by-primary-key form).
        table = Warning.__table__
        session.connection().execute(update(table).where(table.c.id == bindparam("wid")), changes)
    if attempts:
        session.execute(insert(ContactAttempt), attempts)
    if tasks:
        session.execute(insert(DoorVisitTask), tasks)
    sent_to_us = [
        demo_transfers.incoming(change, side.choice(list(world.centers.values())))
        for change in incoming
    ]
    if moved or sent_to_us:
        session.execute(insert(WarningTransfer), moved + sent_to_us)
