"""The app against the hand-written access policy (tests/web/access_policy.py): every route, for
every login and every relation of the record's unit to the caller, answers exactly as written;
every /api/v1 route, for every API-key scope; and every route for a caller not signed in.

The records are built once for the module (tests/web/policy_world.py); each request runs in a
transaction of its own that is rolled back, so a call that changes something (closing a case,
revoking a key) leaves the next one the same world.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.app import create_app
from fanzha.auth import service as auth
from fanzha.auth.schemas import ApiKeyIn
from fanzha.cases.models import Case
from fanzha.db import committing
from fanzha.demo import statement_files as files
from fanzha.demo.city import DEMO_PASSWORD
from fanzha.demo.statement_files import Line
from fanzha.holidays import sheet as holidays_sheet
from fanzha.linking import at_risk, blocking, exclusions, indicators
from fanzha.linking.models import Indicator, IndicatorKind
from fanzha.org import importers
from fanzha.outreach import households as outreach_households
from fanzha.outreach.training import sign_code
from fanzha.public import bank as quiz_bank
from fanzha.warnings import importer as warnings_importer
from fanzha.web.deps import API_KEY_HEADER, CSRF_COOKIE, get_session
from fanzha.web.edge import walk_routes
from tests.helpers import csrf_token, declared_permission, login
from tests.isolation import DetachedAuditWriter
from tests.warnings.factories import warning_payload
from tests.web import policy_world
from tests.web.access_policy import (
    CHILD,
    EVERY,
    KNOWN_BUGS,
    NONE,
    OWN,
    POLICY,
    RELATIONS,
    USERS,
    Row,
)
from tests.web.access_policy_keys import (
    ANONYMOUS,
    ANONYMOUS_API,
    ANONYMOUS_PAGE,
    API_KEY_POLICY,
    API_KEY_RELATIONS,
    API_KEY_SCOPES,
    KEY_PAGES,
    PUBLIC,
)

pytestmark = pytest.mark.usefixtures("city")


# --- the cells of the table --------------------------------------------------------------


def expected(row: Row, user: str, relation: str) -> int:
    """The row's answer for one login (or key scope) on the record of one relation."""
    if user not in row.who:
        return 403
    if (user, relation) in row.special:
        return row.special[(user, relation)]
    if user in row.special:
        return row.special[user]
    if row.scope in (NONE, EVERY) or relation in (OWN, CHILD):
        return row.ok
    return 404


def _label(row: Row) -> str:
    fill = ",".join(f"{k}={v}" for k, v in row.fill.items())
    return f"{row.method} {row.path}" + (f" [{fill}]" if fill else "")


def _cells():
    for row in POLICY:
        for user in USERS:
            # A refusal by role is the same for every record: asked once, on a record in scope.
            relations = [OWN] if user not in row.who or row.scope == NONE else list(RELATIONS[user])
            for relation in relations:
                bug = KNOWN_BUGS.get((row.method, row.path, user, relation))
                marks = [pytest.mark.xfail(reason=bug, strict=True)] if bug else []
                yield pytest.param(
                    row, user, relation, id=f"{user}-{relation}-{_label(row)}", marks=marks
                )


def _key_cells():
    for row in API_KEY_POLICY:
        for scope in API_KEY_SCOPES:
            allowed = scope in row.who
            relations = list(API_KEY_RELATIONS) if allowed and row.scope != NONE else [OWN]
            for relation in relations:
                yield pytest.param(row, scope, relation, id=f"key:{scope}-{relation}-{_label(row)}")


# --- the world, once per module --------------------------------------------------------------


@dataclasses.dataclass
class World:
    records: dict[str, policy_world.Records]
    uploads: dict[str, tuple[str, bytes]]
    draft_target: str
    keys: dict[str, str]  # scope -> plain key, bound to station_a's unit
    all_scopes_key: str
    exclusion_id: int


@pytest.fixture(scope="module")
def world(engine: Engine, city) -> World:
    with Session(engine) as session:
        _, records = policy_world.build(session)
        system = Principal.system()
        # A draft blocking request waiting to be sent, for the submit route.
        draft = indicators.add_case_indicators(
            session,
            system,
            session.get(Case, records["city"].case_id),
            kind=IndicatorKind.phone,
            raw="13800990000",
        )
        assert draft
        phone = session.scalars(select(Indicator).where(Indicator.value == "+8613800990000")).one()
        request = blocking.request_block(
            session, system, phone, reason="涉诈", unit_id=records["city"].unit_id
        )
        keys = {}
        for scope in API_KEY_SCOPES:
            _, keys[scope] = auth.create_api_key(
                session,
                system,
                ApiKeyIn(name="省级平台", unit_id=records["station_a"].unit_id, scopes=[scope]),
            )
        _, all_scopes_key = auth.create_api_key(
            session,
            system,
            ApiKeyIn(
                name="全权限平台",
                unit_id=records["station_a"].unit_id,
                scopes=list(API_KEY_SCOPES),
            ),
        )
        target = str(request.target)
        exclusion, _ = exclusions.add_exclusion(
            session, system, kind=IndicatorKind.phone, pattern="95566", reason="银行客服"
        )
        exclusion_id = exclusion.id
        session.commit()
    statement = files.bank_debit_credit_xlsx(
        [Line(records["city"].account, clock.now(), 50_00, True, summary="转账")]
    )
    uploads = {
        "statement": ("二级卡.xlsx", statement),
        "staff_template": ("人员.xlsx", importers.staff_template()),
        "warnings_template": ("预警.xlsx", warnings_importer.template()),
        "indicators_template": ("要素.xlsx", indicators.import_template()),
        "calls_template": ("话单.xlsx", at_risk.call_template()),
        "holidays_template": ("节假日安排.xlsx", holidays_sheet.template()),
        "quiz_template": ("答题题目.xlsx", quiz_bank.import_template()),
        "households_template": ("住户.xlsx", outreach_households.template()),
    }
    return World(
        records=records,
        uploads=uploads,
        draft_target=target,
        keys=keys,
        all_scopes_key=all_scopes_key,
        exclusion_id=exclusion_id,
    )


class _Holder:
    session: Session


@pytest.fixture(scope="module")
def holder() -> _Holder:
    return _Holder()


@pytest.fixture(scope="module")
def policy_client(engine: Engine, world: World, holder: _Holder) -> Iterator[TestClient]:
    app = create_app()

    def test_session() -> Iterator[Session]:
        yield from committing(holder.session)

    app.dependency_overrides[get_session] = test_session
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        yield client


@pytest.fixture(scope="module")
def jars(engine: Engine, policy_client: TestClient, holder: _Holder) -> dict[str, dict]:
    """Each login's cookies (session and CSRF), signed in once for real."""
    out = {}
    for user in USERS:
        with Session(engine, expire_on_commit=False) as session:
            holder.session = session
            policy_client.cookies.clear()
            assert login(policy_client, user).status_code == 303
            csrf_token(policy_client)
            out[user] = dict(policy_client.cookies)
    return out


@pytest.fixture
def in_transaction(engine: Engine, holder: _Holder) -> Iterator[None]:
    """The request's writes (and the audit entries of refusals) roll back after the test."""
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    DetachedAuditWriter(session, connection)
    holder.session = session
    yield
    session.close()
    transaction.rollback()
    connection.close()


# --- asking ----------------------------------------------------------------------------------


def _values(world: World, unit_key: str, user: str | None) -> dict[str, object]:
    values = dataclasses.asdict(world.records[unit_key])
    today = clock.now().astimezone(clock.SHANGHAI).date()
    return values | {
        "username": user or "",
        "password": DEMO_PASSWORD,
        "today": today.isoformat(),
        "tomorrow": (today + timedelta(days=1)).isoformat(),
        "far_day": (today + timedelta(days=90)).isoformat(),  # past the demo rota
        "exclusion_id": world.exclusion_id,
        "draft_target": world.draft_target,
        # Signed now: a check-in code is good for minutes only.
        "checkin_code": sign_code(values["training_id"], str(values["training_secret"])),
    }


def _fill(template: object, values: dict[str, object]) -> object:
    if isinstance(template, str):
        return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), template)
    if isinstance(template, dict):
        return {k: _fill(v, values) for k, v in template.items()}
    return template


def _json_body(row: Row, values: dict[str, object]) -> object:
    if row.json == "warning":
        return warning_payload(external_id="POLICY-API-1", issued_at=clock.now().isoformat())
    if row.json == "batch":
        return {
            "items": [
                warning_payload(external_id="POLICY-API-2", issued_at=clock.now().isoformat())
            ]
        }
    return _fill(row.json, values)


def ask(client: TestClient, world: World, row: Row, values: dict[str, object], headers: dict):
    # The row's literal values first: one may name a record value ({answered_lead_id}).
    url = str(_fill(_fill(row.path, {**values, **row.fill}), values))
    if row.path.endswith("/stream"):  # the board's and the big screen's
        with client.stream("GET", url, headers=headers) as response:
            return response  # an endless stream: the status line is the answer
    if row.method == "GET":
        return client.get(url, headers=headers)
    if row.json is not None:
        return client.post(url, json=_json_body(row, values), headers=headers)
    form = _fill(row.form or {}, values)
    if CSRF_COOKIE in client.cookies:
        form = {**form, "csrf_token": client.cookies[CSRF_COOKIE]}
    file = {"file": world.uploads[row.upload]} if row.upload else None
    return client.post(url, data=form, files=file, headers=headers)


def _gist(response) -> str:
    """What the page said, without its markup (for a failure message)."""
    if response.headers.get("content-type", "").startswith("text/event-stream"):
        return ""
    text = response.text
    text = text[text.find("<main") :] if "<main" in text else text
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))[:400]


@pytest.mark.parametrize(("row", "user", "relation"), list(_cells()))
def test_policy(policy_client, world, jars, in_transaction, row: Row, user: str, relation: str):
    policy_client.cookies.clear()
    policy_client.cookies.update(jars[user])
    values = _values(world, RELATIONS[user][relation], user)
    headers = {"X-CSRF-Token": jars[user][CSRF_COOKIE]} if row.json is not None else {}
    response = ask(policy_client, world, row, values, headers)
    assert response.status_code == expected(row, user, relation), (row.why, _gist(response))


@pytest.mark.parametrize(("row", "scope", "relation"), list(_key_cells()))
def test_api_key_policy(policy_client, world, in_transaction, row: Row, scope: str, relation: str):
    policy_client.cookies.clear()
    values = _values(world, API_KEY_RELATIONS[relation], None)
    response = ask(policy_client, world, row, values, {API_KEY_HEADER: world.keys[scope]})
    want = expected(row, scope, relation)
    assert response.status_code == want, _gist(response)


def _key_page_cells():
    for row in POLICY:
        where = (row.method, row.path)
        if row.path.startswith("/api/") or where in PUBLIC:
            continue
        if where in KEY_PAGES:
            scopes, ok = KEY_PAGES[where]
            for scope in API_KEY_SCOPES:
                want = ok if scope in scopes else 403
                yield pytest.param(row, (scope,), want, id=f"key:{scope}-{_label(row)}")
        else:
            yield pytest.param(row, API_KEY_SCOPES, 403, id=f"key:all-{_label(row)}")


@pytest.mark.parametrize(("row", "scopes", "want"), list(_key_page_cells()))
def test_api_key_on_pages(policy_client, world, in_transaction, row, scopes, want: int):
    policy_client.cookies.clear()
    key = world.keys[scopes[0]] if len(scopes) == 1 else world.all_scopes_key
    values = _values(world, API_KEY_RELATIONS[OWN], None)
    response = ask(policy_client, world, row, values, {API_KEY_HEADER: key})
    assert response.status_code == want, _gist(response)


def _anonymous_cells():
    for row in POLICY:
        want = ANONYMOUS.get((row.method, row.path))
        if want is None:
            # A client that sends JSON (the field page's sync) is answered in JSON, 401;
            # a page is sent to the login page.
            speaks_json = row.path.startswith("/api/") or row.json is not None
            want = ANONYMOUS_API if speaks_json else ANONYMOUS_PAGE
        yield pytest.param(row, want, id=f"anonymous-{_label(row)}")


@pytest.mark.parametrize(("row", "want"), list(_anonymous_cells()))
def test_anonymous_policy(policy_client, world, in_transaction, row: Row, want: int):
    policy_client.cookies.clear()
    headers = {"X-CSRF-Token": csrf_token(policy_client)}  # only the CSRF cookie
    response = ask(policy_client, world, row, _values(world, "city", "admin"), headers)
    assert response.status_code == want, _gist(response)


# --- the table covers the app, and only the app --------------------------------------------------


def _routes() -> list[APIRoute]:
    return [r for r in walk_routes(create_app().routes) if isinstance(r, APIRoute)]


def _operations() -> set[tuple[str, str]]:
    """(method, path template) of every operation."""
    return {
        (method, route.path_format) for route in _routes() for method in route.methods - {"HEAD"}
    }


def test_every_route_of_the_app_has_a_row_and_every_row_a_route():
    tabled = {(row.method, row.path) for row in POLICY}
    assert sorted(_operations() - tabled) == [], "routes without a row in the access policy"
    assert sorted(tabled - _operations()) == [], "rows for routes the app no longer has"


def test_every_api_route_has_a_key_row():
    api = {op for op in _operations() if op[1].startswith("/api/v1/")}
    assert sorted(api ^ {(row.method, row.path) for row in API_KEY_POLICY}) == []
    assert sorted(set(KEY_PAGES) - _operations()) == []


def test_the_route_walk_sees_every_operation_in_the_openapi_schema():
    walked = {(r.path_format, m.lower()) for r in _routes() for m in r.methods}
    documented = {
        (path, method) for path, ops in create_app().openapi()["paths"].items() for method in ops
    }
    assert documented <= walked
    assert len(walked) > 40


def test_every_route_declares_a_permission():
    undeclared = [
        f"{sorted(r.methods)} {r.path_format}" for r in _routes() if declared_permission(r) is None
    ]
    assert undeclared == []


def test_only_the_login_page_health_check_and_citizens_site_are_public():
    routes = _routes()
    public = sorted(r.path_format for r in routes if declared_permission(r) == "public")
    site = [p for p in public if p == "/public" or p.startswith("/public/")]
    assert [p for p in public if p not in site] == ["/healthz", "/login", "/login"]
    # ...and every route of the citizens' site is anonymous (staff pages live elsewhere).
    under = sorted(r.path_format for r in routes if r.path_format.startswith("/public"))
    assert under == site


def test_every_known_bug_names_a_cell_of_the_table():
    cells = {(r.method, r.path, u, rel) for r in POLICY for u in r.who for rel in RELATIONS[u]}
    assert sorted(set(KNOWN_BUGS) - cells) == []
