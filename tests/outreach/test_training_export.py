"""A training session's attendance as Excel (masked, audited), and its quiz as a real foreign
key (the migration clears ids that point at no questionnaire version)."""

from __future__ import annotations

import io

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from openpyxl import load_workbook
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fanzha import migrate
from fanzha.masking import mask_name
from fanzha.outreach import training
from fanzha.outreach.people_models import TrainingSession
from tests.helpers import audit_entries, login, staff_in, unit_of
from tests.outreach.test_training import _session_for

pytestmark = pytest.mark.usefixtures("city")


def test_the_attendance_exports_masked_and_the_export_is_audited(client, session: Session):
    held = _session_for(session, [unit_of(session, "station_a")])
    present = staff_in(session, unit_of(session, "station_a"))
    outsider = staff_in(session, unit_of(session, "station_b"))
    for person in (present, outsider):
        training.record_attendance(session, held, person)
    session.flush()
    login(client, "admin")
    page = client.get(f"/outreach/training/{held.id}")
    assert 'id="attendance-export" href="?export=xlsx"' in page.text
    sheet = client.get(f"/outreach/training/{held.id}", params={"export": "xlsx"})
    assert sheet.status_code == 200 and "filename*=" in sheet.headers["content-disposition"]
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("姓名", "类别", "单位", "签到时间", "参训名单")
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name.keys() == {mask_name(present.name), mask_name(outsider.name)}
    assert by_name[mask_name(outsider.name)][4] == "名单外"
    assert by_name[mask_name(present.name)][4:] == ("名单内", None, "未测验")
    cells = " ".join(str(c) for r in rows for c in r)
    assert present.name not in cells and present.phone[-8:] not in cells
    [entry] = audit_entries(
        session, "list.page_exported", target_type="training_sessions", target_id=str(held.id)
    )
    assert "2 人" in entry.summary


def test_a_quiz_must_be_a_questionnaire_version(session: Session):
    held = _session_for(session, [unit_of(session, "station_a")])
    with pytest.raises(IntegrityError), session.begin_nested():
        held.quiz_version_id = 999_999_999
        session.flush()


def test_the_migration_clears_quiz_ids_that_name_no_version(own_engine: Engine, own_database_url):
    config = migrate.alembic_config(own_database_url)
    # The revision before this one's, whatever number it is given when the branches meet.
    mine = next(
        r
        for r in ScriptDirectory.from_config(config).walk_revisions()
        if r.path.endswith("_training_quiz_fk.py")
    )
    command.downgrade(config, mine.down_revision)
    with Session(own_engine) as session:
        held = _session_for(session, [unit_of(session, "station_a")])
        session.execute(
            text("UPDATE training_sessions SET quiz_version_id = 999999999 WHERE id = :id"),
            {"id": held.id},
        )
        session.commit()
        held_id = held.id
    own_engine.dispose()
    migrate.upgrade(own_database_url)
    with Session(own_engine) as session:
        assert (
            session.scalar(
                select(TrainingSession.quiz_version_id).where(TrainingSession.id == held_id)
            )
            is None
        )
