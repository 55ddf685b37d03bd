"""Pooled returns: the largest-remainder split in whole fen."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanzha.money import split_proportionally

totals = st.integers(min_value=0, max_value=10**12)
weights = st.lists(st.integers(min_value=1, max_value=10**11), min_size=1, max_size=60)


@given(totals, weights)
def test_parts_add_up_exactly_and_stay_within_one_fen_of_the_exact_share(total, losses):
    shares = split_proportionally(total, losses)
    assert sum(shares) == total
    whole = sum(losses)
    for share, loss in zip(shares, losses, strict=True):
        exact = Fraction(total * loss, whole)
        assert exact - 1 < share < exact + 1 and share >= 0


@given(totals, weights)
def test_a_larger_loss_never_gets_less(total, losses):
    shares = split_proportionally(total, losses)
    for i in range(len(losses)):
        for j in range(len(losses)):
            if losses[i] > losses[j]:
                assert shares[i] >= shares[j]


@given(totals, weights, st.randoms())
def test_the_order_of_the_victims_changes_nobody_s_share_beyond_ties(total, losses, rnd):
    order = list(range(len(losses)))
    rnd.shuffle(order)
    shuffled = split_proportionally(total, [losses[i] for i in order])
    original = split_proportionally(total, losses)
    for position, i in enumerate(order):
        # Equal losses may trade a tie-break fen; anyone else gets exactly the same.
        if losses.count(losses[i]) == 1:
            assert shuffled[position] == original[i]
    assert sorted(shuffled) == sorted(original)


def test_a_worked_example():
    # 100,000.00 yuan among losses of 50,000, 30,000 and 20,000.01 yuan.
    assert split_proportionally(10_000_000, [5_000_000, 3_000_000, 2_000_001]) == [
        4_999_999,
        3_000_000,
        2_000_001,
    ]
    assert split_proportionally(100, [1, 1, 1]) == [34, 33, 33]


def test_nothing_to_share_in_proportion_to_is_refused():
    with pytest.raises(ValueError):
        split_proportionally(100, [])
    with pytest.raises(ValueError):
        split_proportionally(100, [0, 0])
