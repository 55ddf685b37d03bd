"""A year of the money loop for the demo cases, replayed through the real services with the
clock pinned to when each step happened: one-click stop-payments, bank feedback (some held,
some empty, some never answered), 协查 to other cities, renewals, freezes (a few major ones on
the city's approval), unfreezes, traceable returns and pooled returns after their notice,
freezes renewed or left to lapse (the board's red alarms). Cases whose money all came back
are closed; a few stale drafts are voided.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from fanzha import clock
from fanzha.access import Principal
from fanzha.cases import assists, freezes, returns, service, stop_payments, sweep
from fanzha.cases.errors import StopPaymentLimit
from fanzha.cases.models import Case, CaseStatus, Freeze, FreezeStatus, FundReturn, ReturnStatus
from fanzha.cases.schemas import (
    AssistAnswerIn,
    BankFeedbackIn,
    FreezeIn,
    PoolIn,
    TraceableReturnIn,
)

SHARE_OF_CASES = 0.35  # cases that went through the money loop (the rest reported too late)


class _Replay:
    def __init__(self, session: Session, rng: random.Random, now: datetime) -> None:
        self.session, self.rng, self.now = session, rng, now
        self.actor = Principal.system("示例数据")
        self.shared: set[str] = set()  # mule accounts several victims paid into

    def at(self, when: datetime, step, *args) -> object | None:
        """Run one service call as of `when`, unless that is still in the future."""
        if when >= self.now:
            return None
        with clock.pinned(when):
            return step(self.session, self.actor, *args)

    def case(self, case: Case) -> None:
        rng = self.rng
        start = (case.accounts_entered_at or case.reported_at) + timedelta(
            minutes=rng.randint(3, 40)
        )
        try:
            if self.at(start, stop_payments.stop_all, case) is None:
                return
        except StopPaymentLimit:
            # Every account of the case was already stopped twice by earlier victims' cases:
            # the law allows no third stop, the officers went straight on to freezing.
            return
        paid: dict[str, int] = defaultdict(int)
        for transfer in case.transfers:
            paid[transfer.receiving_account] += transfer.amount_fen
        for sp in stop_payments.stop_payments_of(self.session, case):
            self.stop_payment(case, sp, paid[sp.account])

    def stop_payment(self, case: Case, sp, paid_fen: int) -> None:
        rng = self.rng
        answered = sp.requested_at + timedelta(minutes=rng.randint(20, 480))
        draw = rng.random()
        if draw < 0.08:
            return  # the bank never answered: the stop-payment lapses
        held = 0 if draw < 0.25 else int(paid_fen * rng.uniform(0.15, 1.0))
        if (
            self.at(answered, stop_payments.record_feedback, sp, BankFeedbackIn(held_fen=held))
            is None
        ):
            return
        if sp.assist is not None and rng.random() < 0.7:
            reply = AssistAnswerIn(held_fen=held, note="已协助止付")
            self.at(
                answered + timedelta(hours=rng.randint(2, 20)),
                assists.answer_assist,
                sp.assist,
                reply,
            )
        if held == 0 or rng.random() < 0.07:
            return  # nothing to freeze, or left to lapse
        frozen_at = answered + timedelta(hours=rng.randint(1, 20))
        if rng.random() < 0.12:  # the freeze paperwork took longer: renewed once first
            first_term_ends = sp.expires_at
            try:
                renewed = self.at(first_term_ends - timedelta(hours=2), stop_payments.renew, sp)
            except StopPaymentLimit:
                # Earlier victims' cases used the account's two stops: no renewal by law,
                # the officers froze it within the first term instead.
                renewed = False
            if renewed is None:
                return
            if renewed is not False:
                frozen_at = first_term_ends + timedelta(hours=rng.randint(2, 40))
        major = rng.random() < 0.08
        terms = FreezeIn(
            major=major,
            approval_no=f"示公刑审〔{frozen_at.year}〕{rng.randint(10, 999)}号" if major else "",
            approved_by="市局分管领导" if major else "",
        )
        record = self.at(frozen_at, freezes.freeze, sp, terms)
        if isinstance(record, Freeze):
            self.freeze(case, record)

    def freeze(self, case: Case, record: Freeze) -> None:
        rng = self.rng
        draw = rng.random()
        later = record.starts_at + timedelta(days=rng.randint(10, 40))
        if draw < 0.04:
            if self.at(later, freezes.decide_unfreeze, record, "经查款项与本案无关") is not None:
                self.at(later + timedelta(days=rng.randint(1, 3)), freezes.confirm_unfrozen, record)
            return
        if record.account in self.shared and rng.random() < 0.1:
            self.pool(record, later)
            return
        if draw < 0.7:
            amount = TraceableReturnIn(amount_fen=record.amount_fen, note="可溯源，原路返还")
            ret = self.at(later, returns.return_traceable, record, amount)
            if isinstance(ret, FundReturn):
                self.pay(ret, later + timedelta(days=rng.randint(2, 10)))
            return
        self.keep_alive(record)

    def keep_alive(self, record: Freeze) -> None:
        """Most freezes coming to term are renewed a few days before; the rest lapse."""
        while record.status == FreezeStatus.active and record.expires_at < self.now + timedelta(
            days=3
        ):
            if self.rng.random() < 0.07:
                return  # not renewed: the sweep will raise the alarm
            before = record.expires_at - timedelta(days=self.rng.randint(1, 6))
            if self.at(before, freezes.renew_freeze, record) is None:
                return

    def pool(self, record: Freeze, when: datetime) -> None:
        """Shared mule money: every victim who paid into the account gets a share."""
        with clock.pinned(min(when, self.now)):
            sharers = returns.pool_candidates(self.session, self.actor, record)
        if len(sharers) < 2:
            return
        data = PoolIn(
            amount_fen=record.amount_fen,
            case_nos=[c.case_no for c in sharers],
            note="涉案账户资金无法溯源至单个受害人，按损失比例返还",
        )
        pool = self.at(when, returns.open_pool, record, data)
        if pool is None:
            return
        payable = pool.notice_ends_at + timedelta(hours=self.rng.randint(1, 72))
        for share in pool.shares:
            self.pay(share, payable)

    def pay(self, ret: FundReturn, when: datetime) -> None:
        if self.at(when, returns.order, ret) is not None:
            self.at(when + timedelta(days=self.rng.randint(1, 4)), returns.confirm_done, ret)


def build(session: Session, *, seed: int, after_case_id: int = 0) -> dict[str, int]:
    # `after_case_id`: only the cases a background fill added after the first build's.
    rng = random.Random(seed * 7919)
    now = clock.now()
    replay = _Replay(session, rng, now)
    cases = session.scalars(
        select(Case)
        .where(Case.status == CaseStatus.registered, Case.id > after_case_id)
        .options(selectinload(Case.transfers), selectinload(Case.unit))
        .order_by(Case.reported_at)
    ).all()
    accounts: dict[str, int] = defaultdict(int)
    for case in cases:
        for account in {t.receiving_account for t in case.transfers}:
            accounts[account] += 1
    replay.shared = {a for a, n in accounts.items() if n > 1}
    looped = 0
    for case in cases:
        if rng.random() < SHARE_OF_CASES or any(
            t.receiving_account in replay.shared for t in case.transfers
        ):
            replay.case(case)
            looped += 1
    # Now: lapse what ran out, make pooled shares payable.
    sweep.sweep(session, now)
    returns.release_after_notice(session, now)
    _handle_old_alarms(replay)
    _close_and_void(replay, cases)
    return {"money_cases": looped}


def _handle_old_alarms(replay: _Replay) -> None:
    """Lapsed freezes older than two weeks were dealt with; the recent ones stay red."""
    lapsed = replay.session.scalars(
        select(Freeze).where(
            Freeze.status == FreezeStatus.lapsed,
            Freeze.expires_at < replay.now - timedelta(days=14),
        )
    ).all()
    for record in lapsed:
        note = "已联系银行，款项已被依法扣划，告警关闭"
        replay.at(record.expires_at + timedelta(days=2), freezes.handle_alarm, record, note)


def _close(session, actor, case: Case) -> Case:
    note = "本案被骗资金已全部返还，结案" if service.open_holds(session, case) else ""
    return service.transition(session, actor, case, CaseStatus.closed, note=note)


def _close_and_void(replay: _Replay, cases: list[Case]) -> None:
    """Cases whose money all came back are closed a week later; old drafts nobody took up are
    voided."""
    session, now = replay.session, replay.now
    done_by_case: dict[int, datetime] = {}
    for case_id, done_at in session.execute(
        select(FundReturn.case_id, FundReturn.done_at).where(FundReturn.status == ReturnStatus.done)
    ):
        done_by_case[case_id] = max(done_at, done_by_case.get(case_id, done_at))
    for case in cases:
        done = done_by_case.get(case.id)
        if done and case.status == CaseStatus.registered:
            # A freeze on a shared account may still hold another victim's money: closing
            # then needs its reason, as an officer would write it.
            replay.at(done + timedelta(days=7), _close, case)
    stale = session.scalars(
        select(Case).where(
            Case.status == CaseStatus.draft, Case.reported_at < now - timedelta(days=60)
        )
    ).all()
    for case in stale[::4]:
        replay.at(
            case.reported_at + timedelta(days=3),
            service.transition,
            case,
            CaseStatus.voided,
        )
