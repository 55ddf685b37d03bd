"""Paging reads a page's keys first and the page's rows after (fanzha.listing.paginate): every
page, deep ones included, holds exactly the rows the plain ordered query holds at that place,
whatever the sort, with ties on the sorted column."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from fanzha import clock, listing
from fanzha.auth import service as auth
from fanzha.auth.models import User
from fanzha.warnings import board
from tests.warnings.test_ladder import receive

pytestmark = pytest.mark.usefixtures("city")

SIZE = 7  # small pages: many of them, and page edges inside runs of equal amounts


@pytest.mark.parametrize(
    ("sort", "desc"), [("", False), ("amount", True), ("grade", False), ("type", True)]
)
def test_every_page_of_the_board_is_the_direct_querys_slice(session, sort, desc):
    for n in range(40):  # four amounts only: long runs of ties for the sorted column
        receive(session, person_name=f"深页{n:02d}", amount_fen=(n % 4) * 100_00)
    user = session.scalars(select(User).where(User.username == "station_a")).one()
    principal = auth.user_principal(user)
    query = listing.ListQuery(size=SIZE, sort=sort, desc=desc, q="深页")
    direct = board.board_select(principal, board.Filters(), query, clock.now())
    order = listing.order_for(query, board.BOARD_SORTS, board.BOARD_ORDER)
    expected = [w.id for w in session.scalars(direct.order_by(*order))]
    assert len(expected) == 40

    paged = []
    for number in range(1, 40 // SIZE + 2):
        page = board.board(
            session,
            principal,
            board.Filters(),
            query=listing.ListQuery(**{**vars(query), "page": number}),
        )
        assert page.total == 40
        paged.append([w.id for w in page.rows])
    assert paged == [expected[i : i + SIZE] for i in range(0, 40, SIZE)]
