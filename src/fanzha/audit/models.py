from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Identity, Index, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from fanzha.db import Base


class AuditAction(StrEnum):
    """Every tag an audit entry can carry; the Chinese label lives in i18n."""

    login_succeeded = "auth.login.succeeded"
    login_failed = "auth.login.failed"
    login_locked = "auth.login.locked"
    logout = "auth.logout"
    access_denied = "access.denied"  # a record outside the caller's scope was asked for
    pii_viewed = "pii.viewed"  # unmasked personal data shown
    pii_exported = "pii.exported"  # unmasked personal data exported
    unit_created = "org.unit.created"
    unit_updated = "org.unit.updated"
    grid_created = "org.grid.created"
    grid_updated = "org.grid.updated"
    staff_created = "org.staff.created"
    staff_updated = "org.staff.updated"
    team_created = "org.team.created"
    team_member_added = "org.team.member_added"
    team_member_removed = "org.team.member_removed"
    duty_shift_added = "org.duty.added"
    duty_shift_removed = "org.duty.removed"
    import_staff = "org.import.staff"
    import_grids = "org.import.grids"
    import_gazetteer = "org.import.gazetteer"
    import_boundaries = "org.import.boundaries"  # grid polygons (GeoJSON)
    user_created = "auth.user.created"
    user_updated = "auth.user.updated"
    user_password_reset = "auth.user.password_reset"
    api_key_created = "auth.api_key.created"
    api_key_revoked = "auth.api_key.revoked"
    warning_received = "warning.received"
    import_warnings = "warning.import"
    warning_signed = "warning.signed"
    warning_attempt = "warning.attempt.recorded"
    warning_escalated = "warning.escalated"
    warning_door_visit = "warning.door_visit.created"
    warning_claimed = "warning.door_visit.claimed"
    warning_closed = "warning.closed"
    warning_rerouted = "warning.rerouted"
    warning_outcome_corrected = "warning.outcome.corrected"
    case_created = "case.created"
    case_drafted = "case.drafted"
    case_transfers_added = "case.transfers_added"
    case_transition = "case.transition"
    case_warned_before = "case.warned_before"
    case_kept_after_correction = "case.kept_after_correction"
    stop_payment_requested = "stop_payment.requested"
    stop_payment_feedback = "stop_payment.feedback"
    stop_payment_renewed = "stop_payment.renewed"
    stop_payment_transition = "stop_payment.transition"
    assist_transition = "assist.transition"
    freeze_created = "freeze.created"
    freeze_renewed = "freeze.renewed"
    freeze_reminded = "freeze.reminded"
    freeze_transition = "freeze.transition"
    freeze_alarm_handled = "freeze.alarm_handled"
    arrest_entered = "case.arrest_entered"
    return_created = "return.created"
    return_pool_created = "return.pool_created"
    return_transition = "return.transition"
    letter_generated = "case.letter_generated"
    statement_imported = "statement.imported"
    statement_layout_saved = "statement.layout_saved"
    statement_import_cancelled = "statement.import_cancelled"
    fundflow_exported = "fundflow.exported"
    indicator_added = "indicator.added"
    indicator_imported = "indicator.imported"
    indicator_reviewed = "indicator.reviewed"
    exclusion_added = "exclusion.added"
    exclusion_removed = "exclusion.removed"
    gang_confirmed = "gang.confirmed"
    gang_updated = "gang.updated"
    gang_merged = "gang.merged"
    gang_exported = "gang.exported"
    counterparty_swept = "counterparty.swept"
    at_risk_found = "at_risk.found"
    at_risk_pushed = "at_risk.pushed"
    at_risk_identity = "at_risk.identity"  # contact details entered for a person found
    at_risk_transition = "at_risk.transition"
    block_requested = "block.requested"
    block_transition = "block.transition"
    block_exported = "block.exported"
    lead_sent = "lead.sent"
    lead_answered = "lead.answered"
    lead_reminded = "lead.reminded"
    lead_closed = "lead.closed"
    mule_watch_exported = "mule_watch.exported"
    list_page_exported = "list.page_exported"  # "导出 Excel" of a list's filtered rows
    backup_made = "ops.backup"
    backup_restored = "ops.restore"
    retention_purged = "retention.purged"
    legal_hold_set = "legal_hold.set"
    legal_hold_released = "legal_hold.released"
    subject_report_exported = "subject_report.exported"
    list_exported = "list.exported"  # a list exported from the command line
    search_personal = "search.personal"  # the global search read as a personal identifier
    holiday_day_entered = "holiday.day_entered"
    holiday_day_removed = "holiday.day_removed"
    holiday_year_completed = "holiday.year_completed"
    deadline_recomputed = "deadline.recomputed"
    hold_joined = "hold.joined"
    center_created = "liaison.center.created"  # the directory of other centers
    center_updated = "liaison.center.updated"
    warning_out_of_area = "warning.out_of_area"  # 外地对象 marked
    transfer_transition = "warning.transfer.transition"  # 跨区域移交 sent, received, answered
    campaign_created = "outreach.campaign.created"
    campaign_transition = "outreach.campaign.transition"  # 草稿 → 进行中 → 已结束
    household_changed = "outreach.household.changed"  # entered, imported, deleted
    household_unmasked = "outreach.household.unmasked"
    grid_assignment = "outreach.grid.assignment"  # a team takes or returns a grid
    visits_synced = "outreach.visits.synced"
    outreach_event_saved = "outreach.event.saved"
    volunteer_team_transition = "outreach.volunteer_team.transition"
    training_saved = "outreach.training.saved"
    vault_stored = "vault.stored"  # an identity put into the vault (nothing of it in the entry)
    vault_requested = "vault.requested"
    vault_decided = "vault.decided"  # approved or refused, by a custodian other than the asker
    vault_viewed = "vault.viewed"
    vault_rotated = "vault.rotated"
    reward_created = "reward.created"
    reward_transition = "reward.transition"  # submitted, approved twice, confirmed, rejected
    reward_beneficiary_added = "reward.beneficiary_added"
    reward_account_verified = "reward.account_verified"
    reward_claimed = "reward.claimed"  # an anonymous reporter's identity recorded at the counter
    reward_paid = "reward.paid"
    reward_pay_reminded = "reward.pay_reminded"
    reward_pay_lapsed = "reward.pay_lapsed"
    tip_entered = "tip.entered"  # a 110 / letter / visit tip typed in by staff
    tip_transition = "tip.transition"  # assigned as a lead, closed with an outcome
    tip_triaged = "tip.triaged"  # category changed, marked a duplicate
    tip_replied = "tip.replied"  # a reply to the reporter (the text is not in the entry)
    report_generated = "report.generated"  # a monthly or quarterly report (or its restatement)
    report_transition = "report.transition"  # 报送, and a version superseded by its 更正
    report_notable = "report.notable"  # the center's notable cases edited
    report_exported = "report.exported"  # a report downloaded as .xlsx or .pdf


class AuditEntry(Base):
    """One line of the audit log. A trigger refuses UPDATE, DELETE and TRUNCATE; there are no
    foreign keys so an entry outlives whatever it names."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    at: Mapped[datetime] = mapped_column(server_default=func.now(), index=True)
    actor_kind: Mapped[str] = mapped_column(String(12))  # user / api_key / anonymous / system
    actor_id: Mapped[int | None]
    actor_name: Mapped[str] = mapped_column(String(100))
    actor_unit_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))

    __table_args__ = (
        Index("ix_audit_entries_actor", "actor_kind", "actor_id"),
        Index("ix_audit_entries_target", "target_type", "target_id"),
    )
