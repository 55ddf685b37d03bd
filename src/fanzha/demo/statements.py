"""Bank statements for the demo cases, so the fund-flow graph has depth: each first-level card
forwards the victims' money within minutes to second- and third-level cards (sometimes the
same gang card takes money from several branches), part is withdrawn at ATMs, part stays.
The banks' returns arrive as files in three layouts and go through the real import a day or
two after the report; some deeper cards have no statement yet (需调取流水).
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from fanzha import clock
from fanzha.access import Principal
from fanzha.cases.models import Case, CaseStatus
from fanzha.demo import statement_files as files
from fanzha.demo.cases import gang_of_account
from fanzha.demo.statement_files import Line
from fanzha.fundflow import imports

CASES_WITH_STATEMENTS = 80
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


class _Ledger:
    """The movements of every card, as the banks will report them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lines: dict[str, list[Line]] = defaultdict(list)
        self.holder: dict[str, str] = {}
        self.level: dict[str, int] = {}
        # Cards per (gang, level): a gang reuses its own mules; the other cases' money goes
        # through one money-laundering platform (跑分平台) whose cards several of them share.
        self.pool: dict[tuple[object, int], list[str]] = defaultdict(list)
        self.gang: object = None

    def card(self, level: int) -> str:
        pool = self.pool[(self.gang, level)]
        if pool and self.rng.random() < 0.3:
            return self.rng.choice(pool)  # money from two branches meets here
        number = "62" + "".join(str(self.rng.randrange(10)) for _ in range(17))
        self.holder[number] = self.rng.choice(SURNAMES) + self.rng.choice("某伟芳强敏军")
        self.level[number] = level
        pool.append(number)
        return number

    def move(self, source: str, target: str, at: datetime, fen: int) -> None:
        self.lines[source].append(
            Line(source, at, fen, False, target, self.holder.get(target, ""), "转账")
        )
        self.lines[target].append(
            Line(
                target,
                at + timedelta(seconds=self.rng.randint(0, 40)),
                fen,
                True,
                source,
                self.holder.get(source, ""),
                "转账",
            )
        )

    def forward(self, account: str, arrived: datetime, fen: int, level: int) -> None:
        """What a mule does with money that just arrived."""
        rng = self.rng
        at = arrived + timedelta(minutes=rng.randint(2, 25))
        if level >= 3 or fen < 3_000_00:
            if rng.random() < 0.6:
                cash = min(fen, rng.randrange(10, 20) * 1_000_00) // 100 * 100
                self.lines[account].append(Line(account, at, cash, False, summary="ATM取现"))
            return
        keep = fen * rng.randint(0, 15) // 100
        children = rng.randint(1, 3)
        share = (fen - keep) // children // 100 * 100
        for _ in range(children):
            child = self.card(level + 1)
            self.move(account, child, at, share)
            self.forward(child, at, share, level + 1)
            at += timedelta(minutes=rng.randint(1, 6))

    def balanced(self, account: str) -> list[Line]:
        """The card's lines in time order with the balance after each, from a small balance
        of its own."""
        balance = self.rng.randrange(0, 800) * 100
        out = []
        for line in sorted(self.lines[account], key=lambda x: x.at):
            balance += line.amount_fen if line.incoming else -line.amount_fen
            out.append(
                Line(
                    line.account,
                    line.at,
                    line.amount_fen,
                    line.incoming,
                    line.counterpart,
                    line.counterpart_name,
                    line.summary,
                    max(balance, 0),
                    f"{account[-6:]}{len(out):05d}",
                    self.holder.get(account, "某某"),
                )
            )
        return out


def build(session: Session, *, seed: int, after_case_id: int = 0) -> dict[str, int]:
    # `after_case_id`: only the cases a background fill added after the first build's.
    rng = random.Random(seed * 104_729)
    now = clock.now()
    cases = session.scalars(
        select(Case)
        .where(Case.status.in_([CaseStatus.registered, CaseStatus.closed]), Case.id > after_case_id)
        .options(selectinload(Case.transfers))
        .order_by(Case.reported_at)
    ).all()
    # Gang cards several victims paid into first, then a sample of the others.
    counts: dict[str, int] = defaultdict(int)
    for case in cases:
        for account in {t.receiving_account for t in case.transfers}:
            counts[account] += 1
    shared = [c for c in cases if any(counts[t.receiving_account] > 1 for t in c.transfers)]
    others = [c for c in cases if c not in shared]
    chosen = shared[: CASES_WITH_STATEMENTS // 2]
    chosen += rng.sample(others, min(len(others), CASES_WITH_STATEMENTS - len(chosen)))

    ledger = _Ledger(rng)
    reached: dict[int, list[str]] = {}
    for case in sorted(chosen, key=lambda c: c.reported_at):
        gangs = {gang_of_account(t.receiving_account) for t in case.transfers} - {None}
        ledger.gang = min(gangs) if gangs else None
        firsts = []
        for t in sorted(case.transfers, key=lambda t: t.at):
            if rng.random() < 0.3:
                # Someone else paid the same card and never reported it: an at-risk person.
                stranger = f"6217{rng.randrange(10**15):015d}"
                name = rng.choice(SURNAMES) + rng.choice("小某晓") + rng.choice("明华丽")
                ledger.lines[t.receiving_account].append(
                    Line(
                        t.receiving_account,
                        t.at - timedelta(minutes=rng.randint(20, 600)),
                        rng.choice((2, 5, 8, 12)) * 1_000_00,
                        True,
                        stranger,
                        name,
                        "转账",
                    )
                )
            ledger.level.setdefault(t.receiving_account, 1)
            ledger.holder.setdefault(t.receiving_account, t.receiving_name or "某某")
            ledger.lines[t.receiving_account].append(
                Line(t.receiving_account, t.at, t.amount_fen, True, t.payer_account, "受害人")
            )
            ledger.forward(t.receiving_account, t.at, t.amount_fen, 1)
            firsts.append(t.receiving_account)
        reached[case.id] = firsts

    actor = Principal.system("示例数据")
    imported = 0
    exported: set[str] = set()
    for case in sorted(chosen, key=lambda c: c.reported_at):
        when = case.reported_at + timedelta(hours=rng.randint(20, 60))
        if when >= now:
            continue
        accounts = _downstream(ledger, reached[case.id])
        by_level: dict[int, list[str]] = defaultdict(list)
        for account in accounts:
            level = ledger.level.get(account, 1)
            # Deeper cards' statements are not all in yet.
            if level == 1 or rng.random() < (0.85 if level == 2 else 0.5):
                by_level[level].append(account)
        batches = [
            ("资金查控反馈-一级卡.xlsx", files.control_return_xlsx, by_level[1]),
            ("银行流水-二级卡.xlsx", files.bank_debit_credit_xlsx, by_level[2]),
        ] + [
            (f"支付宝-{a[-4:]}.csv", lambda lines, a=a: files.alipay_csv(lines, a), [a])
            for a in by_level[3]
        ]
        for name, make, members in batches:
            members = [a for a in members if a not in exported]
            if not members:
                continue
            exported.update(members)
            lines = [line for a in members for line in ledger.balanced(a)]
            with clock.pinned(when):
                record = imports.start_import(
                    session, actor, case=case, filename=name, content=make(lines)
                )
                imports.import_or_queue(session, actor, record)
            imported += 1
    return {"statement_files": imported}


def _downstream(ledger: _Ledger, firsts: list[str]) -> list[str]:
    seen: list[str] = []
    frontier = list(dict.fromkeys(firsts))
    while frontier:
        account = frontier.pop(0)
        if account in seen:
            continue
        seen.append(account)
        frontier += [
            line.counterpart
            for line in ledger.lines[account]
            if not line.incoming and line.counterpart and line.counterpart in ledger.level
        ]
    return seen
