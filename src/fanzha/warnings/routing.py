"""Route an address to a grid through the gazetteer: exact compound, street + number, fuzzy.

Pure: the gazetteer is plain rows loaded by the service; matching is set lookups over an
address's substrings (fast enough for batch intake) with rapidfuzz for typos.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from fanzha.i18n import zh_CN
from fanzha.identifiers import to_simplified

_NUMBER = re.compile(r"^(\d{1,5})号")
_BUILDING = re.compile(r"\d+(栋|幢|号楼|单元|室|层|楼)")
_NOISE = re.compile(r"[\s,，。.、（）()\-—]")


@dataclass(frozen=True)
class Place:
    """One compound of the gazetteer."""

    compound: str
    district: str
    street: str
    house_number: str  # "188号"
    grid_id: int
    unit_id: int  # the grid's unit (a 社区警务室)
    # A house-number range of the street outside any compound (compound ""): low..high.
    low: int = 0
    high: int = 0


@dataclass(frozen=True)
class Route:
    place: Place | None
    note: str
    score: int = 100
    # When the address fits places in more than one district (a street name several districts
    # share, no district written): where it could be, for the center to choose with one click.
    candidates: tuple[Place, ...] = ()


def normalize_address(raw: str) -> str:
    text = to_simplified(unicodedata.normalize("NFKC", raw or ""))
    return _NOISE.sub("", text)


class _Names:
    """Finds the longest name occurring in a text, the earliest on ties.

    Names are indexed by their first characters, so a 30-character address costs a few set
    lookups rather than one per (position, length) pair: batch intake routes 1,000 addresses
    per request."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = {n for n in names if n}
        self.head = min((len(n) for n in self.names), default=1)
        lengths: dict[str, set[int]] = {}
        for name in self.names:
            lengths.setdefault(name[: self.head], set()).add(len(name))
        self.lengths = {h: sorted(sizes, reverse=True) for h, sizes in lengths.items()}

    def longest(self, text: str) -> tuple[str, int] | None:
        """The name and where it ends in `text`."""
        best_size, best_start = 0, 0
        for start in range(len(text) - self.head + 1):
            for size in self.lengths.get(text[start : start + self.head], ()):
                if size <= best_size:
                    break
                if start + size <= len(text) and text[start : start + size] in self.names:
                    best_size, best_start = size, start
                    break
        if not best_size:
            return None
        return text[best_start : best_start + best_size], best_start + best_size


class _Area:
    """The compounds and streets of one district, or of the whole city."""

    def __init__(self, places: list[Place]) -> None:
        self.by_name: dict[str, list[Place]] = {}
        self.by_street: dict[str, list[Place]] = {}
        self.by_number: dict[tuple[str, str], list[Place]] = {}
        self.ranges: dict[str, list[Place]] = {}
        for place in places:
            self.by_street.setdefault(place.street, []).append(place)
            if place.low:
                self.ranges.setdefault(place.street, []).append(place)
                continue
            self.by_name.setdefault(place.compound, []).append(place)
            self.by_number.setdefault((place.street, place.house_number), []).append(place)
        self._compounds = _Names(self.by_name)
        self._streets = _Names(self.by_street)
        self._names = list(self.by_name)

    def route(self, address: str) -> Route:
        exact = self._compounds.longest(address)
        if exact:
            places = self.by_name[exact[0]]
            # Compounds of one name in several districts: the street written may tell them apart.
            places = [p for p in places if p.street in address] or places
            return _one_or_ask(places, zh_CN.ROUTE_NOTES["compound"].format(compound=exact[0]))
        street = self._streets.longest(address)
        if street:
            name, end = street
            rest = address[end:]
            number = _NUMBER.match(rest)
            segment = _BUILDING.split(rest[number.end() :] if number else rest)[0]
            on_street = self.by_street[name]
            compounds = sorted({p.compound for p in on_street if not p.low})
            fuzzy = self._fuzzy(segment, compounds, fuzz.ratio)
            if fuzzy:
                return fuzzy
            if number:
                note = zh_CN.ROUTE_NOTES["street_number"].format(
                    street=name, number=number.group(0)
                )
                if (name, number.group(0)) in self.by_number:
                    return _one_or_ask(self.by_number[(name, number.group(0))], note)
                value = int(number.group(1))
                spans = [p for p in self.ranges.get(name, ()) if p.low <= value <= p.high]
                if spans:
                    return _one_or_ask(spans, note)
            if len({p.district for p in on_street}) > 1:
                return _one_or_ask(on_street, "")
        fuzzy = self._fuzzy(_BUILDING.split(address)[0], self._names, fuzz.partial_ratio)
        return fuzzy or Route(None, zh_CN.ROUTE_NOTES["unmatched"], 0)

    def _fuzzy(self, text: str, names: list[str], scorer) -> Route | None:
        """The best name if it is good and clearly better than the runner-up."""
        if len(text) < 2 or not names:
            return None
        best = process.extract(text, names, scorer=scorer, limit=2, score_cutoff=75)
        if not best:
            return None
        if len(best) > 1 and best[0][1] - best[1][1] < 10:
            return None  # two compounds fit about as well: a person decides
        name, score = best[0][0], int(best[0][1])
        places = self.by_name[name]
        if len(places) > 1:
            return None
        return Route(
            places[0], zh_CN.ROUTE_NOTES["fuzzy"].format(compound=name, score=score), score
        )


def _one_or_ask(places: list[Place], note: str) -> Route:
    """The place if all of `places` lie in one grid; otherwise the center chooses among them."""
    grids = {p.grid_id for p in places}
    if len(grids) == 1:
        return Route(places[0], note)
    seen: dict[tuple[int, str, str], Place] = {}
    for place in sorted(places, key=lambda p: (p.district, p.street, p.grid_id, p.compound)):
        seen.setdefault((place.grid_id, place.district, place.street), place)
    candidates = tuple(seen.values())
    districts = "、".join(dict.fromkeys(p.district for p in candidates))
    return Route(None, zh_CN.ROUTE_NOTES["ambiguous"].format(districts=districts), 0, candidates)


class Gazetteer:
    """Routes an address within the district it names; without one, within the whole city,
    asking the center when the address fits more than one district."""

    def __init__(self, places: list[Place]) -> None:
        self._city = _Area(places)
        by_district: dict[str, list[Place]] = {}
        for place in places:
            by_district.setdefault(place.district, []).append(place)
        self._districts = {d: _Area(ps) for d, ps in by_district.items()}
        self._district_names = _Names(by_district)
        self._size = len({(p.district, p.compound) for p in places})

    def __len__(self) -> int:
        return self._size

    def route(self, raw_address: str) -> Route:
        address = normalize_address(raw_address)
        if not address:
            return Route(None, zh_CN.ROUTE_NOTES["no_address"], 0)
        district = self._district_names.longest(address)
        if district:
            name, end = district
            return self._districts[name].route(address[end:])
        return self._city.route(address)
