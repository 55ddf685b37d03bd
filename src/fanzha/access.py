"""Who may do what: the roles, the permissions each holds and the `Principal` every service
receives. Every route declares one permission (see web.deps.require).

This vocabulary sits below every domain: audit and org record and filter by the principal, and
auth (users, sessions, API keys) stores the role."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fanzha.i18n import auth as i18n


class Role(StrEnum):
    duty_officer = "duty_officer"  # 值班民警 at the center's desks
    analyst = "analyst"  # 研判员
    station_officer = "station_officer"  # 派出所民警
    dissuader = "dissuader"  # 劝阻员: auxiliaries, grid workers, volunteers in the field
    reward_reviewer = "reward_reviewer"  # 奖励审核员
    leader = "leader"  # 领导: read-only dashboards
    admin = "admin"  # 系统管理员


class Permission(StrEnum):
    workspace_view = "workspace.view"
    org_read = "org.read"
    org_manage = "org.manage"
    pii_unmask = "pii.unmask"
    users_manage = "users.manage"
    api_keys_manage = "api_keys.manage"
    audit_read = "audit.read"
    warnings_intake = "warnings.intake"  # send warnings in (platforms, banks, manual entry)
    warnings_read = "warnings.read"  # see boards and warnings of one's scope
    warnings_work = "warnings.work"  # sign, record attempts, escalate, claim, feed back
    warnings_feedback = "warnings.feedback"  # pull outcomes back (the upper platform)
    cases_read = "cases.read"  # see cases of one's scope
    cases_work = "cases.work"  # take reports, register, close
    statements_import = "statements.import"  # import bank statements for fund tracing
    analysis_read = "analysis.read"  # see indicators, gangs, blocking requests, leads sent
    analysis_work = "analysis.work"  # link cases, exclusions, blocking requests, send leads
    leads_answer = "leads.answer"  # a unit's inbox of leads and its feedback
    privacy_report = "privacy.report"  # everything held on one person (admin only)
    outreach_read = "outreach.read"  # coverage, campaigns, events, teams and training figures
    outreach_plan = "outreach.plan"  # plan campaigns, households, questionnaires, events, training
    outreach_visit = "outreach.visit"  # record door-knock visits on the field page
    citizens_manage = "citizens.manage"  # the public site's quiz bank, survey codes, risk figures
    tips_read = "tips.read"  # the tips inbox (city-wide; identities only through the vault)
    tips_work = "tips.work"  # triage, reply to and close tips
    vault_custodian = "vault.custodian"  # approve another person's request to see an identity
    rewards_read = "rewards.read"  # reward applications and the register of one's scope
    rewards_apply = "rewards.apply"  # fill in and submit a reward application
    rewards_review = "rewards.review"  # approve (twice, by two people), confirm, pay
    reports_read = "reports.read"  # monthly and quarterly reports of one's scope, downloads
    reports_submit = "reports.submit"  # make, write notable cases in, 报送 and 更正 reports
    screen_view = "screen.view"  # the command big screen (指挥大屏) of one's unit
    stats_read = "stats.read"  # leaders' figures (数据): dashboards, rankings, their records


_EVERY_STAFF_ROLE = frozenset({Permission.workspace_view, Permission.org_read})

_WORK_WARNINGS = frozenset({Permission.warnings_read, Permission.warnings_work})
_WORK_CASES = frozenset({Permission.cases_read, Permission.cases_work})
_PLAN_OUTREACH = frozenset({Permission.outreach_read, Permission.outreach_plan})

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.duty_officer: _EVERY_STAFF_ROLE
    | _WORK_WARNINGS
    | _WORK_CASES
    | {
        Permission.pii_unmask,
        Permission.warnings_intake,
        Permission.warnings_feedback,
        Permission.statements_import,
        Permission.analysis_read,
        Permission.leads_answer,
        Permission.citizens_manage,
        Permission.tips_read,
        Permission.tips_work,
        Permission.rewards_read,
        Permission.rewards_apply,
        Permission.reports_read,
        Permission.reports_submit,
        Permission.screen_view,
        Permission.stats_read,
    }
    | _PLAN_OUTREACH,
    Role.analyst: _EVERY_STAFF_ROLE
    | {
        Permission.pii_unmask,
        Permission.warnings_read,
        Permission.warnings_intake,
        Permission.cases_read,
        Permission.statements_import,
        Permission.analysis_read,
        Permission.analysis_work,
        Permission.leads_answer,
        Permission.outreach_read,
        Permission.citizens_manage,
        Permission.tips_read,
        Permission.reports_read,
        Permission.reports_submit,
        Permission.screen_view,
        Permission.stats_read,
    },
    # A station splits its grids among teams and visits households itself.
    Role.station_officer: _EVERY_STAFF_ROLE
    | _WORK_WARNINGS
    | _WORK_CASES
    | _PLAN_OUTREACH
    | {
        Permission.pii_unmask,
        Permission.statements_import,
        Permission.leads_answer,
        Permission.outreach_visit,
        Permission.rewards_read,
        Permission.rewards_apply,
        Permission.reports_read,
        Permission.stats_read,
    },
    # Field staff see lists masked; the person of a door visit they claimed is shown to them.
    Role.dissuader: _EVERY_STAFF_ROLE | _WORK_WARNINGS | {Permission.outreach_visit},
    # Reviewers read tips city-wide; a reporter's identity only through the vault.
    Role.reward_reviewer: _EVERY_STAFF_ROLE
    | {
        Permission.pii_unmask,
        Permission.tips_read,
        Permission.tips_work,
        Permission.rewards_read,
        Permission.rewards_apply,
        Permission.rewards_review,
    },
    # Leaders read figures and boards, not people; they are the vault's custodians (they
    # approve another's request to see an identity, and see none themselves).
    Role.leader: _EVERY_STAFF_ROLE
    | {
        Permission.warnings_read,
        Permission.cases_read,
        Permission.analysis_read,
        Permission.outreach_read,
        Permission.vault_custodian,
        Permission.rewards_read,
        Permission.reports_read,
        Permission.screen_view,
        Permission.stats_read,
    },
    Role.admin: frozenset(Permission),
}

# What a machine client may be granted. Kept apart from roles so a key never gets admin rights.
API_KEY_SCOPES: frozenset[Permission] = frozenset(
    {
        Permission.org_read,
        Permission.warnings_intake,
        Permission.warnings_read,
        Permission.warnings_feedback,
    }
)


@dataclass(frozen=True)
class Principal:
    """Who is asking: a signed-in user or an API key, with the unit subtree they may see."""

    kind: str  # "user" / "api_key" / "system"
    id: int | None
    name: str
    unit_id: int | None
    unit_path: str  # "/1/4/" ; "" for the system, which sees everything
    permissions: frozenset[Permission]
    role: Role | None = None
    ip: str | None = None
    user_agent: str | None = None

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    @property
    def user_id(self) -> int | None:
        """The signed-in user, for "created by" columns; None for keys and the system."""
        return self.id if self.kind == "user" else None

    @classmethod
    def system(cls, name: str = i18n.ACTORS["system"]) -> Principal:
        return cls(
            kind="system",
            id=None,
            name=name,
            unit_id=None,
            unit_path="",
            permissions=frozenset(Permission),
        )
