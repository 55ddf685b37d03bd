"""Statements from the field (tests/fundflow/field, from the issue's field reports): what
their rows mean — `/` is nobody, a withdrawal to the holder's card is money leaving, a
statement delivered twice is counted once by its 交易订单号."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.cases import stop_payments
from fanzha.cases.errors import NothingToStop
from fanzha.cases.models import Case
from fanzha.cases.schemas import CaseIn, TransferIn
from fanzha.cases.service import create_case
from fanzha.fundflow import reports
from fanzha.fundflow.case_trace import trace_case
from fanzha.fundflow.models import ImportStatus, StatementRow
from fanzha.linking import gangs
from fanzha.linking.models import CaseIndicator, Indicator
from tests.fundflow.test_statements import imported, upload
from tests.helpers import login, unit_of

pytestmark = pytest.mark.usefixtures("city")

FIELD = Path(__file__).parent / "field"
MULE_A, MULE_B = "13812345678", "13898765432"  # the Alipay accounts the two files name


def victim_case(session: Session, account: str, at: datetime, yuan: int, name: str) -> Case:
    transfer = TransferIn(at=at, amount_fen=yuan * 100, payer_account="", receiving_account=account)
    data = CaseIn(victim_name=name, story="刷单返利", transfers=[transfer])
    case = create_case(session, Principal.system(), data, unit_id=unit_of(session, "duty").id)
    session.flush()
    return case


def import_field(client, session: Session, case: Case, name: str):
    record = imported(session, upload(client, case, name, (FIELD / name).read_bytes()))
    assert record.status is ImportStatus.done, (record.message, record.errors)
    return record


def two_cases(client, session: Session) -> tuple[Case, Case]:
    login(client, "duty")
    a = victim_case(session, MULE_A, datetime(2025, 3, 3, 2, 0, tzinfo=UTC), 5_000, "周某某")
    b = victim_case(session, MULE_B, datetime(2025, 4, 8, 7, 0, tzinfo=UTC), 8_000, "钱某某")
    import_field(client, session, a, "r01_alipay_2023.csv")
    import_field(client, session, b, "r01b_alipay_other_case.csv")
    session.expire_all()
    return a, b


def test_two_unrelated_alipay_cases_are_not_linked_through_a_placeholder(client, session):
    a, b = two_cases(client, session)
    gang = gangs.gang_of_case(session, a.id)
    assert gang is None or b.id not in {
        c.id for c in gangs.gang_view(session, gang, Principal.system()).cases
    }
    placeholders = ("/", "-", "无", "")
    assert not session.scalar(select(func.count()).where(Indicator.value.in_(placeholders)))
    assert not session.scalar(
        select(func.count()).where(
            or_(
                StatementRow.counterpart.in_(placeholders[:3]),
                StatementRow.account.in_(placeholders),
            )
        )
    )
    # masked counterparts are no accounts either
    assert not session.scalar(select(func.count()).where(StatementRow.counterpart.like("%*%")))
    shared = session.scalars(
        select(CaseIndicator.indicator_id)
        .where(CaseIndicator.case_id == a.id)
        .intersect(select(CaseIndicator.indicator_id).where(CaseIndicator.case_id == b.id))
    ).all()
    assert shared == []


def test_the_withdrawal_to_the_own_card_leaves_the_mule_account(client, session):
    a, _ = two_cases(client, session)
    traced = trace_case(session, a)
    mule = traced.trace.accounts[MULE_A]
    # 5,000 in; 1,000 to wuq***, 49.74 and 200.00 spent, the closed 300 never moved,
    # 3,000.00 withdrawn to 中国工商银行储蓄卡(1234): 750.26 held, not 3,750.26.
    assert mule.total("held") == 750_26
    assert "/" not in traced.trace.accounts
    withdrawal = session.scalar(
        select(StatementRow).where(
            StatementRow.account == MULE_A, StatementRow.amount_fen == 3_000_00
        )
    )
    assert withdrawal.direction == "out"
    assert withdrawal.counterpart == ""
    assert "转至持卡人本人尾号1234的银行卡（需调取该卡流水）" in withdrawal.summary
    assert withdrawal.own_card_tail == "1234"
    assert all(f.account != "/" for f in traced.trace.still_holding())


def test_the_own_card_a_withdrawal_went_to_is_a_statement_to_request(client, session):
    a, b = two_cases(client, session)
    page = client.get(f"/cases/{a.id}/fundflow")
    assert page.status_code == 200
    to_request = page.text.split('id="to-request"', 1)[1].split("</p>", 1)[0]
    assert "持卡人本人尾号 1234 的银行卡，需调取流水" in to_request
    assert reports.summary(session, trace_case(session, a))["own_cards"] == [
        "持卡人本人尾号 1234 的银行卡，需调取流水"
    ]
    # the other case's mule withdrew to no card of its own: nothing of case a's is asked for
    assert "尾号 1234" not in client.get(f"/cases/{b.id}/fundflow").text


def test_no_stop_payment_on_a_placeholder(session):
    case = victim_case(session, MULE_A, datetime(2025, 3, 3, 2, 0, tzinfo=UTC), 5_000, "周某某")
    with pytest.raises(NothingToStop):
        stop_payments.stop_accounts(
            session, Principal.system(), case, {"/": ("", ""), "6222****1234": ("", "")}
        )


def test_the_statement_delivered_twice_is_counted_once_by_its_order_number(client, session):
    login(client, "duty")
    case = victim_case(session, MULE_A, datetime(2025, 3, 3, 2, 0, tzinfo=UTC), 5_000, "周某某")
    first = import_field(client, session, case, "r01_alipay_2023.csv")
    again = import_field(client, session, case, "r01_alipay_2023.csv")
    assert (first.rows_imported, again.rows_imported, again.rows_duplicate) == (5, 0, 5)
    serials = session.scalars(select(StatementRow.serial).where(StatementRow.account == MULE_A))
    assert all(s.startswith("2025030320004001110099") for s in serials)


def test_a_wechat_refund_sharing_its_payments_number_is_kept(client, session):
    login(client, "duty")
    case = victim_case(session, "13700001111", datetime(2025, 6, 12, 13, 0, tzinfo=UTC), 100, "甲")
    record = imported(
        session,
        upload(
            client,
            case,
            "r02_wechat_2025.xlsx",
            (FIELD / "r02_wechat_2025.xlsx").read_bytes(),
            default_account="13700001111",
        ),
    )
    assert record.status is ImportStatus.done, (record.message, record.errors)
    rows = session.scalars(
        select(StatementRow).where(StatementRow.account == "13700001111").order_by(StatementRow.at)
    ).all()
    # 零钱提现 (不计收支) is money leaving to 招商银行(5678); the 300 out and its refund both count
    assert [(r.direction, r.amount_fen) for r in rows] == [
        ("in", 12_345_60),
        ("out", 2_000_00),
        ("out", 2_500_00),
        ("out", 15_00),
        ("out", 300_00),
        ("in", 300_00),
    ]
    assert "尾号5678的银行卡" in rows[2].summary
