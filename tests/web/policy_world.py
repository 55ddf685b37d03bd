"""The records the access policy test asks about: one full set per unit of the demo city that
some login sees as its own, a child, a sibling or another 分局, built once per module.

Each set holds a money loop (a case stopped, frozen and partly returned, plus a stop-payment in
another city with its 协查), a second case sharing an account with it (so the two form a gang),
a warning with a door visit, a statement import, two leads (open and answered), a submitted
block request, an at-risk person found through the case, and the unit's own staff member,
grid, team with a shift, login and API key.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.auth import service as auth
from fanzha.auth.models import Role, User
from fanzha.auth.schemas import ApiKeyIn
from fanzha.cases import freezes, returns, stop_payments, sweep
from fanzha.cases import service as cases
from fanzha.cases.schemas import BankFeedbackIn, CaseIn, FreezeIn, TraceableReturnIn, TransferIn
from fanzha.demo import statement_files as files
from fanzha.demo.statement_files import Line
from fanzha.fundflow import imports
from fanzha.liaison import centers
from fanzha.linking import blocking, gangs, indicators, leads
from fanzha.linking.models import AtRiskPerson, BlockRequest, Indicator, IndicatorKind
from fanzha.org.models import DutyShift, Grid, Staff, StaffKind, Team, TeamKind, Unit, UnitKind
from fanzha.outreach import events, training, volunteers
from fanzha.outreach import service as outreach
from fanzha.outreach.models import Household
from fanzha.outreach.people_models import EventKind
from fanzha.outreach.people_schemas import EventIn, TrainingIn, VolunteerTeamIn
from fanzha.public import tips
from fanzha.questionnaires import service as questionnaires
from fanzha.questionnaires import surveys
from fanzha.rewards import service as rewards
from fanzha.rewards.models import RewardGround
from fanzha.stats import reports as unit_reports
from fanzha.warnings import intake, ladder, transfers
from fanzha.warnings.models import DoorVisitTask, Outcome, Warning
from fanzha.warnings.schemas import WarningIn
from fanzha.web import confirm
from tests.warnings.factories import address_in, warning_payload

# A statement whose header no known layout matches: the officer maps its columns.
UNKNOWN_LAYOUT = "甲栏,乙栏,丙栏,丁栏\n{account},2026-11-30 10:00:00,-100.00,6214000000000000001\n"

# The units records are filed under, by a short name the policy table uses.
UNIT_KEYS = ("city", "branch", "branch2", "station_a", "station_b", "station_c", "comm", "comm2")


@dataclass
class Records:
    """Ids of one unit's records (the path values of the routes that name a record)."""

    unit_id: int
    case_id: int
    sp_id: int  # the stop-payment in another city, with its 协查, not fed back yet
    assist_id: int  # its 协查
    held_sp_id: int  # fed back, not frozen yet
    freeze_id: int  # frozen, partly returned
    unfreezing_freeze_id: int  # decided to unfreeze, the bank to confirm
    lapsed_freeze_id: int  # lapsed unrenewed: its alarm to handle
    mapping_import_id: int  # a statement of a layout nobody mapped yet
    return_id: int
    account: str  # an account of the case's fund flow
    shared_account: str  # the account both cases paid into (it links them)
    case_no: str
    linked_case_no: str
    import_id: int
    gang_id: int
    indicator_id: int
    warning_id: int  # routed, not signed
    task_id: int  # a door visit of another warning
    closed_warning_id: int  # fed back 已劝阻 ¥100
    lead_id: int  # open: the unit may answer it
    answered_lead_id: int  # answered: the center may close it
    block_id: int
    batch_no: str
    person_id: int
    staff_id: int
    grid_id: int
    team_id: int
    shift_id: int
    user_id: int
    key_id: int
    center_id: int  # a center of the directory (not unit-owned: one per unit only for ids)
    transfer_id: int  # a warning transferred out to that center, not answered yet
    campaign_id: int  # a running door-knocking campaign of the unit
    household_id: int  # a household of its grid, in that campaign's baseline
    questionnaire_id: int  # an awareness questionnaire owned by the unit
    survey_id: int  # a survey on it, with one batch of codes for an event
    survey_batch_id: int
    survey_code: str  # an unused code of that batch (the public page)
    event_id: int  # an outreach event (宣传活动)
    vteam_id: int  # a volunteer team, the staff member on it
    training_id: int  # a training session inviting the unit
    training_secret: str  # its check-in codes are signed with this
    reward_id: int  # a draft reward application of the unit
    beneficiary_id: int  # its beneficiary (the unit's officer; no account in the vault)
    tip_id: int  # an anonymous tip from the public site (tips are city-wide)
    report_id: int  # a draft monthly report (月报) of the unit, this month's
    # The confirmation steps' tokens (fanzha.web.confirm) of 续止付 sp_id, 续冻 freeze_id,
    # 吊销 key_id, 转冻结 held_sp_id, 解冻 freeze_id and 结案 case_id, as their pages show them.
    sp_confirm: str
    freeze_confirm: str
    key_confirm: str
    held_sp_confirm: str
    unfreeze_confirm: str
    close_confirm: str


def demo_units(session: Session) -> dict[str, Unit]:
    """The units of the small demo city the logins sit in, and their relatives."""
    login_unit = {
        u.username: u.unit
        for u in session.scalars(
            select(User).where(
                User.username.in_(
                    ["admin", "branch_leader", "station_a", "station_b", "dissuader_a"]
                )
            )
        )
    }
    city, branch = login_unit["admin"], login_unit["branch_leader"]
    station_a, station_b, comm = (
        login_unit["station_a"],
        login_unit["station_b"],
        login_unit["dissuader_a"],
    )
    children = _children_of(session)
    branch2 = next(u for u in children[city.id] if u.id != branch.id)
    return {
        "city": city,
        "branch": branch,
        "branch2": branch2,
        "station_a": station_a,
        "station_b": station_b,
        "station_c": children[branch2.id][0],
        "comm": comm,
        "comm2": next(u for u in children[station_a.id] if u.id != comm.id),
    }


def _children_of(session: Session) -> dict[int, list[Unit]]:
    out: dict[int, list[Unit]] = {}
    for unit in session.scalars(select(Unit).order_by(Unit.id)):
        out.setdefault(unit.parent_id or 0, []).append(unit)
    return out


def build(session: Session) -> tuple[dict[str, Unit], dict[str, Records]]:
    units = demo_units(session)
    built = {key: _records(session, n, units[key]) for n, key in enumerate(UNIT_KEYS)}
    return units, built


def _account(n: int, tail: int) -> str:
    return f"62170012{n:03d}{tail:08d}"


def _records(session: Session, n: int, unit: Unit) -> Records:
    system = Principal.system()
    own, elsewhere_account, shared = _account(n, 1), _account(n, 2), _account(n, 3)
    held, unfreezing, lapsed = _account(n, 4), _account(n, 5), _account(n, 6)

    def paid(account: str, bank: str = "建设银行") -> TransferIn:
        return TransferIn(
            at=clock.now(), amount_fen=100_00, receiving_account=account, receiving_bank=bank
        )

    case = cases.create_case(
        session,
        system,
        CaseIn(
            victim_name="测试",
            transfers=[
                paid(own),
                paid(elsewhere_account, "工商银行西宁分行"),
                paid(held),
                paid(unfreezing),
                paid(lapsed),
            ],
        ),
        unit_id=unit.id,
    )
    stop_payments.stop_all(session, system, case)
    stops = {sp.account: sp for sp in stop_payments.stop_payments_of(session, case)}
    frozen = {}
    for account in (own, held, unfreezing, lapsed):
        stop_payments.record_feedback(
            session, system, stops[account], BankFeedbackIn(held_fen=100_00)
        )
    for account in (own, unfreezing, lapsed):
        frozen[account] = freezes.freeze(session, system, stops[account], FreezeIn())
    returned = returns.return_traceable(
        session, system, frozen[own], TraceableReturnIn(amount_fen=1)
    )
    freezes.decide_unfreeze(session, system, frozen[unfreezing], "资金与案件无关")
    # A freeze nobody renewed, lapsed by the nightly sweep (nothing else is due yet).
    frozen[lapsed].expires_at = clock.now() - timedelta(minutes=1)
    sweep.sweep(session, clock.now())
    elsewhere = stops[elsewhere_account]
    mapping = imports.start_import(
        session,
        system,
        case=case,
        filename="未知格式.csv",
        content=UNKNOWN_LAYOUT.format(account=own).encode(),
    )
    statement = imports.start_import(
        session,
        system,
        case=case,
        filename="一级卡.xlsx",
        content=files.bank_debit_credit_xlsx(
            [Line(own, clock.now(), 100_00, True, summary="转账")]
        ),
    )
    linked = cases.create_case(
        session,
        system,
        CaseIn(
            victim_name="钱多多",
            transfers=[TransferIn(at=clock.now(), amount_fen=100_00, receiving_account=shared)],
        ),
        unit_id=unit.id,
    )
    cases.add_transfers(
        session,
        system,
        case,
        [TransferIn(at=clock.now(), amount_fen=100_00, receiving_account=shared)],
    )
    indicator = session.scalar(
        select(Indicator).where(Indicator.kind == "account", Indicator.value == shared)
    )
    phone = f"139{n:04d}{unit.id:04d}"
    indicators.add_case_indicators(session, system, linked, kind=IndicatorKind.phone, raw=phone)
    fraud_phone = session.scalar(
        select(Indicator).where(Indicator.kind == "phone", Indicator.value == "+86" + phone)
    )
    blocking.request_block(session, system, fraud_phone, reason="涉诈", unit_id=unit.id)
    batch_no, _ = blocking.submit_batch(session, system, blocking.target_for(fraud_phone))
    warning, _ = _warning(session, n, unit, escalate=False)
    closed, _ = _warning(session, n, unit, escalate=False, tag="closed")
    ladder.close(session, system, closed, outcome=Outcome.dissuaded, protected_fen=100_00)
    _, task = _warning(session, n, unit, escalate=True, tag="visit")
    due = clock.now() + timedelta(days=3)
    lead = leads.send_lead(
        session, system, unit_id=unit.id, title="核查", content="核查账户", due_at=due
    )
    answered = leads.send_lead(
        session, system, unit_id=unit.id, title="核查", content="核查账户", due_at=due
    )
    leads.answer(session, system, answered, result="已核查", arrests=0, recovered_fen=0)
    person = AtRiskPerson(
        evidence_key=f"contact:policy:{unit.id}",
        kind="contact",
        status="ready",
        person_phone=f"+86137{n:04d}{unit.id:04d}",
        indicator_id=fraud_phone.id,
        case_id=case.id,
        evidence_at=clock.now(),
    )
    staff = Staff(
        unit_id=unit.id,
        name="测试民警",
        kind=StaffKind.officer,
        phone=f"+86136{n:04d}{unit.id:04d}",
        badge_no=f"P{n:03d}{unit.id:04d}",
    )
    grid = Grid(code=f"POLICY-{unit.id}", name="测试网格", unit_id=unit.id, households=10)
    team = Team(unit_id=unit.id, name="测试队", kind=TeamKind.door_visit)
    session.add_all([person, staff, grid, team])
    session.flush()  # the shift and the URLs need the ids
    shift = DutyShift(
        team_id=team.id,
        unit_id=unit.id,
        starts_at=clock.now() + timedelta(days=1),
        ends_at=clock.now() + timedelta(days=1, hours=8),
    )
    session.add(shift)
    team.members.append(staff)
    user = User(
        username=f"policy_{unit.id}",
        display_name="测试账号",
        role=Role.dissuader,
        unit_id=unit.id,
        password_hash=_password_hash(),
    )
    session.add(user)
    key, _ = auth.create_api_key(
        session, system, ApiKeyIn(name="测试平台", unit_id=unit.id, scopes=["warnings.read"])
    )
    center = centers.save(session, system, province="江西省", name=f"政策测试反诈中心{n}")
    moved, _ = _warning(session, n, unit, tag="moved")
    transfer = transfers.transfer_out(
        session, system, moved, center_id=center.id, reason="对象现居外省"
    )
    household = Household(
        grid_id=grid.id,
        unit_id=unit.id,
        compound="测试小区",
        room="101",
        contact_phone="+8613512345678",
    )
    session.add(household)
    session.flush()
    campaign = outreach.create_campaign(
        session,
        system,
        outreach.CampaignIn(
            name="测试行动",
            starts_on=clock.now().date(),
            ends_on=clock.now().date(),
            unit_ids=[unit.id],
        ),
    )
    outreach.start_campaign(session, system, campaign)
    event, vteam, course = _outreach(session, unit, staff)
    reward = rewards.create(
        session,
        system,
        rewards.RewardDraft(
            ground=RewardGround.frontline_stop,
            amount_fen=200_000,
            deed="劝阻成功",
            justification="避免损失",
        ),
        unit_id=unit.id,
    )
    reward_person = rewards.add_staff(session, system, reward, staff.id)
    tip, _code = tips.submit(session, category="other", description="政策表线索", reporter=None)
    monthly, _ = unit_reports.generate(session, system, unit.id, "month", clock.now().date())
    session.flush()
    questionnaire, survey, batch, code = _survey(session, n, unit)
    return Records(
        unit_id=unit.id,
        case_id=case.id,
        sp_id=elsewhere.id,
        assist_id=elsewhere.assist.id,
        held_sp_id=stops[held].id,
        freeze_id=frozen[own].id,
        unfreezing_freeze_id=frozen[unfreezing].id,
        lapsed_freeze_id=frozen[lapsed].id,
        mapping_import_id=mapping.id,
        return_id=returned.id,
        account=own,
        shared_account=shared,
        case_no=case.case_no,
        linked_case_no=linked.case_no,
        import_id=statement.id,
        gang_id=gangs.gang_of_case(session, linked.id).id,
        indicator_id=indicator.id,
        warning_id=warning.id,
        task_id=task.id,
        closed_warning_id=closed.id,
        lead_id=lead.id,
        answered_lead_id=answered.id,
        block_id=session.scalar(select(BlockRequest.id).where(BlockRequest.batch_no == batch_no)),
        batch_no=batch_no,
        person_id=person.id,
        staff_id=staff.id,
        grid_id=grid.id,
        team_id=team.id,
        shift_id=shift.id,
        user_id=user.id,
        key_id=key.id,
        center_id=center.id,
        transfer_id=transfer.id,
        campaign_id=campaign.id,
        household_id=household.id,
        questionnaire_id=questionnaire,
        survey_id=survey,
        survey_batch_id=batch,
        survey_code=code,
        event_id=event.id,
        vteam_id=vteam.id,
        training_id=course.id,
        training_secret=course.checkin_secret,
        reward_id=reward.id,
        beneficiary_id=reward_person.id,
        tip_id=tip.id,
        report_id=monthly.id,
        sp_confirm=confirm.token("stop_renew", elsewhere),
        freeze_confirm=confirm.token("freeze_renew", frozen[own]),
        key_confirm=confirm.token("key_revoke", key),
        held_sp_confirm=confirm.token("stop_freeze", stops[held]),
        unfreeze_confirm=confirm.token("unfreeze", frozen[own]),
        close_confirm=confirm.token("case_close", (case, cases.open_holds(session, case))),
    )


def _survey(session: Session, n: int, unit: Unit) -> tuple[int, int, int, str]:
    system = Principal.system()
    q = questionnaires.create_questionnaire(
        session,
        system,
        title=f"知晓率问卷{n}",
        purpose="awareness",
        questions=[
            {"kind": "single", "title": "会转账吗", "options": ["会", "不会"], "correct": "不会"}
        ],
        unit_id=unit.id,
    )
    survey = surveys.create_survey(
        session, system, questionnaire_id=q.id, title=f"调查{n}", unit_id=unit.id
    )
    batch = surveys.issue_codes(
        session, system, survey.id, size=2, event_ref=f"policy-{n}", unit_id=unit.id
    )
    return q.id, survey.id, batch.id, surveys.batch_codes(session, batch)[0].code


def _outreach(session: Session, unit: Unit, staff: Staff):
    """An outreach event, a volunteer team with `staff` on it, a training inviting the unit."""
    system = Principal.system()
    start = clock.now() - timedelta(hours=1)
    event = events.create_event(
        session,
        system,
        EventIn(
            kind=EventKind.community,
            title="测试宣传",
            place="社区",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            unit_id=unit.id,
        ),
    )
    vteam = volunteers.create_team(
        session, system, VolunteerTeamIn(name="测试志愿队", unit_id=unit.id)
    )
    vteam.members.append(staff)
    held = training.create_session(
        session,
        system,
        TrainingIn(
            topic="测试培训",
            trainer="讲师",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            unit_id=unit.id,
            place="会议室",
            invited_unit_ids=[unit.id],
        ),
    )
    return event, vteam, held


@functools.cache
def _password_hash() -> str:
    return auth.hash_password("Policy@2026!x")  # ~0.1 s: once for every unit's login


def _warning(
    session: Session, n: int, unit: Unit, *, escalate: bool = False, tag: str = "plain"
) -> tuple[Warning, DoorVisitTask | None]:
    """A warning routed into a grid under `unit`, escalated to a door visit, then filed under
    `unit` itself (a branch or the center holds warnings its stations pass up)."""
    grid_id = session.scalar(
        select(Grid.id)
        .join(Unit, Unit.id == Grid.unit_id)
        .where(Unit.path.like(unit.path + "%"), Unit.kind == UnitKind.community)
        .order_by(Grid.id)
        .limit(1)
    )
    payload = warning_payload(address=address_in(session, grid_id), external_id=f"POLICY-{n}-{tag}")
    [(warning_id, _)] = intake.store(session, Principal.system(), [WarningIn(**payload)])
    warning = session.get(Warning, warning_id)
    warning.unit_id = unit.id
    task = None
    if escalate:
        task = ladder.escalate_to_door_visit(session, Principal.system(), warning)
        task.unit_id = unit.id
    session.flush()
    return warning, task
