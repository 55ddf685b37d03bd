"""An incoming transfer (跨区域移交 to us) that intake files as a duplicate of a warning we
already hold was owed to the other center forever: nobody works a duplicate, so its answer
was never given and the transfers page flagged 反馈逾期 for good. The warning it repeats now
answers for it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fanzha import clock
from fanzha.access import Principal
from fanzha.warnings import intake, ladder, transfers
from fanzha.warnings.models import Outcome, TransferStatus, Warning, WarningStatus
from fanzha.warnings.schemas import WarningIn
from tests.helpers import login
from tests.warnings.factories import warning_payload

pytestmark = pytest.mark.usefixtures("city")
SYSTEM = Principal.system()
PHONE = "13900000001"


def _store(session, **kw) -> Warning:
    [(wid, _)] = intake.store(session, SYSTEM, [WarningIn(**warning_payload(**kw))])
    return session.get(Warning, wid)


def test_closing_the_original_answers_the_duplicates_incoming_transfer(client, session):
    original = _store(session, person_phone=PHONE)
    repeat = _store(session, person_phone=PHONE, transferred_from="九江市反诈中心")
    session.refresh(repeat)
    assert repeat.status == WarningStatus.duplicate
    ladder.close(session, SYSTEM, original, outcome="dissuaded")
    session.flush()
    [incoming] = transfers.of_warning(session, repeat)
    assert incoming.status == TransferStatus.answered and incoming.outcome == Outcome.dissuaded
    later = clock.now() + timedelta(days=10)
    assert not transfers.late(incoming, later)
    login(client, "duty")
    incoming_tab = client.get("/warnings/transfers?direction=incoming").text
    assert f'href="/warnings/{repeat.id}"' in incoming_tab and "反馈逾期" not in incoming_tab


def test_a_duplicate_of_a_closed_warning_is_answered_at_once(session):
    original = _store(session, person_phone=PHONE)
    ladder.close(session, SYSTEM, original, outcome="cannot_find")
    repeat = _store(session, person_phone=PHONE, transferred_from="九江市反诈中心")
    session.refresh(repeat)
    assert repeat.status == WarningStatus.duplicate
    [incoming] = transfers.of_warning(session, repeat)
    assert incoming.status == TransferStatus.answered and incoming.outcome == Outcome.cannot_find
