"""The vault's page of a revealed identity is never kept by the browser: Back or the history
after the grant expired would otherwise show the identity again from the cache."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from fanzha.vault import service
from tests.helpers import CANARY_NAME, login
from tests.vault.test_vault import one_key, stored, who  # noqa: F401 (one_key is a fixture)

pytestmark = pytest.mark.usefixtures("city", "one_key")


def test_a_revealed_identity_is_never_cached_by_the_browser(client, session: Session):
    row = stored(session)
    asked = service.request_view(session, who(session, "reviewer"), row.id, "核实举报人身份")
    service.approve(session, who(session, "leader"), asked.id, "同意")
    session.flush()
    login(client, "reviewer")
    shown = client.get(f"/vault/records/{row.id}")
    assert shown.status_code == 200 and CANARY_NAME in shown.text
    assert shown.headers["cache-control"] == "no-store"
