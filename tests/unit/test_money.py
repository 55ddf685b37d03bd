"""Money at the edge: yuan text ↔ integer fen, exactly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanzha.money import InvalidAmount, format_yuan, parse_yuan


@given(st.integers(min_value=-(10**13), max_value=10**13))
def test_printing_then_parsing_gives_back_the_same_fen(fen: int):
    assert parse_yuan(format_yuan(fen)) == fen


@pytest.mark.parametrize(
    "text,fen",
    [
        ("1,234.56", 123456),
        ("1234.5元", 123450),
        ("￥80", 8000),
        ("5.2万", 5_200_000),
        ("０.０１", 1),
        ("47万", 47_000_000),
        ("1.5亿", 15_000_000_000),
        (" 300 ", 30000),
    ],
)
def test_the_ways_officers_write_amounts(text: str, fen: int):
    assert parse_yuan(text) == fen


@pytest.mark.parametrize("text", ["", "abc", "1.234", "1..2", "12元3", "万"])
def test_not_amounts(text: str):
    with pytest.raises(InvalidAmount):
        parse_yuan(text)


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_two_decimal_places_are_exact(value):
    assert parse_yuan(f"{value:.2f}") == int(value * 100)
