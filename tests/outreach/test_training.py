"""Training with QR check-in as trainees notice it: a code scanned once checks them in once,
an old code is refused in Chinese, people from units not invited are flagged, and staff on
dissuasion duty without training this year are listed."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.auth.service import user_principal
from fanzha.config import get_settings
from fanzha.org.models import Unit
from fanzha.outreach import training
from fanzha.outreach.people_models import TrainingAttendance, TrainingSession
from fanzha.outreach.people_schemas import TrainingIn
from tests.helpers import login, post_form, unit_of, user

pytestmark = pytest.mark.usefixtures("city")


def _session_for(session: Session, invited: list[Unit], *, year_offset: int = 0) -> TrainingSession:
    now = clock.now()
    start = now.replace(year=now.year + year_offset) - timedelta(hours=1)
    return training.create_session(
        session,
        user_principal(user(session, "admin")),
        TrainingIn(
            topic="劝阻话术与典型案例",
            trainer="反诈中心 王警官",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            unit_id=unit_of(session, "admin").id,
            place="市局三楼报告厅",
            invited_unit_ids=[u.id for u in invited],
        ),
    )


def _code_from_qr_page(client, held: TrainingSession) -> str:
    page = client.get(f"/outreach/training/{held.id}/qr")
    assert page.status_code == 200
    assert "<svg" in page.text
    found = re.search(r'/outreach/training/checkin\?c=([^"&<\s]+)', page.text)
    if found is None:  # the URL is inside the QR only: ask the service for the same code
        return training.checkin_code(held)
    return found.group(1)


def test_a_trainee_checks_in_once_by_scanning_the_code(client, session):
    held = _session_for(session, [unit_of(session, "station_a")])
    code = training.checkin_code(held)
    login(client, "dissuader_a")  # a community below station_a: on the roster
    page = client.get(f"/outreach/training/checkin?c={code}")
    assert page.status_code == 200 and "劝阻话术与典型案例" in page.text
    first = post_form(client, "/outreach/training/checkin", {"c": code})
    assert first.status_code == 200 and "签到成功" in first.text
    assert "名单外" not in first.text
    again = post_form(client, "/outreach/training/checkin", {"c": code})
    assert again.status_code == 200 and "您已签到，无需重复签到" in again.text
    count = session.scalar(select(func.count()).where(TrainingAttendance.session_id == held.id))
    assert count == 1


def test_an_expired_code_is_refused_in_chinese(client, session):
    held = _session_for(session, [unit_of(session, "station_a")])
    minutes = get_settings().training_checkin_minutes
    with clock.pinned(clock.now() - timedelta(minutes=minutes, seconds=5)):
        old = training.checkin_code(held)
    login(client, "dissuader_a")
    response = post_form(client, "/outreach/training/checkin", {"c": old})
    assert response.status_code == 422
    assert "签到码已过期，请扫描屏幕上最新的二维码" in response.text
    assert session.scalar(select(func.count()).where(TrainingAttendance.session_id == held.id)) == 0


def test_a_forged_code_is_refused(client, session):
    held = _session_for(session, [unit_of(session, "station_a")])
    code = training.checkin_code(held)
    other = _session_for(session, [unit_of(session, "station_a")])
    forged = f"{other.id}" + code[len(str(held.id)) :]  # this session's signature on another
    login(client, "dissuader_a")
    response = post_form(client, "/outreach/training/checkin", {"c": forged})
    assert response.status_code == 422
    assert "签到码无效" in response.text


@pytest.mark.parametrize("code", ["99999999999.abc.def", "².abc.def"])
def test_a_code_naming_an_impossible_session_is_invalid_not_a_server_error(client, code):
    login(client, "dissuader_a")
    assert client.get("/outreach/training/checkin", params={"c": code}).status_code == 422
    response = post_form(client, "/outreach/training/checkin", {"c": code})
    assert response.status_code == 422
    assert "签到码无效" in response.text


def test_a_trainee_from_a_unit_not_invited_is_flagged(client, session):
    held = _session_for(session, [unit_of(session, "station_b")])
    login(client, "station_a")
    response = post_form(client, "/outreach/training/checkin", {"c": training.checkin_code(held)})
    assert response.status_code == 200
    assert "您所在单位不在本次培训的参训名单中" in response.text
    login(client, "admin")
    detail = client.get(f"/outreach/training/{held.id}").text
    assert re.search(r'id="off-roster">1 人<', detail)
    assert "名单外</span>" in detail


def test_the_qr_page_shows_a_code_that_checks_in(client, session):
    held = _session_for(session, [unit_of(session, "station_a")])
    login(client, "admin")
    code = _code_from_qr_page(client, held)
    login(client, "dissuader_a")
    assert "签到成功" in post_form(client, "/outreach/training/checkin", {"c": code}).text


def test_rates_per_unit_and_the_staff_page_record(client, session):
    station = unit_of(session, "station_a")
    held = _session_for(session, [station])
    dissuader = user(session, "dissuader_a")
    training.check_in(session, user_principal(dissuader), training.checkin_code(held))
    rates = training.unit_rates(session, held)
    assert [(r.unit.id, r.attended) for r in rates] == [(station.id, 1)]
    assert rates[0].roster >= 1
    login(client, "admin")
    record = client.get(f"/outreach/training/staff/{dissuader.staff_id}").text
    assert "劝阻话术与典型案例" in record
    staff_page = client.get(f"/org/staff/{dissuader.staff_id}").text
    assert f'hx-get="/outreach/training/staff/{dissuader.staff_id}"' in staff_page


def test_staff_on_dissuasion_duty_untrained_this_year_are_listed(client, session):
    dissuader = user(session, "dissuader_a")
    login(client, "station_a")
    page = client.get("/outreach/training/untrained?size=200").text
    assert f'href="/org/staff/{dissuader.staff_id}"' in page
    # Trained last year only: still listed; trained this year: gone.
    last_year = _session_for(session, [unit_of(session, "station_a")], year_offset=-1)
    training.check_in(session, user_principal(dissuader), training.checkin_code(last_year))
    assert (
        f'href="/org/staff/{dissuader.staff_id}"'
        in client.get("/outreach/training/untrained?size=200").text
    )
    this_year = _session_for(session, [unit_of(session, "station_a")])
    training.check_in(session, user_principal(dissuader), training.checkin_code(this_year))
    assert (
        f'href="/org/staff/{dissuader.staff_id}"'
        not in client.get("/outreach/training/untrained?size=200").text
    )


def test_two_check_ins_at_the_same_moment_leave_one_row(own_engine):
    with Session(own_engine) as setup:
        held = _session_for(setup, [unit_of(setup, "station_a")])
        code = training.checkin_code(held)
        held_id = held.id
        setup.commit()
    barrier = threading.Barrier(2)
    results: list[bool] = []
    errors: list[BaseException] = []

    def scan() -> None:
        try:
            with Session(own_engine) as mine:
                actor = user_principal(user(mine, "dissuader_a"))
                barrier.wait(timeout=10)
                done = training.check_in(mine, actor, code)
                mine.commit()
                results.append(done.first)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors
    assert sorted(results) == [False, True]
    with Session(own_engine) as check:
        count = check.scalar(select(func.count()).where(TrainingAttendance.session_id == held_id))
    assert count == 1
