"""The small demo city has no history of warnings: these tests add six weeks of it (warnings,
the cases they led to, and the money loop), committed into the module's database."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from fanzha.demo import cases, money
from fanzha.demo import warnings as demo_warnings


@pytest.fixture(scope="module")
def busy(engine: Engine, city):
    with Session(engine) as session:
        demo_warnings.build(session, seed=7, days=45, per_day=12)
        cases.build(session, seed=7)
        money.build(session, seed=7)
        session.commit()
    return city
