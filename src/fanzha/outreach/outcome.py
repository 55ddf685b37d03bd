"""Prevention outcome: of the households a campaign entered, whose contact was later warned or
defrauded (预后被骗: a visited person defrauded afterwards), so a leader sees whether
prevention works where it was done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.cases.models import Case, CaseStatus
from fanzha.masking import mask_name, mask_phone
from fanzha.org.models import Grid
from fanzha.org.scope import owner_clause
from fanzha.outreach.models import Campaign, Household, Visit, VisitOutcome
from fanzha.warnings.models import Warning


@dataclass(frozen=True)
class AfterVisit:
    household_id: int
    grid_code: str
    address: str
    contact_name: str  # masked
    contact_phone: str  # masked
    first_entered_at: datetime
    warnings_after: int
    cases_after: int
    loss_fen_after: int


@dataclass(frozen=True)
class Outcome:
    entered: int  # households entered
    warned_after: int  # of them, warned after the first entry
    defrauded_after: int  # of them, victims of a case reported after the first entry
    rows: list[AfterVisit]

    @property
    def defrauded_per_10k(self) -> float:
        return round(10_000 * self.defrauded_after / self.entered, 1) if self.entered else 0.0


def prevention_outcome(
    session: Session, actor: Principal, campaign: Campaign, *, limit: int = 500
) -> Outcome:
    """The campaign's entered households in the actor's scope, and those whose contact phone
    appears in a warning received, or a case (not voided) reported, after the first 已入户
    visit. Rows masked, the defrauded first; `limit` caps the rows (the counts are whole)."""
    from fanzha.outreach.households import address

    first = (
        select(Visit.household_id, func.min(Visit.visited_at).label("at"))
        .where(Visit.campaign_id == campaign.id, Visit.outcome == VisitOutcome.entered)
        .group_by(Visit.household_id)
        .subquery()
    )
    warned = (
        select(func.count(Warning.id))
        .where(Warning.person_phone == Household.contact_phone, Warning.received_at > first.c.at)
        .scalar_subquery()
    )
    cases = select(func.count(Case.id), func.coalesce(func.sum(Case.loss_fen), 0)).where(
        Case.victim_phone == Household.contact_phone,
        Case.reported_at > first.c.at,
        Case.status != CaseStatus.voided,
    )
    case_count = cases.with_only_columns(func.count(Case.id)).scalar_subquery()
    case_loss = cases.with_only_columns(func.coalesce(func.sum(Case.loss_fen), 0)).scalar_subquery()
    stmt = (
        select(Household, Grid.code, first.c.at, warned, case_count, case_loss)
        .join(first, first.c.household_id == Household.id)
        .join(Grid, Grid.id == Household.grid_id)
        .where(
            owner_clause(Household, actor),
            Household.contact_phone.is_not(None),
            or_(warned > 0, case_count > 0),
        )
    )
    entered = session.scalar(
        select(func.count())
        .select_from(first)
        .join(Household, Household.id == first.c.household_id)
        .where(owner_clause(Household, actor))
    )
    warned_after = defrauded_after = 0
    rows: list[AfterVisit] = []
    for household, grid_code, at, n_warned, n_cases, loss in session.execute(stmt):
        warned_after += bool(n_warned)
        defrauded_after += bool(n_cases)
        rows.append(
            AfterVisit(
                household.id,
                grid_code,
                address(household),
                mask_name(household.contact_name),
                mask_phone(household.contact_phone),
                at,
                n_warned,
                n_cases,
                int(loss),
            )
        )
    rows.sort(key=lambda r: (-r.cases_after, -r.warnings_after, r.household_id))
    return Outcome(entered or 0, warned_after, defrauded_after, rows[:limit])


__all__ = ["AfterVisit", "Outcome", "prevention_outcome"]
