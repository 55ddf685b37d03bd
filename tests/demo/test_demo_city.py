"""`fanzha demo`: the fictional city is deterministic and shaped as documented."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.auth.models import Role, User
from fanzha.demo import city as demo_city
from fanzha.org.models import Compound, Grid, Staff, Street, Unit, UnitKind
from fanzha.warnings import intake
from fanzha.warnings.models import Warning
from fanzha.warnings.schemas import WarningIn
from tests.warnings.factories import warning_payload


def _fingerprint(session: Session) -> list[tuple]:
    staff = session.execute(select(Staff.name, Staff.phone, Staff.kind).order_by(Staff.id)).all()
    grids = session.execute(select(Grid.code, Grid.households).order_by(Grid.id)).all()
    return [tuple(r) for r in staff + grids]


def test_the_same_seed_builds_the_same_city(blank_engine):
    # An empty database of its own: the module's holds a committed city with the same codes.
    fingerprints = []
    for _ in range(2):
        with Session(blank_engine) as session:
            demo_city.build(session, seed=42, scale="small")
            fingerprints.append(_fingerprint(session))
            session.rollback()
    assert fingerprints[0] == fingerprints[1]
    with Session(blank_engine) as session:
        demo_city.build(session, seed=43, scale="small")
        assert _fingerprint(session) != fingerprints[0]
        session.rollback()


@pytest.fixture(scope="module")
def full_city(engine):
    with Session(engine) as session:
        # Two days of warnings instead of the default year keep the test quick.
        built = demo_city.build(session, seed=1, scale="city", warning_days=2)
        session.commit()
    return built


def _count_units(session: Session, kind: UnitKind) -> int:
    return session.scalar(select(func.count()).where(Unit.kind == kind))


def test_the_city_scale_has_the_documented_shape(full_city, session):
    assert _count_units(session, UnitKind.city_bureau) == 1
    assert _count_units(session, UnitKind.branch) == 3
    assert _count_units(session, UnitKind.station) == 15
    assert _count_units(session, UnitKind.community) == 60
    assert session.scalar(select(func.count()).select_from(Grid)) == 600
    assert session.scalar(select(func.count()).select_from(Staff)) == 3000
    households = session.scalars(select(Grid.households)).all()
    assert min(households) >= 250 and max(households) <= 900
    assert not demo_city.is_empty(session)


def test_the_gazetteer_covers_every_grid(full_city, session):
    grids_with_compounds = session.scalar(select(func.count(func.distinct(Compound.grid_id))))
    assert grids_with_compounds == 600
    names = session.scalars(select(Compound.name)).all()
    assert len(names) == len(set(names))  # a compound name routes to one place
    # Six streets per station, and 石家庄路 in each of the three districts (a shared name; the
    # random street names may already have placed it in some).
    assert 15 * 6 <= session.scalar(select(func.count()).select_from(Street)) <= 15 * 6 + 3
    shared = session.scalars(select(Street.district).where(Street.name == "石家庄路")).all()
    assert sorted(shared) == sorted(demo_city.DISTRICTS[:3])


@pytest.mark.parametrize("address", ["示例市新港区石家庄路378号", "新港区石家庄路378号明珠苑"])
def test_the_shared_street_routes_by_district(full_city, session, address):
    """The field report's addresses: 新港区's grid of 海棠派出所 / 曙光社区警务室."""
    item = WarningIn(**warning_payload(address=address))
    [(warning_id, _)] = intake.store(session, Principal.system(), [item])
    warning = session.get(Warning, warning_id)
    assert warning.routed
    assert warning.grid.unit.name == "曙光社区警务室"
    assert warning.grid.unit.parent.name == "海棠派出所"
    unplaced = session.get(
        Warning,
        intake.store(
            session, Principal.system(), [WarningIn(**warning_payload(address="石家庄路378号"))]
        )[0][0],
    )
    assert not unplaced.routed and len(unplaced.route_candidates) == 3


def test_one_login_per_role(full_city, session):
    roles = set(session.scalars(select(User.role)))
    assert roles == set(Role)
    assert {a.username for a in full_city.accounts} >= {"admin", "station_a", "station_b"}


def test_warnings_come_in_every_state_with_their_history(full_city, session):
    from fanzha.warnings.models import ContactAttempt, DoorVisitTask, Warning

    assert full_city.counts["warnings"] == 600
    states = set(session.scalars(select(Warning.status).distinct()))
    assert "closed" in states
    assert len(states & {"received", "signed", "contacting", "door_visit"}) >= 2  # still open
    outcomes = set(session.scalars(select(Warning.outcome).distinct()))
    assert "dissuaded" in outcomes
    assert session.scalar(select(func.count()).select_from(ContactAttempt)) > 600
    assert session.scalar(select(func.count()).select_from(DoorVisitTask)) > 0
    unrouted = session.scalar(select(func.count()).where(Warning.routed.is_(False)))
    assert 0 < unrouted < 100  # a few addresses outside the city wait for the center
    early = session.scalar(select(func.count()).where(Warning.signed_at < Warning.received_at))
    assert early == 0  # history runs forward


def test_people_living_elsewhere_are_transferred_and_answered_not_left_waiting(full_city, session):
    from datetime import timedelta

    from fanzha import clock
    from fanzha.warnings.models import TransferDirection, WarningTransfer

    moved = session.scalars(
        select(WarningTransfer).where(WarningTransfer.direction == TransferDirection.outgoing)
    ).all()
    assert moved and {t.status for t in moved} >= {"answered"}
    for transfer in moved:
        warning = transfer.warning
        assert warning.out_of_area_at is not None and transfer.sent_at > warning.out_of_area_at
        if transfer.status == "answered":  # the answer closed the warning with its outcome
            assert (warning.status, warning.outcome) == ("closed", transfer.outcome)
            assert warning.closed_at == transfer.answered_at
    # What still waits to be routed by hand is only what arrived in the last minutes.
    waiting = session.scalars(
        select(Warning.received_at).where(
            Warning.routed.is_(False),
            Warning.out_of_area_at.is_(None),
            Warning.status.not_in(["closed", "duplicate"]),
        )
    ).all()
    assert all(at > clock.now() - timedelta(hours=1) for at in waiting)
    incoming = session.scalars(
        select(WarningTransfer).where(WarningTransfer.direction == TransferDirection.incoming)
    ).all()
    assert all(t.due_at == t.sent_at + timedelta(hours=72) for t in incoming)


def test_demo_cases_have_statements_whose_money_runs_several_levels_deep(full_city, session):
    from fanzha.cases.models import Case
    from fanzha.fundflow import case_trace
    from fanzha.fundflow.models import ImportStatus, StatementImport

    imports = session.scalars(select(StatementImport)).all()
    assert len(imports) >= 5  # two days of warnings here; the full demo year has 80 cases
    assert {i.status for i in imports} == {ImportStatus.done}
    assert {"资金查控标准反馈格式", "银行流水（借贷分列）", "支付宝交易明细"} <= {
        i.layouts for i in imports
    }
    deepest, to_request, shared = 0, 0, 0
    for case_id in {i.case_id for i in imports}:
        traced = case_trace.trace_case(session, session.get(Case, case_id))
        deepest = max(deepest, *(f.level for f in traced.trace.accounts.values()))
        to_request += len(traced.trace.statements_to_request())
        shared += len(traced.shared)
    assert deepest >= 3 and to_request > 0 and shared > 0


def test_demo_analysis_has_gangs_noise_pushed_people_and_every_blocking_status(full_city, session):
    from fanzha.linking import exclusions
    from fanzha.linking.models import AtRiskPerson, BlockRequest, Gang, Lead, LinkExclusion
    from fanzha.warnings.models import Warning, WarningSource

    sizes = session.scalars(select(Gang.case_count).where(Gang.status != "dissolved")).all()
    assert sizes and max(sizes) >= 3 and max(sizes) < 200  # gangs, not one giant blob
    assert session.scalar(select(func.count()).select_from(LinkExclusion)) >= 5
    assert [i.value for i in exclusions.review_queue(session)] in ([], ["抖音"])
    pushed = session.scalars(
        select(AtRiskPerson.warning_id).where(AtRiskPerson.warning_id.is_not(None))
    ).all()
    assert pushed
    sources = session.scalars(select(Warning.source).where(Warning.id.in_(pushed))).all()
    assert set(sources) == {WarningSource.local_analysis}
    statuses = set(session.scalars(select(BlockRequest.status)))
    assert statuses == {"draft", "submitted", "accepted", "done", "refused", "appealed", "lifted"}
    assert session.scalar(select(func.count()).select_from(Lead)) > 0


def test_demo_doors_are_knocked_by_full_teams_with_a_few_short(full_city, session):
    """The demo campaigns ask an officer or auxiliary, a 网格员 and a 志愿者 at each door: most
    visits have all three, so the few marked 组队不全 stand out, as in a real campaign."""
    from fanzha.outreach.models import Visit

    missing = session.scalars(select(Visit.team_rule_missing)).all()
    short = [m for m in missing if m]
    assert len(missing) > 1000
    assert 0 < len(short) < len(missing) * 0.12
    assert {role for m in short for role in m} == {"grid_worker", "volunteer"}
