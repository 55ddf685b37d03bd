"""Statement import and fund tracing at the size of a city's year of 资金查控:

- import.1m_rows_seconds / import.1m_rows_peak_rss_mib: a 1,000,000-row statement file
  (CSV, amount + 借贷 flag layout) imported through fundflow.imports as an upload is (file kept,
  header detected, every row parsed, COPY, duplicate check, insert), in a child process
  whose peak memory is its own;
- trace.1m_rows_seconds: tracing a case's transfers 5 hops deep over those rows (300,000
  accounts), by the (account, at) index, median over 20 cases;
- trace.networkx_seconds: the same tracing with the rows in a networkx MultiDiGraph (built,
  then traversed: what a networkx implementation has to do to answer a case), and
  trace.1m_rows_speedup_vs_networkx, the ratio. trace.networkx_traverse_only_ms records
  the traversal alone on the already-built graph, for the record.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from bench.figures import Figure
from fanzha import migrate
from fanzha.clock import SHANGHAI
from fanzha.db import new_engine, sqlalchemy_url
from fanzha.fundflow import case_trace, imports, tracing
from fanzha.fundflow.tracing import Direction, Movement, MovementKind, Options, Seed

ROWS = 1_000_000
ACCOUNTS = 300_000
CASES = 2_000
TRACED = 20
START = datetime(2026, 1, 1, tzinfo=UTC)
HEADER = "本方账号,交易时间,交易金额,借贷标志,交易余额,交易方账号,交易方户名,摘要说明\n"


def _account(n: int) -> str:
    return f"62{n:017d}"


def synthetic(rows: int = ROWS, accounts: int = ACCOUNTS, cases: int = CASES, seed: int = 7):
    """(csv lines, the cases' seeds): mule trees five levels deep with 2–3 children per card,
    money forwarded within minutes and withdrawn at the last level, plus ordinary traffic
    between the other accounts (each transfer seen from both ends) until `rows`."""
    rng = random.Random(seed)
    lines: list[str] = []
    seeds: list[list[Seed]] = []
    next_account = 0

    def new_account() -> str:
        nonlocal next_account
        next_account += 1
        return _account(next_account)

    def both(source: str, target: str, at: datetime, fen: int, note: str = "转账") -> None:
        stamp = at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
        amount = f"{fen // 100}.{fen % 100:02d}"
        lines.append(f"{source},{stamp},{amount},借,,{target},某某,{note}\n")
        lines.append(f"{target},{stamp},{amount},贷,,{source},某某,{note}\n")

    for case in range(cases):
        at = START + timedelta(minutes=rng.randrange(0, 360 * 24 * 60))
        victim = f"V{case}"
        case_seeds = []
        for _ in range(rng.randint(1, 2)):
            first = new_account()
            fen = rng.randrange(5_000, 300_000) * 100
            lines.append(
                f"{first},{at.astimezone(SHANGHAI):%Y-%m-%d %H:%M:%S},{fen // 100}.00,贷,,"
                f"6222{case:015d},受害人,转账\n"
            )
            case_seeds.append(Seed(victim, first, at, fen, f"6222{case:015d}"))
            frontier = [(first, at, fen)]
            for level in range(2, 7):
                following = []
                for account, arrived, held in frontier:
                    if level == 6 or held < 2_000_00:
                        when = arrived + timedelta(minutes=rng.randint(5, 90))
                        lines.append(
                            f"{account},{when.astimezone(SHANGHAI):%Y-%m-%d %H:%M:%S},"
                            f"{held * 9 // 10 // 100}.00,借,,,,ATM取现\n"
                        )
                        continue
                    children = rng.randint(2, 3)
                    share = held * 95 // 100 // children // 100 * 100
                    for _ in range(children):
                        child = new_account()
                        when = arrived + timedelta(minutes=rng.randint(1, 30))
                        both(account, child, when, share)
                        following.append((child, when, share))
                frontier = following
        seeds.append(case_seeds)
    mules = next_account
    ordinary = max(accounts - mules, 1000)
    while len(lines) < rows:
        a = _account(mules + 1 + rng.randrange(ordinary))
        b = _account(mules + 1 + rng.randrange(ordinary))
        if a == b:
            continue
        at = START + timedelta(seconds=rng.randrange(0, 360 * 86_400))
        both(a, b, at, rng.randrange(1, 500_000) * 100, rng.choice(["转账", "工资", "还款"]))
    return with_balances(lines[:rows]), seeds


def with_balances(lines: list[str]) -> list[str]:
    """Each account's running balance filled in, as banks print it, so the import's continuity
    check (fundflow.continuity) has every row to check."""
    cells = [line.split(",", 5) for line in lines]
    order = sorted(range(len(cells)), key=lambda i: (cells[i][0], cells[i][1], i))
    balance: dict[str, int] = {}
    for i in order:
        account, _at, amount, flag = cells[i][:4]
        whole, cents = amount.split(".")
        fen = int(whole) * 100 + int(cents)
        now = balance.get(account, 0) + (fen if flag == "贷" else -fen)
        balance[account] = now
        sign, size = ("-" if now < 0 else ""), abs(now)
        cells[i][4] = f"{sign}{size // 100}.{size % 100:02d}"
    return [",".join(c) for c in cells]


def _import_in_child(url: str, path: Path) -> dict:
    """Run the import in a fresh process so its peak memory is its own."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.fundflow", "import", url, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _child_import(url: str, path: str) -> None:
    import resource

    from fanzha.access import Principal

    content = Path(path).read_bytes()
    # The bulk timeouts, as the import job's worker has: one statement of a 1M-row import may
    # take longer than a web request is allowed to.
    engine = new_engine(sqlalchemy_url(url), bulk=True)
    started = time.perf_counter()
    with Session(engine) as session, session.begin():
        record = imports.start_import(
            session, Principal.system(), case=None, filename="1m.csv", content=content
        )
        del content
        imports.run_import(session, Principal.system(), record)
        imported = record.rows_imported
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mib": peak, "rows": imported}))


def _networkx_fetch(rows: list[Movement]):
    import networkx as nx

    graph = nx.MultiDiGraph()
    for m in rows:
        # Each statement row is an edge from its own account (to the counterpart, or to a
        # sink for cash), so an account's rows are its out-edges.
        graph.add_edge(m.account, m.counterpart or "∅", movement=m)

    def fetch(accounts: set[str]):
        return {
            a: [d["movement"] for _, _, d in graph.out_edges(a, data=True)]
            for a in accounts
            if a in graph
        }

    return fetch


def _movements(lines: list[str]) -> list[Movement]:
    out = []
    for line in lines:
        account, stamp, amount, flag, balance, counterpart, _, note = line.rstrip("\n").split(",")
        at = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S").replace(tzinfo=SHANGHAI)
        yuan, fen = amount.split(".")
        kind = MovementKind.cash if note == "ATM取现" else MovementKind.transfer
        direction = Direction.outflow if flag == "借" else Direction.inflow
        whole, cents = balance.lstrip("-").split(".")
        held = (int(whole) * 100 + int(cents)) * (-1 if balance.startswith("-") else 1)
        fen_moved = int(yuan) * 100 + int(fen)
        out.append(Movement(account, at, fen_moved, direction, counterpart, kind, held))
    return out


def run(url: str) -> dict[str, Figure]:
    migrate.upgrade(sqlalchemy_url(url))
    lines, seeds = synthetic()
    path = Path(tempfile.mkdtemp(prefix="fanzha-stmt-")) / "1m.csv"
    with path.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        f.writelines(lines)
    imported = _import_in_child(url, path)
    assert imported["rows"] == ROWS, imported

    engine = new_engine(sqlalchemy_url(url))
    with engine.begin() as conn:
        conn.execute(text("ANALYZE statement_rows"))
    chosen = random.Random(3).sample(seeds, TRACED)
    options = Options(max_hops=5)
    ours = []
    reached = []
    for case_seeds in chosen:
        with Session(engine) as session:
            started = time.perf_counter()
            result = tracing.trace(case_seeds, case_trace.movements_fetcher(session), options)
            ours.append(time.perf_counter() - started)
            reached.append(len(result.accounts))
    engine.dispose()

    movements = _movements(lines)
    del lines
    started = time.perf_counter()
    fetch = _networkx_fetch(movements)
    first = tracing.trace(chosen[0], fetch, options)
    networkx_seconds = time.perf_counter() - started
    traverse = []
    for case_seeds in chosen:
        started = time.perf_counter()
        tracing.trace(case_seeds, fetch, options)
        traverse.append(time.perf_counter() - started)
    assert len(first.accounts) == reached[0]  # the same answer both ways

    trace_seconds = statistics.median(ours)
    return {
        "import.1m_rows_seconds": Figure(round(imported["seconds"], 1), "s"),
        "import.1m_rows_peak_rss_mib": Figure(round(imported["peak_mib"]), "MiB"),
        "trace.1m_rows_seconds": Figure(round(trace_seconds, 4), "s"),
        "trace.1m_rows_accounts_reached_median": Figure(statistics.median(reached), "accounts"),
        "trace.networkx_seconds": Figure(round(networkx_seconds, 2), "s"),
        "trace.1m_rows_speedup_vs_networkx": Figure(
            round(networkx_seconds / trace_seconds, 1), "×"
        ),
        "trace.networkx_traverse_only_ms": Figure(
            round(statistics.median(traverse) * 1000, 2), "ms"
        ),
    }


if __name__ == "__main__" and sys.argv[1:2] == ["import"]:
    _child_import(sys.argv[2], sys.argv[3])
