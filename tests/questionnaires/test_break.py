"""Odd sizes typed into the code-batch form are refused beside the form, never an error page."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.helpers import login, post_form
from tests.questionnaires.test_pages import _code


@pytest.mark.parametrize("size", ["²", "9" * 5000])
def test_an_odd_batch_size_is_refused_not_an_error(client, session: Session, city, size):
    _, survey_id = _code(session)
    session.flush()
    login(client, "duty")
    posted = post_form(
        client, f"/outreach/surveys/{survey_id}/batches", {"size": size, "event_ref": "夜市"}
    )
    assert posted.status_code == 422
