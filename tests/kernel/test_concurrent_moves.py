"""Two requests moving one record at once: the kernel's `move` holds the row and re-reads it,
so the second is checked against the first's result (a 409 in Chinese) instead of moving again
from the status it had read (two audit entries and two 200s, as 确认团伙, 不推送, a lead's
反馈 and 解除止付 gave when clicked twice at once)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.audit.models import AuditEntry
from fanzha.kernel import states
from fanzha.linking.gangs import GANG, confirm_gang
from fanzha.linking.models import Gang, GangStatus


def test_the_second_of_two_simultaneous_moves_is_refused(own_engine):
    with Session(own_engine) as setup:
        gang = Gang(name="并发测试团伙", status=GangStatus.suggested)
        setup.add(gang)
        setup.commit()
        gang_id = gang.id
    with Session(own_engine) as late:
        stale = late.get(Gang, gang_id)  # read before the other request moves it
        assert stale.status == GangStatus.suggested
        with Session(own_engine) as first:
            states.move(
                first,
                GANG,
                first.get(Gang, gang_id),
                GangStatus.confirmed,
                actor=Principal.system(),
            )
            first.commit()
        with pytest.raises(states.IllegalMove) as refused:
            states.move(late, GANG, stale, GangStatus.confirmed, actor=Principal.system())
    assert refused.value.status_code == 409
    assert refused.value.message == "团伙当前为“已确认”，不能变为“已确认”"
    with Session(own_engine) as check:
        entries = check.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.target_type == "gangs", AuditEntry.target_id == str(gang_id))
        )
    assert entries == 1


def test_confirming_a_gang_twice_at_once_confirms_it_once_and_refuses_neither(own_engine):
    with Session(own_engine) as setup:
        gang = Gang(name="并发确认团伙", status=GangStatus.suggested)
        setup.add(gang)
        setup.commit()
        gang_id = gang.id
    with Session(own_engine) as late:
        stale = late.get(Gang, gang_id)
        with Session(own_engine) as first:
            confirm_gang(first, Principal.system(), first.get(Gang, gang_id))
            first.commit()
        # As when the analyst clicks 确认 once and then again: nothing more happens, no error.
        assert confirm_gang(late, Principal.system(), stale).status == GangStatus.confirmed
        late.commit()
    with Session(own_engine) as check:
        entries = check.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.target_type == "gangs", AuditEntry.target_id == str(gang_id))
        )
    assert entries == 1
