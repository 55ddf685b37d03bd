"""Every route declares its permission, and every role is refused where it must be."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.app import create_app
from fanzha.auth.models import ApiKey, Role
from fanzha.auth.permissions import ROLE_PERMISSIONS, Principal
from fanzha.cases import holds, returns
from fanzha.cases import service as cases
from fanzha.cases.schemas import BankFeedbackIn, CaseIn, FreezeIn, TraceableReturnIn, TransferIn
from fanzha.demo import statement_files as files
from fanzha.demo.statement_files import Line
from fanzha.fundflow import service as fundflow
from fanzha.linking import blocking, leads
from fanzha.linking import service as linking
from fanzha.linking.models import AtRiskPerson, BlockRequest, Indicator, IndicatorKind
from fanzha.org.models import DutyShift, Grid, Staff, Team, TeamKind, Unit
from fanzha.warnings import ladder
from fanzha.web.edge import walk_routes
from tests.helpers import csrf_token, declared_permission, login, user
from tests.warnings.test_ladder import receive

pytestmark = pytest.mark.usefixtures("city")

# One demo login per role (see fanzha.demo.city).
USERNAMES = {
    Role.admin: "admin",
    Role.duty_officer: "duty",
    Role.analyst: "analyst",
    Role.leader: "leader",
    Role.reward_reviewer: "reviewer",
    Role.station_officer: "station_a",
    Role.dissuader: "dissuader_a",
}


def _routes() -> list[APIRoute]:
    """Every APIRoute of the app, including those inside included routers."""
    return [r for r in walk_routes(create_app().routes) if isinstance(r, APIRoute)]


def test_the_route_walk_sees_every_operation_in_the_openapi_schema():
    walked = {(r.path_format, m.lower()) for r in _routes() for m in r.methods}
    schema = create_app().openapi()["paths"]
    documented = {(path, method) for path, ops in schema.items() for method in ops}
    assert documented <= walked
    assert len(walked) > 40


def test_every_route_declares_a_permission():
    undeclared = [
        f"{sorted(r.methods)} {r.path_format}" for r in _routes() if declared_permission(r) is None
    ]
    assert undeclared == []


def test_only_the_login_page_and_health_check_are_public():
    public = sorted(r.path_format for r in _routes() if declared_permission(r) == "public")
    assert public == ["/healthz", "/login", "/login"]


def _money_loop(session: Session, unit_id: int):
    """A case with one account frozen and partly returned, and one stopped in another city."""
    system = Principal.system()
    paid = [
        TransferIn(
            at=clock.now(), amount_fen=100_00, receiving_account=account, receiving_bank=bank
        )
        for account, bank in (
            ("6217001234567890123", "建设银行"),
            ("6228480012345678901", "工商银行西宁分行"),
        )
    ]
    case = cases.create_case(
        session, system, CaseIn(victim_name="测试", transfers=paid), unit_id=unit_id
    )
    holds.stop_all(session, system, case)
    local, elsewhere = holds.stop_payments_of(session, case)
    holds.record_feedback(session, system, local, BankFeedbackIn(held_fen=100_00))
    frozen = holds.freeze(session, system, local, FreezeIn())
    returned = returns.return_traceable(session, system, frozen, TraceableReturnIn(amount_fen=1))
    return case, elsewhere, frozen, returned


def indicator_of(session: Session, kind: str, value: str) -> Indicator:
    return session.scalar(select(Indicator).where(Indicator.kind == kind, Indicator.value == value))


def _path_values(session: Session, username: str) -> dict[str, int | str]:
    """Ids of records inside the user's own scope, so the only possible refusal is the
    permission (scope refusals are tested in tests/org/test_scope.py)."""
    account = user(session, username)
    subtree = select(Unit.id).where(Unit.path.like(account.unit.path + "%"))
    team_id = session.scalar(select(Team.id).where(Team.unit_id.in_(subtree)))
    if team_id is None:
        team = Team(unit_id=account.unit_id, name="测试队", kind=TeamKind.door_visit)
        session.add(team)
        session.flush()  # the URL needs the id
        team_id = team.id
    warning = receive(session, username)
    task = ladder.escalate_to_door_visit(session, Principal.system(), warning)
    case, stopped, frozen, returned = _money_loop(session, account.unit_id)
    statement = fundflow.start_import(
        session,
        Principal.system(),
        case=case,
        filename="一级卡.xlsx",
        content=files.bank_debit_credit_xlsx(
            [Line("6217001234567890123", clock.now(), 100_00, True, summary="转账")]
        ),
    )
    linked = cases.create_case(
        session,
        Principal.system(),
        CaseIn(
            victim_name="钱多多",
            transfers=[
                TransferIn(
                    at=clock.now(), amount_fen=100_00, receiving_account="6214000000000000777"
                )
            ],
        ),
        unit_id=account.unit_id,
    )
    found = indicator_of(session, "account", "6214000000000000777")
    cases.add_transfers(
        session,
        Principal.system(),
        case,
        [TransferIn(at=clock.now(), amount_fen=100_00, receiving_account="6214000000000000777")],
    )
    phone = linking.add_case_indicators(
        session, Principal.system(), linked, kind=IndicatorKind.phone, raw="13912340000"
    )
    fraud_phone = indicator_of(session, "phone", "+8613912340000")
    exclusion, _ = linking.add_exclusion(
        session, Principal.system(), kind=IndicatorKind.phone, pattern="95566", reason="银行客服"
    )
    blocking.request_block(
        session, Principal.system(), fraud_phone, reason="涉诈", unit_id=account.unit_id
    )
    batch_no, _ = blocking.submit_batch(
        session, Principal.system(), blocking.target_for(fraud_phone)
    )
    block_id = session.scalar(select(BlockRequest.id).where(BlockRequest.batch_no == batch_no))
    lead = leads.send_lead(
        session,
        Principal.system(),
        unit_id=account.unit_id,
        title="核查",
        content="核查账户",
        due_at=clock.now() + timedelta(days=3),
    )
    person = AtRiskPerson(
        evidence_key=f"contact:test:{account.id}",
        kind="contact",
        status="ready",
        person_phone="+8613700001111",
        indicator_id=fraud_phone.id,
        evidence_at=clock.now(),
    )
    session.add(person)
    session.flush()  # the URLs need the ids
    assert phone and found
    return {
        "gang_id": linking.gang_of_case(session, linked.id).id,
        "indicator_id": found.id,
        "exclusion_id": exclusion.id,
        "block_id": block_id,
        "batch_no": batch_no,
        "lead_id": lead.id,
        "person_id": person.id,
        "action": "none",
        "import_id": statement.id,
        "account": "6217001234567890123",
        "case_id": case.id,
        "sp_id": stopped.id,
        "assist_id": stopped.assist.id,
        "freeze_id": frozen.id,
        "return_id": returned.id,
        "step": "order",
        "warning_id": warning.id,
        "task_id": task.id,
        "unit_id": account.unit_id,
        "staff_id": session.scalar(select(Staff.id).where(Staff.unit_id.in_(subtree))),
        "grid_id": session.scalar(select(Grid.id).where(Grid.unit_id.in_(subtree))),
        "team_id": team_id,
        "shift_id": session.scalar(select(DutyShift.id).where(DutyShift.team_id == team_id)) or 1,
        "user_id": account.id,
        "key_id": session.scalar(select(ApiKey.id)) or 1,
        "kind": "staff",
    }


def _matrix():
    for route in _routes():
        permission = declared_permission(route)
        for method in sorted(route.methods - {"HEAD"}):
            for role in Role:
                if permission in ("public", "authenticated"):
                    allowed = True
                else:
                    allowed = all(p in ROLE_PERMISSIONS[role] for p in permission)
                yield pytest.param(
                    role,
                    method,
                    route.path_format,
                    allowed,
                    id=f"{role.value}-{method}-{route.path_format}",
                )


@pytest.mark.parametrize(("role", "method", "path", "allowed"), list(_matrix()))
def test_role_by_endpoint(client, session, role: Role, method: str, path: str, allowed: bool):
    """Refused roles get 403 on every method; allowed roles can read every page and list."""
    assert login(client, USERNAMES[role]).status_code == 303
    values = _path_values(session, USERNAMES[role])
    url = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)
    if path == "/warnings/stream":
        # An endless event stream: the status line is the answer.
        with client.stream("GET", url) as response:
            pass
    elif method == "GET":
        response = client.get(url)
    else:
        # An empty form: the permission check runs before any input is read.
        response = client.request(method, url, headers={"X-CSRF-Token": csrf_token(client)})
    if not allowed:
        assert response.status_code == 403, response.text[:200]
        return
    # An empty POST to the public login form is a failed sign-in (401): that is no refusal.
    refusals = (403,) if path == "/login" else (401, 403)
    assert response.status_code not in refusals, response.text[:200]
    if method == "GET":
        assert response.status_code in (200, 303), response.text[:200]
