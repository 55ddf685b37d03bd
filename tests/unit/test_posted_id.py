"""Ids typed into forms and query strings: anything that is not one is None, never an error."""

from __future__ import annotations

import pytest

from fanzha.fields import posted_id


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("42", 42),
        (" 0042 ", 42),
        ("2147483647", 2147483647),
        ("2147483648", None),
        ("²", None),
        ("", None),
        (None, None),
        ("-1", None),
        # int() of more than 4,300 digits raises ValueError: a check-in code of 10,000 digits
        # was a 500 on /outreach/training/checkin.
        ("9" * 10_000, None),
        ("0" * 5_000 + "7", 7),
    ],
)
def test_posted_id(raw, expected):
    assert posted_id(raw) == expected
