"""The campaign's state machine (草稿 → 进行中 → 已结束) on the kernel."""

from __future__ import annotations

from fanzha.audit.models import AuditAction
from fanzha.i18n import outreach as i18n
from fanzha.kernel.states import machine
from fanzha.outreach.models import CampaignStatus

S = CampaignStatus

CAMPAIGN = machine(
    "outreach_campaign",
    i18n.CAMPAIGN,
    "outreach_campaigns",
    {
        S.draft: frozenset({S.running}),
        S.running: frozenset({S.finished}),
        S.finished: frozenset(),
    },
    initial={S.draft},
    labels=i18n.CAMPAIGN_STATUS,
    action=AuditAction.campaign_transition,
    stamps={S.running: "started_at", S.finished: "finished_at"},
)
