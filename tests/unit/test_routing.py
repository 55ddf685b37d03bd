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


# The demo city's shared street: 石家庄路 in 新港区 (海棠派出所 / 曙光社区警务室) and in 临江区.
XINGANG = Place("明珠苑", "新港区", "石家庄路", "378号", grid_id=31, unit_id=301)
LINJIANG = Place("石家庄路小区", "临江区", "石家庄路", "378号", grid_id=11, unit_id=101)
ELSEWHERE = Place("阳光花园", "临江区", "江滨路", "188号", grid_id=12, unit_id=102)
shared_street = Gazetteer([XINGANG, LINJIANG, ELSEWHERE])


def test_an_address_naming_the_district_routes_within_it():
    for address in (
        "示例市新港区石家庄路378号",
        "新港区石家庄路378号明珠苑",
        "新港区石家庄路378号",
    ):
        route = shared_street.route(address)
        assert route.place == XINGANG, address
        assert route.candidates == ()
    assert shared_street.route("临江区石家庄路378号").place == LINJIANG


def test_a_shared_street_without_district_asks_the_center_with_the_candidates():
    for address in ("石家庄路378号", "示例市石家庄路", "石家庄路378号2栋"):
        route = shared_street.route(address)
        assert route.place is None, address  # never a wrong station
        assert set(route.candidates) == {XINGANG, LINJIANG}
        assert route.note == "地址未写区县，临江区、新港区都有此地址，待中心选择"


def test_a_compound_name_settles_a_shared_street():
    assert shared_street.route("石家庄路378号明珠苑3栋").place == XINGANG


def test_a_district_that_does_not_know_the_address_does_not_guess_another():
    route = shared_street.route("新港区江滨路188号阳光花园")
    assert route.place is None and route.candidates == ()


@given(
    st.sampled_from(["新港区", "临江区"]),
    st.sampled_from(["", "示例市", "浙江省示例市"]),
    st.sampled_from(["", "2栋", "2幢1单元301室", " 1101 "]),
)
def test_the_district_written_decides_whatever_else_is_written(district, city, rest):
    route = shared_street.route(f"{city}{district}石家庄路378号{rest}")
    assert route.place is not None and route.place.district == district


@given(st.text(st.sampled_from("石家庄路新港区临江明珠苑378号栋"), max_size=20))
def test_an_address_is_routed_to_its_district_or_asked_never_a_wrong_district(text):
    route = shared_street.route(text)
    if route.place is not None and "新港区" in text and "临江区" not in text:
        assert route.place.district == "新港区"
    if route.candidates:
        assert route.place is None and len({p.grid_id for p in route.candidates}) > 1
