"""The catalogue of indicators (口径 text in fanzha.i18n.stats, keyed alike).

Each measure is counted in SQL over the records it names; `figures` and the drill-down list
use the same `Measure`, so a figure and its list cannot disagree. Warnings marked 重复预警
are never counted: they are the first warning again.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from fanzha.cases.models import Case, CaseStatus, Freeze, FundReturn, ReturnStatus, StopPayment
from fanzha.i18n.stats import UNIT_LABELS as U
from fanzha.linking.models import BlockRequest, BlockStatus, Gang, GangStatus, Lead
from fanzha.org.models import Grid
from fanzha.outreach.models import Campaign, GridDay, HouseholdState
from fanzha.outreach.people_models import OutreachEvent, TrainingAttendance, TrainingSession
from fanzha.public.tip_models import Tip, TipOutcome
from fanzha.rewards.models import RewardApplication, RewardStatus
from fanzha.stats import catalog_more as more
from fanzha.stats.indicator import Indicator, Measure
from fanzha.warnings.models import Grade, Outcome, Warning, WarningStatus

W = Warning
NOT_DUP = W.status != WarningStatus.duplicate
# Closed with an outcome that says whether the person was reached in time: 不符 and 重复 are
# not warnings of fraud reaching anyone, 暂时找不到 is still being worked.
DECIDED = W.outcome.in_([Outcome.dissuaded, Outcome.defrauded, Outcome.cannot_find])
W_LINK = "/warnings/{id}"


def _w(*where, date_col=None, total=None) -> Measure:
    return Measure(
        Warning,
        date_col if date_col is not None else W.received_at,
        W.unit_id,
        (NOT_DUP, *where),
        total=total,
        link=W_LINK,
        permission="warnings.read",
        label="external_id",
    )


# Cases that count: registered or closed (a draft is not yet a case; a voided one never was).
C_REAL = Case.status.in_([CaseStatus.registered, CaseStatus.closed])
ON_CASE = ((Case, Case.id == StopPayment.case_id),)
C_LINK = "/cases/{case_id}"
_DAY = 86400.0


def _case(*where, date_col=None, total=None) -> Measure:
    return Measure(
        Case,
        date_col if date_col is not None else Case.reported_at,
        Case.unit_id,
        (C_REAL, *where),
        total=total,
        link="/cases/{id}",
        permission="cases.read",
        label="case_no",
    )


def _warnings() -> list[Indicator]:
    received = _w()
    out = [
        Indicator("warnings.received", "warnings", "count", received, "received", U["item"], 1),
    ]
    for grade in (Grade.urgent, Grade.high, Grade.medium, Grade.low):
        out.append(
            Indicator(
                f"warnings.received.{grade.value}",
                "warnings",
                "count",
                _w(W.grade == grade),
                "received",
                U["item"],
                1,
            )
        )
    signed = W.signed_at.is_not(None) & (W.signed_at <= W.sign_due_at)
    contacted = W.first_contact_at.is_not(None) & (W.first_contact_at <= W.contact_due_at)
    face_due = W.face_due_at.is_not(None)
    face = W.face_to_face_at.is_not(None) & (W.face_to_face_at <= W.face_due_at)
    out += [
        Indicator(
            "warnings.signed_in_time",
            "warnings",
            "rate",
            _w(signed),
            "received",
            "%",
            1,
            base=received,
        ),
        Indicator(
            "warnings.contacted_in_time",
            "warnings",
            "rate",
            _w(contacted),
            "received",
            "%",
            1,
            base=received,
        ),
        Indicator(
            "warnings.face_in_time",
            "warnings",
            "rate",
            _w(face_due, face),
            "received",
            "%",
            1,
            base=_w(face_due),
        ),
    ]
    for grade in (Grade.urgent, Grade.high):
        graded = W.grade == grade
        out.append(
            Indicator(
                f"warnings.face_in_time.{grade.value}",
                "warnings",
                "rate",
                _w(graded, face_due, face),
                "received",
                "%",
                1,
                base=_w(graded, face_due),
            )
        )
    dissuaded = W.outcome == Outcome.dissuaded
    out += [
        Indicator(
            "warnings.dissuasion_rate",
            "warnings",
            "rate",
            _w(dissuaded),
            "received",
            "%",
            1,
            base=_w(DECIDED),
        ),
        Indicator(
            "warnings.face_dissuasion_rate",
            "warnings",
            "rate",
            _w(dissuaded, W.face_to_face_at.is_not(None)),
            "received",
            "%",
            1,
            base=_w(dissuaded),
        ),
        Indicator(
            "warnings.protected",
            "warnings",
            "sum",
            _w(dissuaded, W.protected_fen > 0, date_col=W.closed_at, total=W.protected_fen),
            "closed",
            U["yuan"],
            1,
        ),
        # The same rule as the 预后被骗率 table of fanzha.warnings.stats: of the dissuaded, the
        # ones later found in a case within `defrauded_later_window_days`.
        Indicator(
            "warnings.defrauded_later",
            "warnings",
            "rate",
            _w(dissuaded, W.defrauded_later.is_(True)),
            "received",
            "%",
            -1,
            base=_w(dissuaded),
        ),
    ]
    return out


def _cases() -> list[Indicator]:
    entered = Case.accounts_entered_at.is_not(None) & (
        Case.accounts_entered_at <= Case.reported_at + func.make_interval(0, 0, 0, 0, 0, 30)
    )
    return [
        Indicator(
            "cases.reported", "cases", "count", _case(), "reported", U["case"], -1, per_capita=True
        ),
        Indicator(
            "cases.loss",
            "cases",
            "sum",
            _case(Case.loss_fen > 0, total=Case.loss_fen),
            "reported",
            U["yuan"],
            -1,
            per_capita=True,
        ),
        Indicator(
            "cases.entered_30min", "cases", "rate", _case(entered), "reported", "%", 1, base=_case()
        ),
        Indicator(
            "cases.closed",
            "cases",
            "count",
            _case(Case.status == CaseStatus.closed, date_col=Case.closed_at),
            "closed",
            U["case"],
            1,
        ),
    ]


def _money() -> list[Indicator]:
    def on_case(model, date_col, *where, total=None, link=C_LINK, joins=None) -> Measure:
        return Measure(
            model,
            date_col,
            Case.unit_id,
            (*where,),
            joins=joins or ((Case, Case.id == model.case_id),),
            total=total,
            link=link,
            permission="cases.read",
            label="id",
        )

    held = StopPayment.held_fen.is_not(None) & (StopPayment.held_fen > 0)
    done = FundReturn.status == ReturnStatus.done
    days = func.extract("epoch", FundReturn.done_at - Case.reported_at) / _DAY * 10
    return [
        Indicator(
            "money.stop_paid",
            "money",
            "count",
            on_case(StopPayment, StopPayment.requested_at),
            "requested",
            U["account"],
            1,
        ),
        Indicator(
            "money.stop_paid_amount",
            "money",
            "sum",
            on_case(StopPayment, StopPayment.feedback_at, held, total=StopPayment.held_fen),
            "held",
            U["yuan"],
            1,
        ),
        Indicator(
            "money.frozen",
            "money",
            "count",
            on_case(Freeze, Freeze.starts_at),
            "requested",
            U["account"],
            1,
        ),
        Indicator(
            "money.frozen_amount",
            "money",
            "sum",
            on_case(Freeze, Freeze.starts_at, total=Freeze.amount_fen),
            "requested",
            U["yuan"],
            1,
        ),
        Indicator(
            "money.returned",
            "money",
            "sum",
            on_case(FundReturn, FundReturn.done_at, done, total=FundReturn.amount_fen),
            "done",
            U["yuan"],
            1,
        ),
        Indicator(
            "money.days_to_return",
            "money",
            "mean",
            on_case(FundReturn, FundReturn.done_at, done, total=days),
            "done",
            U["day"],
            -1,
        ),
    ]


def _analysis() -> list[Indicator]:
    answered_in_time = Lead.answered_at.is_not(None) & (Lead.answered_at <= Lead.due_at)
    lead = Measure(
        Lead,
        Lead.sent_at,
        Lead.unit_id,
        (),
        link="/leads/{id}",
        label="id",
        permission="leads.answer",
    )
    return [
        Indicator(
            "analysis.gangs",
            "analysis",
            "count",
            Measure(
                Gang,
                Gang.confirmed_at,
                Gang.unit_id,
                (Gang.status == GangStatus.confirmed,),
                link="/analysis/gangs/{id}",
                permission="analysis.read",
                label="id",
            ),
            "registered",
            U["gang"],
            1,
        ),
        Indicator(
            "analysis.blocked",
            "analysis",
            "count",
            Measure(
                BlockRequest,
                BlockRequest.done_at,
                BlockRequest.unit_id,
                (
                    BlockRequest.done_at.is_not(None),
                    BlockRequest.status.in_(
                        [BlockStatus.done, BlockStatus.appealed, BlockStatus.lifted]
                    ),
                ),
                link="/analysis/blocking/{id}",
                permission="analysis.read",
                label="id",
            ),
            "done",
            U["item"],
            1,
        ),
        Indicator(
            "analysis.leads_in_time",
            "analysis",
            "rate",
            Measure(
                Lead,
                Lead.sent_at,
                Lead.unit_id,
                (answered_in_time,),
                link="/leads/{id}",
                permission="leads.answer",
            ),
            "sent",
            "%",
            1,
            base=lead,
        ),
    ]


def _outreach() -> list[Indicator]:
    def event(total=None) -> Measure:
        return Measure(
            OutreachEvent,
            OutreachEvent.starts_at,
            OutreachEvent.unit_id,
            (),
            total=total,
            link="/outreach/events/{id}",
            permission="outreach.read",
            label="id",
        )

    trained = Measure(
        TrainingAttendance,
        TrainingAttendance.checked_in_at,
        TrainingSession.unit_id,
        (),
        joins=((TrainingSession, TrainingSession.id == TrainingAttendance.session_id),),
        link="/outreach/training/{session_id}",
        permission="outreach.read",
        label="id",
    )
    reached = Measure(
        HouseholdState,
        HouseholdState.entered_on,
        Grid.unit_id,
        (HouseholdState.entered_on.is_not(None),),
        joins=((Grid, Grid.id == HouseholdState.grid_id),),
        link="/outreach/campaigns/{campaign_id}",
        label="household_id",
        caption=select(Campaign.name)
        .where(Campaign.id == HouseholdState.campaign_id)
        .scalar_subquery(),
        permission="outreach.read",
        # The sync keeps per grid and day the households first entered (fanzha.outreach
        # .coverage): a quarter sums thousands of day rows instead of a million states.
        counted_by=Measure(
            GridDay,
            GridDay.day,
            Grid.unit_id,
            joins=((Grid, Grid.id == GridDay.grid_id),),
            weight=GridDay.entered + GridDay.entered_added,
        ),
    )
    return [
        Indicator(
            "outreach.households_reached",
            "outreach",
            "count",
            reached,
            "done",
            U["household"],
            1,
            per_capita=True,
        ),
        Indicator("outreach.events", "outreach", "count", event(), "held", U["event"], 1),
        Indicator(
            "outreach.audience",
            "outreach",
            "sum",
            event(OutreachEvent.audience_onsite + OutreachEvent.audience_online),
            "held",
            U["person"],
            1,
            per_capita=True,
        ),
        Indicator("outreach.trained", "outreach", "count", trained, "held", U["person"], 1),
    ]


def _rewards() -> list[Indicator]:
    paid = RewardApplication.status == RewardStatus.paid
    days = (
        func.extract("epoch", RewardApplication.paid_at - RewardApplication.confirmed_at)
        / _DAY
        * 10
    )

    def reward(total=None, *where) -> Measure:
        return Measure(
            RewardApplication,
            RewardApplication.paid_at,
            RewardApplication.unit_id,
            (paid, *where),
            total=total,
            link="/rewards/{id}",
            permission="rewards.read",
            label="id",
        )

    tips = Measure(
        Tip,
        Tip.created_at,
        None,
        (Tip.duplicate_of_id.is_(None),),
        link="/tips/{id}",
        label="id",
        permission="tips.read",
    )
    confirmed = Measure(
        Tip,
        Tip.closed_at,
        None,
        (Tip.outcome.in_([TipOutcome.confirmed, TipOutcome.partly]),),
        link="/tips/{id}",
        label="id",
        permission="tips.read",
    )
    return [
        Indicator("public.tips", "public", "count", tips, "received", U["item"], 1),
        Indicator("public.tips_confirmed", "public", "count", confirmed, "closed", U["item"], 1),
        Indicator(
            "rewards.paid",
            "public",
            "sum",
            reward(RewardApplication.amount_fen),
            "done",
            U["yuan"],
            1,
        ),
        Indicator(
            "rewards.days_to_pay",
            "public",
            "mean",
            reward(days, RewardApplication.confirmed_at.is_not(None)),
            "done",
            U["day"],
            -1,
        ),
    ]


def _after(found: list[Indicator], key: str, more: list[Indicator]) -> list[Indicator]:
    at = next(i for i, indicator in enumerate(found) if indicator.key == key) + 1
    return [*found[:at], *more, *found[at:]]


def build() -> list[Indicator]:
    found = [*_warnings(), *_cases(), *_money(), *_analysis(), *_outreach(), *_rewards()]
    found = _after(found, "cases.closed", more.arrests())
    found = _after(found, "analysis.blocked", more.blocked_by_kind())
    found = _after(found, "outreach.households_reached", more.coverage())
    found = _after(found, "outreach.trained", more.awareness())
    assert all(isinstance(i.effective, date) for i in found)
    return found
