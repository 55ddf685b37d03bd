"""Nothing personal in any log line: each error kind is triggered with a known name, phone,
ID number and address, and the log output (formatted as a log file shows it) is searched for
them. tests/logscan.py does the same for every record of the whole run."""

from __future__ import annotations

import logging
import threading
import time
import urllib.parse
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker
from uvicorn.logging import AccessFormatter

from fanzha import logs
from fanzha.app import create_app
from fanzha.db import new_engine
from fanzha.web.deps import get_session, sessions_from
from tests.helpers import (
    CANARY_ADDRESS,
    CANARY_ID_NUMBER,
    CANARY_NAME,
    CANARY_PHONE,
    free_port,
    login,
    post_form,
    unit_of,
)

pytestmark = pytest.mark.usefixtures("city")

PERSONAL = (CANARY_NAME, CANARY_PHONE, CANARY_ID_NUMBER, CANARY_ADDRESS)


def leaked(output: str) -> list[str]:
    """The personal values in `output`, as typed or percent-encoded as in a URL."""
    return [v for v in PERSONAL if v in output or urllib.parse.quote(v) in output]


class Capture(logging.Handler):
    """Formats what reaches the watched loggers as a log file would show it."""

    def __init__(self, *names: str) -> None:
        super().__init__(level=logging.DEBUG)
        self.names = names or ("",)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def __enter__(self) -> Capture:
        for name in self.names:
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        for name in self.names:
            logging.getLogger(name).removeHandler(self)


@pytest.fixture
def captured() -> Iterator[Capture]:
    handler = Capture()
    handler.setFormatter(logging.Formatter(logs.FORMAT))
    with handler:
        yield handler


@pytest.fixture
def loose_client(app) -> Iterator[TestClient]:
    """A client that gets the 500 page instead of the server's exception."""
    with TestClient(app, follow_redirects=False, raise_server_exceptions=False) as client:
        yield client


def test_a_failing_case_intake_logs_the_error_without_the_victim(loose_client, session, captured):
    # The insert fails inside PostgreSQL with the name in the message and every victim field
    # in the statement's parameters: the shape of the failure seen in production.
    session.execute(
        text(
            "CREATE FUNCTION t_fail() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN PERFORM NEW.victim_name::integer; RETURN NEW; END $$;"
            "CREATE TRIGGER t_fail BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION t_fail()"
        )
    )
    session.commit()
    login(loose_client, "station_a")
    form = {
        "victim_name": CANARY_NAME,
        "victim_phone": CANARY_PHONE,
        "victim_id_number": CANARY_ID_NUMBER,
        "victim_address": CANARY_ADDRESS,
        "fraud_type": "investment",
        "story": f"{CANARY_NAME}接到电话",
        "unit_id": str(unit_of(session, "station_a").id),
    }
    response = post_form(loose_client, "/cases/new", form)
    assert response.status_code == 500
    assert "系统内部错误" in response.text
    assert "unhandled error on POST /cases/new" in captured.output
    # The traceback is there, with the error's kind and the statement, not its values.
    assert "InvalidTextRepresentation" in captured.output
    assert "INSERT INTO cases" in captured.output
    assert leaked(captured.output) == []


def test_a_failing_staff_search_logs_the_error_without_the_searched_name(
    loose_client, session, captured
):
    # The search statement is the first to read the renamed column: it fails carrying the
    # searched name in its parameters.
    session.execute(text("ALTER TABLE staff RENAME COLUMN badge_no TO badge_no_gone"))
    login(loose_client, "admin")
    response = loose_client.get("/org/staff", params={"q": CANARY_NAME})
    assert response.status_code == 500
    assert "UndefinedColumn" in captured.output and "badge_no" in captured.output
    assert leaked(captured.output) == []


def test_database_error_details_and_parameters_never_reach_the_log(database_url, captured):
    # An engine without hide_parameters: the scrubbing alone must hold.
    engine = create_engine(database_url)
    log = logging.getLogger("fanzha.test")
    try:
        with engine.connect() as conn:
            conn.execute(
                text("CREATE TEMP TABLE people (id_number text PRIMARY KEY, name text, phone text)")
            )
            row = {"id": CANARY_ID_NUMBER, "name": CANARY_NAME, "phone": CANARY_PHONE}
            insert = text("INSERT INTO people VALUES (:id, :name, :phone)")
            conn.execute(insert, row)
            with pytest.raises(IntegrityError) as duplicate:
                conn.execute(insert, row)
            # The raw error says it all: DETAIL with the key, and the parameters.
            assert CANARY_ID_NUMBER in str(duplicate.value)
            assert CANARY_NAME in str(duplicate.value)
            log.error("storing failed", exc_info=duplicate.value)
            conn.rollback()
            with pytest.raises(Exception) as cast:
                conn.execute(text("SELECT CAST(:name AS integer)"), {"name": CANARY_NAME})
            log.exception("lookup failed", exc_info=cast.value)
    finally:
        engine.dispose()
    out = captured.output
    assert "UniqueViolation" in out and "people_pkey" in out and "[SQLSTATE 23505]" in out
    assert "InvalidTextRepresentation" in out and "DETAIL" not in out
    assert "[parameters:" not in out
    assert leaked(out) == []


def test_identifiers_in_any_log_message_are_masked(captured):
    log = logging.getLogger("fanzha.test")
    log.warning("matched %s / %s / card %s", CANARY_PHONE, CANARY_ID_NUMBER, "6222020200112233445")
    log.warning("GET /staff?q=%s&page=2 answered", urllib.parse.quote(CANARY_NAME))
    assert "139****5678" in captured.output and "1101**********4477" in captured.output
    assert "6222 **** **** **** 3445" in captured.output
    assert "GET /staff answered" in captured.output
    assert leaked(captured.output) == []


def test_exception_messages_lose_chinese_values_and_pydantic_inputs(captured):
    from fanzha.cases.schemas import CaseIn

    log = logging.getLogger("fanzha.test")
    try:
        CaseIn.model_validate({"victim_name": CANARY_NAME, "victim_phone": CANARY_ADDRESS})
    except Exception:
        log.exception("validation escaped")
    try:
        int(CANARY_NAME)
    except ValueError:
        log.exception("conversion failed")
    assert "ValidationError" in captured.output and "ValueError" in captured.output
    assert leaked(captured.output) == []


@pytest.fixture
def real_server(database_url: str) -> Iterator[tuple[str, Capture, Capture]]:
    """The app under uvicorn with its default (production) log set-up and access log on, plus
    one route whose query fails with personal data in its parameters."""
    app = create_app()
    engine = new_engine(database_url)
    app.dependency_overrides[get_session] = sessions_from(sessionmaker(bind=engine))
    raw = create_engine(database_url)  # no hide_parameters: the scrubbing alone must hold

    @app.get("/boom")
    def boom(q: str) -> None:
        with raw.connect() as conn:
            conn.execute(
                text("SELECT CAST(:name AS integer), :phone, :id"),
                {"name": q, "phone": CANARY_PHONE, "id": CANARY_ID_NUMBER},
            )

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="info"))
    # Formatted as uvicorn's default log configuration formats them.
    access = Capture("uvicorn.access")
    access.setFormatter(AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s'))
    errors = Capture("uvicorn.error", "fanzha")
    errors.setFormatter(logging.Formatter(logs.FORMAT))
    thread = threading.Thread(target=server.run, daemon=True)
    with access, errors:
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", access, errors
        server.should_exit = True
        thread.join(timeout=10)
    raw.dispose()
    engine.dispose()


def test_the_access_log_and_server_errors_under_uvicorn_carry_no_personal_data(real_server):
    base, access, errors = real_server
    assert httpx.get(f"{base}/org/staff", params={"q": CANARY_NAME}, timeout=60).status_code == 303
    assert httpx.get(f"{base}/boom", params={"q": CANARY_NAME}, timeout=60).status_code == 500
    assert '"GET /org/staff HTTP/1.1" 303' in access.output
    assert '"GET /boom HTTP/1.1" 500' in access.output
    assert leaked(access.output) == []
    # uvicorn logs its traceback after the 500 has been sent: wait for that line.
    deadline = time.monotonic() + 10
    while "Exception in ASGI application" not in errors.output:
        assert time.monotonic() < deadline, errors.output
        time.sleep(0.02)
    output = errors.output
    assert "unhandled error on GET /boom" in output  # ours
    assert "InvalidTextRepresentation" in output
    assert leaked(output) == []


def test_every_entry_point_installs_the_scrubbing(monkeypatch):
    monkeypatch.setattr(logging, "_logRecordFactory", logging.LogRecord)
    assert not logs.is_installed()
    create_app()
    assert logs.is_installed()


def test_the_suite_wide_scan_fails_a_run_that_logs_a_canary(pytester, monkeypatch):
    import tests

    monkeypatch.setenv("PYTHONPATH", str(__import__("pathlib").Path(tests.__file__).parents[1]))
    pytester.makepyfile(
        test_leak=f"""
        import logging

        def test_leak():
            logging.getLogger("anything").warning("victim %s", "{CANARY_NAME}")

        def test_quiet():
            logging.getLogger("anything").warning("nothing personal")
        """
    )
    result = pytester.runpytest_subprocess("-p", "tests.logscan", "-p", "no:randomly")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*1 log record(s) carry personal data*", "*test_leak*"])
