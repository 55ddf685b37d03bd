"""The citizens' site as a whole: the center's name as citizens read it, and its sections."""

from __future__ import annotations

from dataclasses import dataclass

from fanzha.config import get_settings
from fanzha.i18n import public as i18n


def center_name() -> str:
    """FANZHA_PUBLIC_CENTER_NAME, or the city's 反电信网络诈骗中心 when it is not set."""
    settings = get_settings()
    return settings.public_center_name or i18n.CENTER_NAME.format(city=settings.city_name)


@dataclass(frozen=True)
class Section:
    key: str
    href: str

    @property
    def label(self) -> str:
        return i18n.NAV[self.key]

    @property
    def blurb(self) -> str:
        return i18n.BLURBS.get(self.key, "")


# The site's navigation, in order. The awareness survey (知晓率调查, /public/survey) and tips
# (线索举报, /public/tips) each add one line here when their pages land.
SECTIONS: list[Section] = [
    Section("home", "/public/"),
    Section("quiz", "/public/quiz"),
    Section("risk", "/public/risk"),
    Section("tips", "/public/tips/new"),
]
