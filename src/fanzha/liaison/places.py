"""Where an address or a phone's home region says a person is: the province and city written
at its start (江西省峰市…, 北京市朝阳区…), and whether that is another place than ours.

Pure: plain strings in and out; the phone's region comes from phonenumbers' offline geocoder
data (fanzha.identifiers.normalize_phone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PROVINCE = re.compile(r"^(.{2,7}?(?:省|自治区|特别行政区)|北京市|上海市|天津市|重庆市)")
_CITY = re.compile(r"^(.{1,7}?(?:自治州|地区|盟|市|县))")
_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")


@dataclass(frozen=True)
class Place:
    province: str = ""
    city: str = ""

    def __bool__(self) -> bool:
        return bool(self.province or self.city)

    @property
    def label(self) -> str:
        return f"{self.province}{self.city}"


def place_of(text: str) -> Place:
    """The province and city an address or a region name starts with; empty parts when it
    names none (a local address starts with its district)."""
    text = re.sub(r"\s", "", text or "")
    province = _PROVINCE.match(text)
    if province is None:
        return Place()
    name = province.group(1)
    if name in _MUNICIPALITIES:
        return Place(name, name)
    city = _CITY.match(text[province.end() :])
    return Place(name, city.group(1) if city else "")


def elsewhere(place: Place, home_province: str, home_city: str) -> bool:
    """Whether `place` is outside our city: another province, or another city of ours."""
    if not place:
        return False
    if home_province and place.province and place.province != home_province:
        return True
    return bool(place.city and home_city and place.city != home_city)
