"""Values a database stored before the counterparty gate (`/`, masked, a bank name as an
account) are swept out: the indicators and the case links they made go, the gangs they
formed come apart, statement counterparts and transfer accounts are blanked, audited once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.cases.models import Case, Transfer
from fanzha.fundflow.models import ImportStatus, StatementImport, StatementRow
from fanzha.linking import links, sweep
from fanzha.linking.models import CaseIndicator, Indicator, IndicatorKind
from tests.helpers import audit_entries
from tests.linking.test_linking import account, gang_of, members, new_case

pytestmark = pytest.mark.usefixtures("city")

SEEN = datetime(2026, 10, 8, 2, 0, tzinfo=UTC)


def linked_before_the_gate(session: Session, value: str, *cases: Case) -> None:
    """What the platform stored before the gate: `value` an account indicator of each case."""
    session.execute(
        text(
            "INSERT INTO indicators (kind, value, case_count, first_seen_at, last_seen_at,"
            " link_approved) VALUES ('account', :v, :n, :t, :t, false)"
        ),
        {"v": value, "n": len(cases), "t": SEEN},
    )
    indicator_id = session.scalar(select(Indicator.id).where(Indicator.value == value))
    for case in cases:
        session.add(
            CaseIndicator(
                case_id=case.id, indicator_id=indicator_id, source="statement", seen_at=SEEN
            )
        )
    session.flush()
    links.relink(session, {c.id for c in cases})


def statement_rows(session: Session, case: Case, *counterparts: str) -> None:
    record = StatementImport(
        case_id=case.id,
        filename="旧.csv",
        content=b"",
        sha256="0" * 64,
        size=0,
        status=ImportStatus.done,
    )
    session.add(record)
    session.flush()
    for n, counterpart in enumerate(counterparts):
        session.add(
            StatementRow(
                import_id=record.id,
                source_row=n + 2,
                account=account(900),
                at=SEEN,
                amount_fen=100_00,
                direction="out",
                counterpart=counterpart,
                kind="transfer",
                fingerprint=n.to_bytes(16, "big"),
            )
        )
    session.flush()


def test_a_placeholder_link_from_before_the_gate_is_swept_out(session: Session):
    a, b = new_case(session, account(1)), new_case(session, account(2))
    c, d = new_case(session, account(3)), new_case(session, account(3))  # a real shared card
    linked_before_the_gate(session, "/", a, b)
    linked_before_the_gate(session, "wuq***@qq.com", a, b)
    assert members(session, gang_of(session, a)) == {a.id, b.id}  # the fault, reproduced
    statement_rows(session, a, "/", "wuq***@qq.com", account(4))
    a.transfers[0].payer_account = "/"
    session.flush()

    swept = sweep.sweep(session, Principal.system())

    session.expire_all()
    assert gang_of(session, a) is None and gang_of(session, b) is None
    assert members(session, gang_of(session, c)) == {c.id, d.id}  # a real link stays
    assert not session.scalar(
        select(func.count()).where(Indicator.value.in_(["/", "wuq***@qq.com"]))
    )
    assert session.scalar(
        select(Indicator.id).where(
            Indicator.kind == IndicatorKind.account, Indicator.value == account(3)
        )
    )
    rows = session.scalars(select(StatementRow).order_by(StatementRow.source_row)).all()
    assert [(r.counterpart, r.counterpart_name) for r in rows] == [
        ("", "/"),
        ("", "wuq***@qq.com"),
        (account(4), ""),
    ]
    assert session.scalar(select(Transfer.payer_account).where(Transfer.case_id == a.id)) == ""
    assert (len(swept.indicators), swept.links, swept.statement_rows, swept.transfers) == (
        2,
        4,
        2,
        1,
    )
    (entry,) = audit_entries(session, "counterparty.swept")
    assert "删除要素 2 个及案件关联 4 条" in entry.summary and "团伙拆散 1 个" in entry.summary


def test_a_second_sweep_finds_nothing_and_records_nothing(session: Session):
    a, b = new_case(session, account(11)), new_case(session, account(12))
    linked_before_the_gate(session, "-", a, b)
    sweep.sweep(session, Principal.system())
    again = sweep.sweep(session, Principal.system())
    assert not again.changed
    assert len(audit_entries(session, "counterparty.swept")) == 1
