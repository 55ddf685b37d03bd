"""The navigation: each entry shows for principals holding its permission."""

from __future__ import annotations

from dataclasses import dataclass

from fanzha.access import Permission, Principal
from fanzha.i18n import zh_CN


@dataclass(frozen=True)
class NavItem:
    key: str
    href: str
    permission: Permission

    @property
    def label(self) -> str:
        return zh_CN.NAV[self.key]


NAV: tuple[NavItem, ...] = (
    NavItem("workspace", "/", Permission.workspace_view),
    NavItem("warnings", "/warnings", Permission.warnings_read),
    NavItem("field", "/field", Permission.warnings_work),
    NavItem("cases", "/cases", Permission.cases_read),
    NavItem("analysis", "/analysis/gangs", Permission.analysis_read),
    NavItem("blocking", "/analysis/blocking", Permission.analysis_read),
    NavItem("leads", "/leads", Permission.leads_answer),
    NavItem("units", "/org/units", Permission.org_read),
    NavItem("grids", "/org/grids", Permission.org_read),
    NavItem("staff", "/org/staff", Permission.org_read),
    NavItem("teams", "/org/teams", Permission.org_read),
    NavItem("users", "/admin/users", Permission.users_manage),
    NavItem("api_keys", "/admin/api-keys", Permission.api_keys_manage),
    NavItem("audit", "/admin/audit", Permission.audit_read),
    NavItem("subject_report", "/admin/subject-report", Permission.privacy_report),
    NavItem("holidays", "/admin/holidays", Permission.org_manage),
)


def nav_for(principal: Principal | None) -> list[NavItem]:
    if principal is None:
        return []
    return [item for item in NAV if principal.can(item.permission)]
