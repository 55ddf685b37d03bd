"""Which city a bank branch is in, read from the bank name as officers write it.

Pure. The list of Chinese prefecture-level cities comes from the `phonenumbers` geocoding
data (every mobile block names its city), so no hand-kept list goes stale. A name counts only
when followed by 市 or 分行 ("中国银行西宁分行", "西宁市城西支行"): a bare 中山 is far more often a
road (中山路支行) than the city.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SUFFIXES = ("市", "地区", "自治州", "盟")


@lru_cache(maxsize=1)
def _cities() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern finding a city's short name before 市/分行, and short name → full name."""
    from phonenumbers.geodata import GEOCODE_DATA

    names: dict[str, str] = {}
    for prefix, languages in GEOCODE_DATA.items():
        place = languages.get("zh", "") if prefix.startswith("86") else ""
        for part in re.split(r"[、，]", place):
            part = re.sub(r"^.*?(省|自治区|内蒙古|广西|宁夏|新疆|西藏)", "", part)
            for suffix in _SUFFIXES:
                if part.endswith(suffix) and len(part) > len(suffix) + 1:
                    names[part.removesuffix(suffix)] = part
    # Longest first, so 乌鲁木齐 wins over any shorter name inside it.
    alternatives = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    return re.compile(rf"({alternatives})(?:市|分行|地区|自治州)"), names


def branch_city(bank: str) -> str:
    """'中国工商银行西宁分行城西支行' → '西宁市'; '' when no city is named."""
    pattern, full = _cities()
    match = pattern.search(bank or "")
    return full[match.group(1)] if match else ""


def same_city(a: str, b: str) -> bool:
    """'西宁' and '西宁市' are one city."""
    return a.removesuffix("市") == b.removesuffix("市")


def is_other_city(bank: str, home_city: str) -> str:
    """The branch's city when it is named and is not `home_city`, else ''."""
    city = branch_city(bank)
    return city if city and not same_city(city, home_city) else ""
