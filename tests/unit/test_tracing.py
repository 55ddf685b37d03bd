"""Fund tracing on hand-built flows with known answers, and its invariants on random ones."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from fanzha.fundflow.tracing import (
    Direction,
    Method,
    Movement,
    MovementKind,
    Options,
    Seed,
    Trace,
    from_rows,
    trace,
)

T0 = datetime(2026, 5, 16, 10, 0, tzinfo=UTC)
IN, OUT = Direction.inflow, Direction.outflow


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def transfer(source: str, target: str, fen: int, minute: float, *, skew: float = 0.5):
    """Both statements' rows of one transfer (the receiving bank books it a little later)."""
    return [
        Movement(source, at(minute), fen, OUT, target),
        Movement(target, at(minute + skew), fen, IN, source),
    ]


def victim_pays(account: str, fen: int, minute: float = 0, victim: str = "V") -> tuple:
    return Seed(victim, account, at(minute), fen, payer="6222000011112222"), Movement(
        account, at(minute), fen, IN, "6222000011112222"
    )


def run(seeds, rows, **options) -> Trace:
    return trace(seeds, from_rows(rows), Options(**options))


def figures(result: Trace, account: str, victim: str = "V") -> dict[str, int]:
    flow = result.accounts[account]
    names = ("received", "passed", "cash", "spent", "late", "untraced", "held")
    return {name: getattr(flow, name).get(victim, 0) for name in names if getattr(flow, name)}


class TestKnownFlows:
    def test_fan_out_splits_the_money_between_second_level_accounts(self):
        seed, row = victim_pays("A", 10_000_00)
        rows = [row, *transfer("A", "B", 6_000_00, 5), *transfer("A", "C", 4_000_00, 6)]
        result = run([seed], rows)
        assert figures(result, "A") == {"received": 10_000_00, "passed": 10_000_00}
        assert figures(result, "B") == {"received": 6_000_00, "held": 6_000_00}
        assert figures(result, "C") == {"received": 4_000_00, "held": 4_000_00}
        assert (result.accounts["A"].level, result.accounts["B"].level) == (1, 2)

    def test_fan_in_keeps_each_victims_share_apart(self):
        s1, r1 = victim_pays("A", 5_000_00, 0, victim="V1")
        s2, r2 = victim_pays("B", 3_000_00, 1, victim="V2")
        rows = [
            r1,
            r2,
            *transfer("A", "C", 5_000_00, 5),
            *transfer("B", "C", 3_000_00, 6),
            Movement("C", at(20), 8_000_00, OUT, kind=MovementKind.cash),
        ]
        result = run([s1, s2], rows)
        assert result.accounts["C"].cash == {"V1": 5_000_00, "V2": 3_000_00}
        assert result.accounts["C"].held == {}

    def test_a_cycle_brings_the_money_back_and_it_is_counted_where_it_ends(self):
        seed, row = victim_pays("A", 1_000_00)
        rows = [
            row,
            *transfer("A", "B", 1_000_00, 5),
            *transfer("B", "A", 1_000_00, 10),
            Movement("A", at(15), 1_000_00, OUT, kind=MovementKind.cash),
        ]
        result = run([seed], rows)
        assert figures(result, "A") == {"received": 2_000_00, "passed": 1_000_00, "cash": 1_000_00}
        assert figures(result, "B") == {"received": 1_000_00, "passed": 1_000_00}

    def test_split_and_remerge_arrives_whole(self):
        seed, row = victim_pays("A", 1_000_00)
        rows = [
            row,
            *transfer("A", "B", 500_00, 1),
            *transfer("A", "C", 500_00, 2),
            *transfer("B", "D", 500_00, 3),
            *transfer("C", "D", 500_00, 4),
        ]
        result = run([seed], rows)
        assert figures(result, "D") == {"received": 1_000_00, "held": 1_000_00}
        assert result.accounts["D"].level == 3

    def test_the_mules_own_earlier_balance_leaves_first(self):
        seed, row = victim_pays("A", 5_000_00, 60)
        rows = [
            Movement("A", at(0), 2_000_00, IN, "9999", balance_fen=2_000_00),
            row,
            *transfer("A", "B", 3_000_00, 65),
        ]
        result = run([seed], rows)
        assert figures(result, "A") == {"received": 5_000_00, "passed": 1_000_00, "held": 4_000_00}
        assert figures(result, "B") == {"received": 1_000_00, "held": 1_000_00}

    def test_proportional_attribution_shares_each_outflow_by_what_is_in_the_account(self):
        seed, row = victim_pays("A", 5_000)
        # The statement starts with the victim's money; its balance shows 2,000 fen before.
        first = Movement(
            row.account, row.at, row.amount_fen, IN, row.counterpart, balance_fen=7_000
        )
        rows = [first, *transfer("A", "B", 3_000, 5)]
        fifo = run([seed], rows)
        proportional = run([seed], rows, method=Method.proportional)
        assert figures(fifo, "A")["passed"] == 1_000
        # 3,000 × 5/7 = 2,142.86 fen: whole fen, the remainder to the larger share.
        assert figures(proportional, "A") == {"received": 5_000, "passed": 2_143, "held": 2_857}

    def test_cash_and_merchant_spending_are_told_apart(self):
        seed, row = victim_pays("A", 10_000_00)
        rows = [
            row,
            Movement("A", at(3), 2_000_00, OUT, kind=MovementKind.cash),
            Movement("A", at(4), 500_00, OUT, kind=MovementKind.merchant),
            Movement("A", at(5), 5, OUT, "B"),  # a test transfer of 5 fen is not followed
        ]
        result = run([seed], rows)
        assert figures(result, "A") == {
            "received": 10_000_00,
            "cash": 2_000_00,
            "spent": 500_00 + 5,
            "held": 7_500_00 - 5,
        }
        assert "B" not in result.accounts

    def test_a_reversed_transfer_never_left(self):
        seed, row = victim_pays("A", 5_000_00)
        rows = [
            row,
            Movement("A", at(5), 3_000_00, OUT, "B"),
            Movement("A", at(6), 3_000_00, IN, "B", kind=MovementKind.reversal),
        ]
        result = run([seed], rows)
        assert figures(result, "A") == {"received": 5_000_00, "held": 5_000_00}
        assert "B" not in result.accounts

    def test_a_statement_whose_rows_all_cancel_out_holds_what_arrived(self):
        # The victim's payment is not on the statement; its only rows are a transfer and the
        # 冲正 that undid it, so nothing is left to read an opening balance from.
        seed, _ = victim_pays("A", 2_000_00)
        rows = [
            Movement("A", at(5), 2_000_00, OUT, "B", balance_fen=0),
            Movement(
                "A", at(6), 2_000_00, IN, "B", kind=MovementKind.reversal, balance_fen=2_000_00
            ),
        ]
        result = run([seed], rows)
        assert figures(result, "A") == {"received": 2_000_00, "held": 2_000_00}
        assert "B" not in result.accounts

    def test_money_moved_after_the_window_is_not_followed(self):
        seed, row = victim_pays("A", 1_000_00)
        rows = [row, *transfer("A", "B", 1_000_00, 120)]
        result = run([seed], rows, window=timedelta(hours=1))
        assert figures(result, "A") == {"received": 1_000_00, "late": 1_000_00}
        assert "B" not in result.accounts

    def test_an_account_without_statement_is_to_request_and_presumed_holding(self):
        seed, row = victim_pays("A", 1_000_00)
        result = run([seed], [row, Movement("A", at(2), 1_000_00, OUT, "B")])
        assert result.statements_to_request() == ["B"]
        assert [a.account for a in result.still_holding()] == ["B"]
        assert not result.accounts["B"].has_statement

    def test_the_hop_limit_stops_following(self):
        seed, row = victim_pays("L1", 100_00)
        chain = [f"L{i}" for i in range(1, 8)]
        rows = [row]
        for i, (a, b) in enumerate(itertools.pairwise(chain)):
            rows += transfer(a, b, 100_00, i + 1)
        result = run([seed], rows, max_hops=3)
        assert sorted(result.accounts) == ["L1", "L2", "L3"]
        assert figures(result, "L3") == {"received": 100_00, "untraced": 100_00}

    def test_a_transfer_seen_in_both_statements_is_counted_once(self):
        seed, row = victim_pays("A", 1_000_00)
        late_booking = transfer("A", "B", 1_000_00, 5, skew=3)
        result = run([seed], [row, *late_booking])
        assert figures(result, "B") == {"received": 1_000_00, "held": 1_000_00}
        edge = result.edges[0]
        assert (edge.source, edge.target, edge.total(), edge.count) == ("A", "B", 1_000_00, 1)

    def test_outflows_before_the_victims_money_arrived_do_not_count(self):
        seed, row = victim_pays("A", 1_000_00, 30)
        rows = [Movement("A", at(0), 500_00, IN, "X"), *transfer("A", "B", 500_00, 10), row]
        result = run([seed], rows)
        assert "B" not in result.accounts
        assert figures(result, "A") == {"received": 1_000_00, "held": 1_000_00}


# --- invariants on random flows ------------------------------------------------------------

ACCOUNTS = ["A", "B", "C", "D", "E", "F"]


@st.composite
def flows(draw):
    rows: list[Movement] = []
    seeds: list[Seed] = []
    for _ in range(draw(st.integers(1, 3))):
        account = draw(st.sampled_from(ACCOUNTS[:3]))
        minute = draw(st.integers(0, 30))
        fen = draw(st.integers(1, 100_000))
        seeds.append(Seed(draw(st.sampled_from(["V1", "V2"])), account, at(minute), fen))
        if draw(st.booleans()):
            rows.append(Movement(account, at(minute), fen, IN))
    for _ in range(draw(st.integers(0, 40))):
        source = draw(st.sampled_from(ACCOUNTS))
        minute = draw(st.integers(0, 200))
        fen = draw(st.integers(1, 60_000))
        # Mostly transfers, so money travels several hops.
        kind = draw(st.sampled_from([MovementKind.transfer] * 6 + list(MovementKind)))
        if kind is MovementKind.transfer:
            target = draw(st.sampled_from([a for a in ACCOUNTS if a != source] + [""]))
            rows.append(Movement(source, at(minute), fen, OUT, target))
            if target and draw(st.booleans()):
                skew = draw(st.integers(-2, 5))
                rows.append(Movement(target, at(minute + skew), fen, IN, source))
        else:
            direction = draw(st.sampled_from([IN, OUT]))
            balance = draw(st.none() | st.integers(0, 200_000))
            rows.append(Movement(source, at(minute), fen, direction, "", kind, balance))
    options = Options(
        method=draw(st.sampled_from(list(Method))),
        window=timedelta(minutes=draw(st.integers(1, 600))),
        min_amount_fen=draw(st.integers(0, 1_000)),
        max_hops=draw(st.integers(1, 5)),
    )
    return seeds, rows, options


def _snapshot(result: Trace) -> dict:
    return {
        a: (f.level, f.received, f.passed, f.cash, f.spent, f.late, f.untraced, f.held)
        for a, f in result.accounts.items()
    } | {"edges": sorted((e.source, e.target, sorted(e.by_victim.items())) for e in result.edges)}


@settings(max_examples=300, deadline=None)
@given(flows())
def test_attributed_money_never_exceeds_what_an_account_received(case):
    seeds, rows, options = case
    result = trace(seeds, from_rows(rows), options)
    for flow in result.accounts.values():
        for victim, received in flow.received.items():
            parts = [
                getattr(flow, name).get(victim, 0)
                for name in ("passed", "cash", "spent", "late", "untraced", "held")
            ]
            assert all(part >= 0 for part in parts)
            assert sum(parts) == received


@settings(max_examples=300, deadline=None)
@given(flows())
def test_money_is_conserved_along_every_path(case):
    seeds, rows, options = case
    result = trace(seeds, from_rows(rows), options)
    for victim in {s.victim for s in seeds}:
        paid = sum(s.amount_fen for s in seeds if s.victim == victim)
        ends = sum(
            getattr(f, name).get(victim, 0)
            for f in result.accounts.values()
            for name in ("cash", "spent", "late", "untraced", "held")
        )
        assert ends == paid
        for account, flow in result.accounts.items():
            arriving = sum(
                s.amount_fen for s in seeds if s.victim == victim and s.account == account
            )
            arriving += sum(e.by_victim.get(victim, 0) for e in result.edges if e.target == account)
            assert arriving == flow.received.get(victim, 0)


@settings(max_examples=200, deadline=None)
@given(flows(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_rows_were_imported(case, rnd: random.Random):
    seeds, rows, options = case
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    reordered_seeds = seeds[:]
    rnd.shuffle(reordered_seeds)
    first = trace(seeds, from_rows(rows), options)
    again = trace(reordered_seeds, from_rows(shuffled), options)
    assert _snapshot(first) == _snapshot(again)
