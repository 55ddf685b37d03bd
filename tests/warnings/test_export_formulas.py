"""A note typed by an officer comes out of the feedback export as the text it was, never as a
formula Excel would run."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from fanzha.access import Principal
from fanzha.warnings import ladder
from tests.helpers import login
from tests.warnings.test_ladder import receive

pytestmark = pytest.mark.usefixtures("city")

EVIL = '=HYPERLINK("http://evil.example/","点此")'


def test_a_formula_in_an_outcome_note_is_exported_as_text(client, session):
    warning = receive(session)
    ladder.close(session, Principal.system(), warning, outcome="not_applicable", note=EVIL)
    session.flush()
    login(client, "duty")
    response = client.get("/warnings/feedback.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    [row] = [r for r in sheet.iter_rows(min_row=2) if r[1].value == warning.external_id]
    [note] = [cell for cell in row if cell.value == EVIL]
    assert note.data_type == "s"  # a string cell: "f" would be a live formula
    assert note.quotePrefix  # and it stays text if the officer edits it
