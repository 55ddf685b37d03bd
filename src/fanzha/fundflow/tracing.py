"""Follow a victim's money through mule accounts (资金查控): plain data in, plain data out.

No database here: the caller hands in a `fetch(accounts)` that returns each account's
statement rows (from PostgreSQL by an index on (account, at), from a dict in tests and
benchmarks, from Spark at province scale). Tracing runs in two passes:

1. Reach: from the accounts the victims paid, hop by hop, every account that received an
   outflow made after money arrived (one `fetch` per hop, only the accounts just reached;
   no whole-graph build).
2. Attribution: every reached account's rows replayed in time order as a ledger of lots.
   An outflow takes money out of the account first-in-first-out (or proportionally, a
   switch), so a mule's own earlier balance leaves before the victim's money does; the part
   that was a victim's follows the transfer to the next account. All amounts are integer
   fen and every fen that arrives is accounted for exactly once (held, passed on, withdrawn,
   spent, moved after the window, or sent to an account nobody can name).

A transfer appears twice when both statements are in (A's 出 row and B's 进 row); the two
rows are paired by counterpart, amount and time so the money is counted once.
"""

from __future__ import annotations

import heapq
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from fanzha.money import split_proportionally


class Direction(StrEnum):
    inflow = "in"
    outflow = "out"


class MovementKind(StrEnum):
    transfer = "transfer"  # to or from another account
    cash = "cash"  # ATM or counter withdrawal / deposit
    merchant = "merchant"  # paid to a shop (POS, QR code, online purchase)
    fee = "fee"  # bank charges
    reversal = "reversal"  # 冲正 / 退回: undoes an earlier row


class Method(StrEnum):
    fifo = "fifo"  # 先进先出
    proportional = "proportional"  # 按比例


@dataclass(frozen=True, slots=True)
class Movement:
    """One statement row, normalised; `amount_fen` is always positive."""

    account: str
    at: datetime
    amount_fen: int
    direction: Direction
    counterpart: str = ""  # digits; "" when the statement does not name it
    kind: MovementKind = MovementKind.transfer
    balance_fen: int | None = None  # the account's balance after this row, when given
    row_id: int | None = None  # where it came from (the statement row), for the details


@dataclass(frozen=True, slots=True)
class Seed:
    """A victim's own transfer into a first-level account (the case's 转账记录)."""

    victim: str  # whose money: the case it belongs to
    account: str
    at: datetime
    amount_fen: int
    payer: str = ""  # the victim's own account, when known


@dataclass(frozen=True)
class Options:
    method: Method = Method.fifo
    # Follow outflows this long after the money arrived (1 hour, as police tools do).
    window: timedelta = timedelta(hours=1)
    min_amount_fen: int = 100  # smaller outflows are counted as spent, not followed
    max_hops: int = 5  # 五级卡 at most
    # Two statements of one transfer rarely agree to the second.
    pairing_tolerance: timedelta = timedelta(minutes=10)


@dataclass
class AccountFlow:
    """What happened to victims' money in one account. Each figure is per victim."""

    account: str
    level: int  # 1 = 一级卡 (paid by the victim directly)
    has_statement: bool
    received: dict[str, int] = field(default_factory=dict)
    passed: dict[str, int] = field(default_factory=dict)  # transferred to a followed account
    cash: dict[str, int] = field(default_factory=dict)
    spent: dict[str, int] = field(default_factory=dict)  # merchants, fees, small amounts
    late: dict[str, int] = field(default_factory=dict)  # moved on after the time window
    # transferred where we do not follow: no counterpart named, or past the hop limit
    untraced: dict[str, int] = field(default_factory=dict)
    held: dict[str, int] = field(default_factory=dict)
    first_in_at: datetime | None = None

    def total(self, figure: str, victims: Iterable[str] | None = None) -> int:
        values: dict[str, int] = getattr(self, figure)
        if victims is None:
            return sum(values.values())
        return sum(values.get(v, 0) for v in victims)


@dataclass
class Edge:
    source: str
    target: str
    by_victim: dict[str, int] = field(default_factory=dict)
    count: int = 0
    first_at: datetime | None = None
    last_at: datetime | None = None

    def total(self, victims: Iterable[str] | None = None) -> int:
        if victims is None:
            return sum(self.by_victim.values())
        return sum(self.by_victim.get(v, 0) for v in victims)


@dataclass
class Trace:
    accounts: dict[str, AccountFlow]
    edges: list[Edge]
    seeds: list[Seed]

    def statements_to_request(self) -> list[str]:
        """需调取流水: accounts that received victims' money and whose statement we lack."""
        return sorted(
            (a.account for a in self.accounts.values() if not a.has_statement and a.received),
            key=lambda acc: (self.accounts[acc].level, acc),
        )

    def still_holding(self, victims: Iterable[str] | None = None) -> list[AccountFlow]:
        """Accounts holding victims' money now, largest first: the stop-payments to fire.
        An account without a statement is assumed to still hold what it received."""
        wanted = None if victims is None else set(victims)
        holding = [a for a in self.accounts.values() if a.total("held", wanted) > 0]
        return sorted(holding, key=lambda a: (-a.total("held", wanted), a.level, a.account))


Fetch = Callable[[set[str]], Mapping[str, Sequence[Movement]]]

OTHER = ""  # money that is nobody's we trace: the mule's own, other senders', unexplained


def _order_key(m: Movement) -> tuple:
    # A total order on content, never on import order: the same rows in any order give the
    # same trace. Within a second, money in before money out.
    return (m.at, m.direction != Direction.inflow, m.amount_fen, m.counterpart, m.kind)


# --- pass 1: reach -----------------------------------------------------------------------


def _reach(seeds: Sequence[Seed], fetch: Fetch, options: Options):
    level: dict[str, int] = {}
    arrival: dict[str, datetime] = {}
    for seed in seeds:
        level.setdefault(seed.account, 1)
        if seed.account not in arrival or seed.at < arrival[seed.account]:
            arrival[seed.account] = seed.at
    rows: dict[str, list[Movement]] = {}
    expanded_since: dict[str, datetime] = {}
    frontier = set(level)
    while frontier:
        unread = frontier - rows.keys()
        fetched = fetch(unread) if unread else {}
        for account in unread:
            rows[account] = sorted(fetched.get(account, ()), key=_order_key)
        next_frontier: set[str] = set()
        for account in frontier:
            since = expanded_since[account] = arrival[account]
            below = level[account] + 1
            for m in rows[account]:
                if not (
                    m.direction is Direction.outflow
                    and m.kind is MovementKind.transfer
                    and m.counterpart
                    and m.at >= since
                    and m.amount_fen >= options.min_amount_fen
                ):
                    continue
                cp = m.counterpart
                if cp not in level or below < level[cp]:
                    if below > options.max_hops:
                        continue
                    level[cp] = below
                    next_frontier.add(cp)
                if cp not in arrival or m.at < arrival[cp]:
                    arrival[cp] = m.at
                    # Reached earlier than when it was expanded: its earlier outflows count.
                    if cp not in expanded_since or m.at < expanded_since[cp]:
                        next_frontier.add(cp)
        frontier = next_frontier
    return level, {a: own for a, own in rows.items() if own}


# --- pass 2: attribution -----------------------------------------------------------------


def _drop_reversals(own: list[Movement]) -> list[Movement]:
    """A 冲正 row and the row it undoes leave the ledger together: the money never moved."""
    kept: list[Movement | None] = list(own)
    for i, m in enumerate(own):
        if m.kind is not MovementKind.reversal:
            continue
        for j in range(i - 1, -1, -1):
            earlier = kept[j]
            if (
                earlier is not None
                and earlier.kind is not MovementKind.reversal
                and earlier.direction != m.direction
                and earlier.amount_fen == m.amount_fen
                and (not m.counterpart or earlier.counterpart in ("", m.counterpart))
            ):
                kept[i] = kept[j] = None
                break
    # An unmatched reversal is still money in or out; keep it as a plain transfer.
    return [m for m in kept if m is not None]


@dataclass(slots=True)
class _Lot:
    victim: str
    fen: int
    arrived: datetime


class _Ledger:
    """The money in one account, as lots in arrival order."""

    def __init__(self, method: Method) -> None:
        self.lots: deque[_Lot] = deque()
        self.method = method

    def put(self, victim: str, fen: int, at: datetime) -> None:
        if fen > 0:
            self.lots.append(_Lot(victim, fen, at))

    def take(self, fen: int) -> list[_Lot]:
        """Take `fen` out; the parts that were in the account (any money beyond that came
        from before the statement starts and is nobody's we trace)."""
        if self.method is Method.fifo or fen >= sum(lot.fen for lot in self.lots):
            return self._take_fifo(fen)
        shares = split_proportionally(fen, [lot.fen for lot in self.lots])
        taken = []
        for lot, share in zip(self.lots, shares, strict=True):
            if share:
                taken.append(_Lot(lot.victim, share, lot.arrived))
                lot.fen -= share
        self.lots = deque(lot for lot in self.lots if lot.fen)
        return taken

    def _take_fifo(self, fen: int) -> list[_Lot]:
        taken = []
        while fen and self.lots:
            lot = self.lots[0]
            part = min(fen, lot.fen)
            taken.append(_Lot(lot.victim, part, lot.arrived))
            lot.fen -= part
            fen -= part
            if not lot.fen:
                self.lots.popleft()
        return taken


def _pair(wanted: list[tuple], inflows: dict[tuple, list[Movement]], tolerance: timedelta):
    """Match each (key, at, ident) to the nearest unused inflow row with that key (or, when
    the row names no counterpart, the same account and amount) within the tolerance;
    returns ident → that row."""
    used: set[int] = set()
    pairs = {}
    for key, at, ident in sorted(wanted, key=lambda w: (w[1], str(w[2]))):
        account, _, amount = key
        candidates = [
            m
            for m in (*inflows.get(key, ()), *inflows.get((account, "", amount), ()))
            if id(m) not in used and abs(m.at - at) <= tolerance
        ]
        if candidates:
            chosen = min(candidates, key=lambda m: (abs(m.at - at), _order_key(m)))
            used.add(id(chosen))
            pairs[ident] = chosen
    return pairs


def trace(seeds: Sequence[Seed], fetch: Fetch, options: Options = Options()) -> Trace:
    """Where the seeds' money went, per victim, up to `options.max_hops` levels."""
    seeds = sorted(seeds, key=lambda s: (s.at, s.victim, s.account, s.amount_fen, s.payer))
    level, rows = _reach(seeds, fetch, options)
    rows = {account: _drop_reversals(own) for account, own in rows.items()}
    flows = {a: AccountFlow(a, lvl, a in rows) for a, lvl in level.items()}

    # Each transfer we know from both ends is paired with its 进 row, counted once.
    inflows: dict[tuple, list[Movement]] = defaultdict(list)
    for account, own in rows.items():
        for m in own:
            if m.direction is Direction.inflow:
                inflows[(account, m.counterpart, m.amount_fen)].append(m)
    wanted = [((s.account, s.payer, s.amount_fen), s.at, ("seed", n)) for n, s in enumerate(seeds)]
    for account, own in rows.items():
        for n, m in enumerate(own):
            if m.direction is Direction.outflow and m.counterpart in rows:
                wanted.append(((m.counterpart, account, m.amount_fen), m.at, (account, n)))
    paired = _pair(wanted, inflows, options.pairing_tolerance)
    paired_rows = {id(m) for m in paired.values()}

    # Events in time order (within a second, the upstream account first); a paired transfer
    # happens at the earlier of its two times.
    events: list[tuple] = []
    for n, s in enumerate(seeds):
        twin = paired.get(("seed", n))
        events.append((min(s.at, twin.at) if twin else s.at, 0, "", n, s))
    ledgers = {account: _Ledger(options.method) for account in rows}
    for account, own in rows.items():
        # Every row of a statement may cancel out as reversal pairs: nothing left to open with.
        first = own[0] if own else None
        if first is not None and first.balance_fen is not None:
            signed = first.amount_fen if first.direction is Direction.inflow else -first.amount_fen
            ledgers[account].put(OTHER, first.balance_fen - signed, first.at)
        for n, m in enumerate(own):
            if id(m) in paired_rows:
                continue  # arrives with its outflow
            twin = paired.get((account, n))
            at = min(m.at, twin.at) if twin else m.at
            events.append((at, level[account], account, n, m))
    heapq.heapify(events)

    def arrive(account: str, victim: str, fen: int, at: datetime) -> None:
        flow = flows[account]
        if victim != OTHER:
            _add(flow.received, victim, fen)
            if flow.first_in_at is None or at < flow.first_in_at:
                flow.first_in_at = at
        if account in ledgers:
            ledgers[account].put(victim, fen, at)
        elif victim != OTHER:
            _add(flow.held, victim, fen)  # no statement: as far as we know, still there

    edges: dict[tuple[str, str], Edge] = {}
    while events:
        at, _, account, n, item = heapq.heappop(events)
        if isinstance(item, Seed):
            arrive(item.account, item.victim, item.amount_fen, at)
        elif item.direction is Direction.inflow:
            ledgers[account].put(OTHER, item.amount_fen, at)
        else:
            followed = _outflow(item, at, flows, ledgers, edges, arrive, options)
            if not followed and (account, n) in paired:
                # Its 进 row left the events with the pairing: the money still lands there.
                ledgers[item.counterpart].put(OTHER, item.amount_fen, at)

    for account, ledger in ledgers.items():
        for lot in ledger.lots:
            if lot.victim != OTHER:
                _add(flows[account].held, lot.victim, lot.fen)
    reached = {a: f for a, f in flows.items() if f.received}
    kept = sorted((e for e in edges.values() if e.by_victim), key=lambda e: (e.first_at, e.source))
    return Trace(reached, kept, list(seeds))


def _outflow(m: Movement, at: datetime, flows, ledgers, edges, arrive, options: Options) -> bool:
    """Take the money out of the account and say, per victim, where it went; True when the
    transfer is followed to its counterpart."""
    flow = flows[m.account]
    followed = (
        m.kind is MovementKind.transfer
        and m.counterpart in flows
        and m.amount_fen >= options.min_amount_fen
    )
    edge = None
    taken = ledgers[m.account].take(m.amount_fen)
    missing = m.amount_fen - sum(lot.fen for lot in taken)
    if followed and missing:
        # More went out than the statement shows coming in: earlier money, nobody's we trace.
        arrive(m.counterpart, OTHER, missing, at)
    for lot in taken:
        if lot.victim == OTHER:
            if followed:
                arrive(m.counterpart, OTHER, lot.fen, at)
            continue
        if m.kind is MovementKind.cash:
            figure = flow.cash
        elif m.kind is not MovementKind.transfer or m.amount_fen < options.min_amount_fen:
            figure = flow.spent
        elif not followed:
            figure = flow.untraced
        elif at - lot.arrived > options.window:
            figure = flow.late
        else:
            figure = flow.passed
        _add(figure, lot.victim, lot.fen)
        if figure is flow.passed:
            if edge is None:
                edge = edges.get((m.account, m.counterpart))
                if edge is None:
                    edge = edges[(m.account, m.counterpart)] = Edge(m.account, m.counterpart)
            _add(edge.by_victim, lot.victim, lot.fen)
        if followed:
            # Money moved after the window still lands there, as nobody's we follow.
            arrive(m.counterpart, lot.victim if figure is flow.passed else OTHER, lot.fen, at)
    if edge is not None:
        edge.count += 1
        edge.first_at = at if edge.first_at is None else min(edge.first_at, at)
        edge.last_at = at if edge.last_at is None else max(edge.last_at, at)
    return followed


def _add(figure: dict[str, int], victim: str, fen: int) -> None:
    figure[victim] = figure.get(victim, 0) + fen


def from_rows(movements: Iterable[Movement]) -> Fetch:
    """A `fetch` over rows held in memory (tests, benchmarks)."""
    by_account: dict[str, list[Movement]] = defaultdict(list)
    for m in movements:
        by_account[m.account].append(m)
    return lambda accounts: {a: by_account[a] for a in accounts if a in by_account}
