"""The navigation: a sidebar grouped by pillar; each entry shows for principals holding its
permission, and a pillar with no entry left is not shown at all."""

from __future__ import annotations

from dataclasses import dataclass

from fanzha.access import Permission, Principal, Role
from fanzha.i18n import lists as lists_i18n
from fanzha.i18n import zh_CN


@dataclass(frozen=True)
class NavItem:
    key: str
    href: str
    permission: Permission
    pillar: str = ""  # "" is the top of the sidebar, above every pillar

    @property
    def label(self) -> str:
        return zh_CN.NAV.get(self.key) or lists_i18n.NAV_MORE[self.key]

    @property
    def pillar_label(self) -> str:
        return lists_i18n.NAV_PILLARS.get(self.pillar, "")

    def active(self, path: str) -> bool:
        if self.href == "/":
            return path == "/"
        return path == self.href or path.startswith(self.href + "/")


@dataclass(frozen=True)
class NavGroup:
    pillar: str
    items: list[NavItem]

    @property
    def label(self) -> str:
        return lists_i18n.NAV_PILLARS.get(self.pillar, "")


# The order of the sidebar: pillars as the center's work flows, then data and the system.
PILLARS = ("", "dissuade", "intake", "money", "strike", "prevent", "leads", "data", "system")

NAV: tuple[NavItem, ...] = (
    NavItem("workspace", "/", Permission.workspace_view),
    NavItem("warnings", "/warnings", Permission.warnings_read, "dissuade"),
    NavItem("field", "/field", Permission.warnings_work, "dissuade"),
    NavItem("transfers", "/warnings/transfers", Permission.warnings_read, "dissuade"),
    NavItem("cases", "/cases", Permission.cases_read, "intake"),
    NavItem("deadlines", "/cases/deadlines", Permission.cases_read, "money"),
    NavItem("returns", "/cases/returns", Permission.cases_read, "money"),
    NavItem("analysis", "/analysis/gangs", Permission.analysis_read, "strike"),
    NavItem("indicators", "/analysis/indicators", Permission.analysis_read, "strike"),
    NavItem("exclusions", "/analysis/exclusions", Permission.analysis_read, "strike"),
    NavItem("mules", "/analysis/mules", Permission.analysis_read, "strike"),
    NavItem("blocking", "/analysis/blocking", Permission.analysis_read, "strike"),
    NavItem("province_gangs", "/analysis/province", Permission.cases_read, "strike"),
    NavItem("province_mules", "/analysis/province/mules", Permission.analysis_read, "strike"),
    NavItem(
        "province_recurring", "/analysis/province/recurring", Permission.analysis_read, "strike"
    ),
    NavItem("province_kpis", "/analysis/province/kpis", Permission.analysis_read, "strike"),
    NavItem("at_risk", "/analysis/at-risk", Permission.analysis_read, "prevent"),
    NavItem("outreach_coverage", "/outreach/coverage", Permission.outreach_read, "prevent"),
    NavItem("coverage_map", "/outreach/map", Permission.outreach_read, "prevent"),
    NavItem("outreach_campaigns", "/outreach/campaigns", Permission.outreach_read, "prevent"),
    NavItem("outreach_households", "/outreach/households", Permission.outreach_plan, "prevent"),
    NavItem("door_knock", "/outreach/field", Permission.outreach_visit, "prevent"),
    NavItem("questionnaires", "/outreach/questionnaires", Permission.outreach_read, "prevent"),
    NavItem("surveys", "/outreach/surveys", Permission.outreach_read, "prevent"),
    NavItem("citizens_quiz", "/citizens/quiz", Permission.citizens_manage, "prevent"),
    NavItem("citizens_risk", "/citizens/risk", Permission.citizens_manage, "prevent"),
    NavItem("outreach_events", "/outreach/events", Permission.outreach_read, "prevent"),
    NavItem("outreach_calendar", "/outreach/events/calendar", Permission.outreach_read, "prevent"),
    NavItem("volunteer_teams", "/outreach/volunteers", Permission.outreach_read, "prevent"),
    NavItem("training", "/outreach/training", Permission.outreach_read, "prevent"),
    NavItem("untrained", "/outreach/training/untrained", Permission.outreach_read, "prevent"),
    NavItem("leads", "/leads", Permission.leads_answer, "leads"),
    NavItem("tips", "/tips", Permission.tips_read, "leads"),
    NavItem("rewards", "/rewards", Permission.rewards_read, "leads"),
    NavItem("reward_register", "/rewards/register", Permission.rewards_read, "leads"),
    NavItem("vault", "/vault/requests", Permission.vault_custodian, "leads"),
    NavItem("stats", "/stats", Permission.stats_read, "data"),
    NavItem("stats_definitions", "/stats/definitions", Permission.stats_read, "data"),
    NavItem("prognosis", "/warnings/prognosis", Permission.warnings_read, "data"),
    NavItem("unit_reports", "/reports", Permission.reports_read, "data"),
    NavItem("bigscreen", "/screen", Permission.screen_view, "data"),
    NavItem("units", "/org/units", Permission.org_read, "system"),
    NavItem("grids", "/org/grids", Permission.org_read, "system"),
    NavItem("staff", "/org/staff", Permission.org_read, "system"),
    NavItem("teams", "/org/teams", Permission.org_read, "system"),
    NavItem("users", "/admin/users", Permission.users_manage, "system"),
    NavItem("api_keys", "/admin/api-keys", Permission.api_keys_manage, "system"),
    NavItem("audit", "/admin/audit", Permission.audit_read, "system"),
    NavItem("subject_report", "/admin/subject-report", Permission.privacy_report, "system"),
    NavItem("holidays", "/admin/holidays", Permission.org_manage, "system"),
    NavItem("centers", "/admin/centers", Permission.org_manage, "system"),
)


# Where a role lands after signing in (and on "/"): the dissuader works from a phone, so its
# home is the field page's 我的任务; every other role lands on 我的待办 (the workspace).
LANDING = {Role.dissuader: "/field"}


def landing_for(role: Role | str | None) -> str:
    """The page a user of `role` starts on: "/field" for 劝阻员, "/" (我的待办) otherwise."""
    return LANDING.get(Role(role), "/") if role else "/"


def nav_for(principal: Principal | None) -> list[NavItem]:
    """The entries the principal may use, in sidebar order. A role landing elsewhere (the
    劝阻员's field page) has no desktop workspace entry: it would only send them back."""
    if principal is None:
        return []
    away = landing_for(principal.role) != "/"
    return [
        item for item in NAV if principal.can(item.permission) and not (away and item.href == "/")
    ]


def nav_groups(principal: Principal | None) -> list[NavGroup]:
    """The sidebar: the principal's entries by pillar; pillars with no entry are left out."""
    items = nav_for(principal)
    groups = [NavGroup(p, [i for i in items if i.pillar == p]) for p in PILLARS]
    return [g for g in groups if g.items]


def current(principal: Principal | None, path: str) -> NavItem | None:
    """The entry a page belongs to: the longest href that the path falls under."""
    hits = [i for i in nav_for(principal) if i.active(path)]
    return max(hits, key=lambda i: len(i.href), default=None)
