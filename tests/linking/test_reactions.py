"""Linking follows cases and their money through domain events (cases and fund flow do not
import linking): a statement imported for a case links the deeper cards its money reached."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.demo.statement_files import Line
from fanzha.linking.models import CaseIndicator, IndicatorKind, IndicatorSource
from tests.linking.test_linking import account, gang_of, indicator, members, new_case
from tests.linking.test_workflows import statement

pytestmark = pytest.mark.usefixtures("city")


def links_of(session: Session, value: str) -> set[tuple[int, IndicatorSource]]:
    """(case, why) for each case the account `value` is an indicator of."""
    found = indicator(session, IndicatorKind.account, value)
    if found is None:
        return set()
    rows = session.execute(
        select(CaseIndicator.case_id, CaseIndicator.source).where(
            CaseIndicator.indicator_id == found.id
        )
    )
    return {(row.case_id, row.source) for row in rows}


def passed_on(case, first: str, second: str) -> list[Line]:
    """The victim's money arrives on `first` and 9,000 of it goes on to `second`."""
    paid = case.transfers[0]
    return [
        Line(first, paid.at, paid.amount_fen, True, paid.payer_account, "陈晓梅", serial="1"),
        Line(first, paid.at + timedelta(hours=1), 9_000_00, False, second, "赵某", serial="2"),
    ]


def test_cases_whose_money_met_on_a_second_card_are_linked_once_their_statements_are_in(
    session: Session,
):
    second = account(700)
    a, b = new_case(session, account(601)), new_case(session, account(602))
    assert gang_of(session, a) is None and gang_of(session, b) is None
    statement(session, a, passed_on(a, account(601), second))
    assert gang_of(session, a) is None  # one case reaching a card is not a gang yet
    statement(session, b, passed_on(b, account(602), second))
    gang = gang_of(session, a)
    assert gang is not None and members(session, gang) == {a.id, b.id}
    assert links_of(session, second) == {
        (a.id, IndicatorSource.statement),
        (b.id, IndicatorSource.statement),
    }


def test_a_statement_imported_twice_links_the_card_once(session: Session):
    a = new_case(session, account(611))
    lines = passed_on(a, account(611), account(710))
    statement(session, a, lines)
    again = statement(session, a, lines)
    assert again.rows_imported == 0
    assert links_of(session, account(710)) == {(a.id, IndicatorSource.statement)}
