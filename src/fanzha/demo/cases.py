"""Demo cases that follow from the demo warnings, through the real case service:

- every warning fed back 已被骗 has its case draft, most of them since registered with the
  transfers the victim made;
- about one in a hundred people dissuaded reported a case weeks later (预后被骗), so the rate
  on the prognosis page is true to the data;
- about one registered case in three has suspects arrested some days after the report.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.cases import arrests, service
from fanzha.cases.models import Case, CaseStatus, TransferChannel
from fanzha.cases.schemas import ArrestIn, CaseIn, TransferIn
from fanzha.warnings.models import Outcome, Warning

BANKS = ("工商银行", "农业银行", "中国银行", "建设银行", "交通银行", "招商银行", "邮储银行")
MULES = ("李伟", "王强", "张敏", "刘洋", "陈杰", "杨帆", "赵磊", "黄婷")
# Most mule accounts were opened here; some elsewhere (a 协查 to that city's center).
OTHER_CITIES = ("西宁", "昆明", "南宁", "长沙", "贵阳", "兰州")
# A gang's few collection accounts take money from many of its victims: case linking finds
# the gangs through them, and pooled returns come from them.
GANGS = 6
ACCOUNTS_PER_GANG = 5
GANG_PREFIX = "6230"


def gang_of_account(account: str) -> int | None:
    """The demo gang whose collection account this is, if any."""
    if account.startswith(GANG_PREFIX) and len(account) == 19:
        index = int(account[len(GANG_PREFIX) :])
        if index < GANGS * ACCOUNTS_PER_GANG:  # other cards may start 6230 by chance
            return index // ACCOUNTS_PER_GANG
    return None


def _receiving(rng: random.Random, gang: int | None) -> tuple[str, str, str]:
    """(account, holder, bank with its branch city)."""
    bank = rng.choice(BANKS)
    if gang is not None and rng.random() < 0.5:
        index = gang * ACCOUNTS_PER_GANG + rng.randrange(ACCOUNTS_PER_GANG)
        return f"{GANG_PREFIX}{index:015d}", MULES[index % len(MULES)], f"{bank}示例市分行"
    city = rng.choice(OTHER_CITIES) if rng.random() < 0.15 else "示例市"
    return f"62{rng.randrange(10**17):017d}", rng.choice(MULES), f"{bank}{city}分行"


def _transfers(rng: random.Random, start, count: int) -> list[TransferIn]:
    """A victim's transfers; two cases in five were worked by one of the gangs."""
    gang = rng.randrange(GANGS) if rng.random() < 0.4 else None
    at = start
    rows = []
    for _ in range(count):
        at += timedelta(minutes=rng.randint(3, 90))
        account, holder, bank = _receiving(rng, gang)
        rows.append(
            TransferIn(
                at=at,
                amount_fen=rng.choice((5, 10, 20, 30, 50, 80, 150)) * 100_000
                + rng.randint(0, 99) * 100,
                payer_account=f"6222{rng.randrange(10**15):015d}",
                receiving_account=account,
                receiving_name=holder,
                receiving_bank=bank,
                channel=rng.choice(list(TransferChannel)[:4]),
            )
        )
    return rows


def _arrest(session: Session, actor: Principal, rng: random.Random, case: Case) -> None:
    """Now and then a case's suspects are caught some days after the report (抓获嫌疑人)."""
    if rng.random() >= 0.3:
        return
    reported = case.reported_at.astimezone(clock.SHANGHAI).date()
    since = (clock.now().astimezone(clock.SHANGHAI).date() - reported).days
    day = reported + timedelta(days=rng.randint(0, min(40, since)))
    data = ArrestIn(arrested_on=day, suspects=rng.choice((1, 1, 2, 3, 5)), note="示例：抓获归案")
    arrests.enter_arrest(session, actor, case, data)


def build(session: Session, *, seed: int, received_before: datetime | None = None) -> int:
    """Cases for the warnings already stored (those received before `received_before` when
    given: the older days a background fill added); returns how many."""
    older = Warning.received_at < received_before if received_before else true()
    rng = random.Random(seed * 104729)
    arrest_rng = random.Random(seed * 7919)  # its own draws: the cases stay as they were
    actor = Principal.system("示例数据")
    now = clock.now()
    made = 0
    defrauded = session.scalars(
        select(Warning).where(Warning.outcome == Outcome.defrauded, older).order_by(Warning.id)
    ).all()
    for warning in defrauded:
        reported = warning.closed_at or warning.received_at
        draft = service.open_draft_from_warning(session, actor, warning, reported_at=reported)
        made += 1
        if rng.random() < 0.8 and reported < now - timedelta(hours=2):
            paid = _transfers(rng, reported - timedelta(hours=3), rng.randint(1, 4))
            # Entered at the desk minutes after the report; now and then past the 30 minutes.
            entered = reported + timedelta(minutes=rng.choice((6, 12, 18, 25, 28, 45)))
            with clock.pinned(min(entered, now)):
                service.add_transfers(session, actor, draft, paid)
                service.transition(session, actor, draft, CaseStatus.registered)
            _arrest(session, actor, arrest_rng, draft)
    dissuaded = session.execute(
        select(
            Warning.person_name,
            Warning.person_phone,
            Warning.person_id_number,
            Warning.address,
            Warning.fraud_type,
            Warning.unit_id,
            Warning.received_at,
        )
        # A person living elsewhere who is defrauded later reports it there, not here.
        .where(Warning.outcome == Outcome.dissuaded, Warning.out_of_area_at.is_(None), older)
        .order_by(Warning.id)
    ).all()
    for name, phone, id_number, address, fraud_type, unit_id, received in dissuaded:
        reported = received + timedelta(days=rng.randint(3, 90))
        if rng.random() >= 0.01 or reported >= now:
            continue
        transfers = _transfers(rng, reported - timedelta(hours=5), rng.randint(1, 3))
        with clock.pinned(min(reported + timedelta(minutes=rng.randint(8, 35)), now)):
            service.create_case(
                session,
                actor,
                CaseIn(
                    victim_name=name or "未留姓名",
                    victim_phone=phone,
                    victim_id_number=id_number,
                    victim_address=address,
                    story="曾接到预警并被劝阻，此后再次被骗转账。",
                    fraud_type=fraud_type,
                    reported_at=reported,
                    transfers=transfers,
                ),
                unit_id=unit_id,
            )
        made += 1
    return made
