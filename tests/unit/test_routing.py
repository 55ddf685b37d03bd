"""Address routing: the name index finds what a plain scan of every substring finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fanzha.warnings.routing import Gazetteer, Place, _Names

# A small alphabet so names overlap, share beginnings and occur inside one another.
chars = st.sampled_from("阳光花园江滨路翠湖")
names = st.lists(st.text(chars, min_size=1, max_size=6), max_size=12)


def scan(text: str, table: set[str]) -> tuple[str, int] | None:
    """The reference: every length from the longest down, every start from the left."""
    for size in sorted({len(n) for n in table}, reverse=True):
        for start in range(len(text) - size + 1):
            if text[start : start + size] in table:
                return text[start : start + size], start + size
    return None


@given(names, st.text(chars, max_size=30))
def test_the_longest_name_in_an_address_is_the_one_a_full_scan_finds(table, text):
    assert _Names(table).longest(text) == scan(text, set(table))


def place(compound: str, street: str, number: str, grid: int) -> Place:
    return Place(compound, "临江区", street, number, grid_id=grid, unit_id=grid)


def test_an_address_goes_to_the_longest_compound_it_names():
    gazetteer = Gazetteer(
        [place("阳光花园", "江滨路", "188号", 1), place("阳光花园北苑", "江滨路", "190号", 2)]
    )
    route = gazetteer.route("临江区江滨路190号阳光花园北苑5栋3单元1101室")
    assert route.place is not None and route.place.grid_id == 2
    assert gazetteer.route("临江区江滨路188号阳光花园2栋").place.grid_id == 1
