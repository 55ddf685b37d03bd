"""The identity vault: a reporter's identity is stored encrypted, seen only after another person
with the custodian permission approves the one request, only until the grant expires, and
every step is in the audit log without the identity itself."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.audit.models import AuditEntry
from fanzha.auth.service import user_principal
from fanzha.config import get_settings
from fanzha.kernel.states import IllegalMove
from fanzha.vault import keys, service
from fanzha.vault.errors import (
    VaultIdentityEmpty,
    VaultKeyMissing,
    VaultNoGrant,
    VaultNotCustodian,
    VaultOwnRequest,
    VaultReasonMissing,
    VaultRequestPending,
    VaultUnreadable,
)
from fanzha.vault.models import VaultRecord
from tests.helpers import (
    CANARY_ID_NUMBER,
    CANARY_NAME,
    CANARY_PHONE,
    csrf_token,
    login,
    user,
)

pytestmark = pytest.mark.usefixtures("city")
REPORTER = service.Identity(
    name=CANARY_NAME,
    phone=CANARY_PHONE,
    id_number=CANARY_ID_NUMBER,
    bank_account="6222020200001234",
)


@pytest.fixture
def one_key(monkeypatch: pytest.MonkeyPatch) -> str:
    key = Fernet.generate_key().decode()
    monkeypatch.setattr(get_settings(), "vault_keys", key)
    return key


def who(session: Session, username: str):
    return user_principal(user(session, username))


def stored(session: Session) -> VaultRecord:
    return service.store(
        session, who(session, "duty"), REPORTER, subject_kind="tip_reporter", subject_ref="T1"
    )


def test_nothing_readable_of_the_person_is_stored_or_audited(session: Session, one_key):
    row = stored(session)
    session.flush()
    raw = bytes(session.scalar(select(VaultRecord.token).where(VaultRecord.id == row.id)))
    for value in (CANARY_NAME, CANARY_PHONE, CANARY_ID_NUMBER):
        assert value.encode() not in raw
    entries = session.scalars(
        select(AuditEntry).where(
            AuditEntry.target_type == "vault_records", AuditEntry.target_id == str(row.id)
        )
    ).all()
    assert [e.action for e in entries] == ["vault.stored"]
    for value in (CANARY_NAME, CANARY_PHONE, CANARY_ID_NUMBER):
        assert value not in f"{entries[0].summary}{entries[0].detail}"


def test_a_reviewer_sees_the_identity_only_after_a_custodian_approves(session: Session, one_key):
    row = stored(session)
    reviewer, leader = who(session, "reviewer"), who(session, "leader")
    with pytest.raises(VaultNoGrant):
        service.reveal(session, reviewer, row.id)
    asked = service.request_view(session, reviewer, row.id, "核实举报人身份以发放奖励")
    with pytest.raises(VaultNoGrant):
        service.reveal(session, reviewer, row.id)
    service.approve(session, leader, asked.id, "同意")
    assert service.reveal(session, reviewer, row.id) == REPORTER
    # The grant is the reviewer's own: the custodian who approved it sees nothing.
    with pytest.raises(VaultNoGrant):
        service.reveal(session, leader, row.id)
    actions = session.scalars(
        select(AuditEntry.action)
        .where(
            (AuditEntry.target_type == "vault_records") & (AuditEntry.target_id == str(row.id))
            | (AuditEntry.target_type == "vault_requests") & (AuditEntry.target_id == str(asked.id))
        )
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["vault.stored", "vault.requested", "vault.decided", "vault.viewed"]


def test_nobody_approves_their_own_request(session: Session, one_key):
    row = stored(session)
    admin = who(session, "admin")  # a reader of tips who is a custodian too
    asked = service.request_view(session, admin, row.id, "核实身份")
    with pytest.raises(VaultOwnRequest):
        service.approve(session, admin, asked.id)
    with pytest.raises(VaultNoGrant):
        service.reveal(session, admin, row.id)


def test_only_a_custodian_approves(session: Session, one_key):
    row = stored(session)
    asked = service.request_view(session, who(session, "reviewer"), row.id, "核实身份")
    with pytest.raises(VaultNotCustodian):
        service.approve(session, who(session, "duty"), asked.id)


def test_an_expired_grant_shows_nothing(session: Session, one_key):
    row = stored(session)
    reviewer = who(session, "reviewer")
    asked = service.request_view(session, reviewer, row.id, "核实身份")
    service.approve(session, who(session, "leader"), asked.id)
    minutes = get_settings().vault_grant_minutes
    with clock.pinned(clock.now() + timedelta(minutes=minutes - 1)):
        assert service.reveal(session, reviewer, row.id).name == CANARY_NAME
    later = clock.now() + timedelta(minutes=minutes, seconds=1)
    with clock.pinned(later), pytest.raises(VaultNoGrant):
        service.reveal(session, reviewer, row.id)


def test_a_refused_or_decided_request_cannot_be_decided_again(session: Session, one_key):
    row = stored(session)
    reviewer = who(session, "reviewer")
    asked = service.request_view(session, reviewer, row.id, "核实身份")
    service.refuse(session, who(session, "leader"), asked.id, "理由不足")
    with pytest.raises(IllegalMove):
        service.approve(session, who(session, "admin"), asked.id)
    with pytest.raises(VaultNoGrant):
        service.reveal(session, reviewer, row.id)


def test_asking_twice_while_waiting_is_refused_and_a_reason_is_required(session: Session, one_key):
    row = stored(session)
    reviewer = who(session, "reviewer")
    with pytest.raises(VaultReasonMissing):
        service.request_view(session, reviewer, row.id, "   ")
    service.request_view(session, reviewer, row.id, "核实身份")
    with pytest.raises(VaultRequestPending):
        service.request_view(session, reviewer, row.id, "再次申请")


def test_an_empty_identity_is_refused(session: Session, one_key):
    with pytest.raises(VaultIdentityEmpty):
        service.store(
            session,
            who(session, "duty"),
            service.Identity(bank_name="工商银行"),
            subject_kind="tip_reporter",
            subject_ref="T2",
        )


def test_rotation_moves_every_record_to_the_new_key(
    session: Session, monkeypatch: pytest.MonkeyPatch
):
    old = keys.configured_keys()[0]  # the key the demo city's identities were stored under
    new, stranger = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings = get_settings()
    monkeypatch.setattr(settings, "vault_keys", old)
    row = stored(session)
    monkeypatch.setattr(settings, "vault_keys", f"{new},{old}")
    assert service.rotate_all(session, who(session, "admin")) >= 1
    monkeypatch.setattr(settings, "vault_keys", new)  # the old key dropped after rotating
    reviewer = who(session, "reviewer")
    service.approve(
        session, who(session, "leader"), service.request_view(session, reviewer, row.id, "核实").id
    )
    assert service.reveal(session, reviewer, row.id) == REPORTER
    monkeypatch.setattr(settings, "vault_keys", stranger)  # a key that never wrote it
    with pytest.raises(VaultUnreadable):
        service.reveal(session, reviewer, row.id)


def test_a_real_database_without_a_key_stores_nothing(
    session: Session, monkeypatch: pytest.MonkeyPatch
):
    settings = get_settings()
    monkeypatch.setattr(settings, "vault_keys", "")
    monkeypatch.setattr(settings, "database_url", "postgresql://db.example/fanzha")
    with pytest.raises(VaultKeyMissing) as refused:
        stored(session)
    assert refused.value.status_code == 503
    assert "FANZHA_VAULT_KEYS" in refused.value.message


def test_the_pages_hide_the_identity_until_approved(client, session: Session, one_key):
    row = stored(session)
    session.flush()
    login(client, "reviewer")
    page = client.get(f"/vault/records/{row.id}")
    assert page.status_code == 200
    assert CANARY_NAME not in page.text and "申请查看身份" in page.text
    asked = client.post(
        f"/vault/records/{row.id}/requests",
        data={"reason": "核实举报人身份", "csrf_token": csrf_token(client)},
        follow_redirects=True,
    )
    assert "等待保管人审批" in asked.text and CANARY_NAME not in asked.text
    client.post("/logout", data={"csrf_token": csrf_token(client)})

    login(client, "leader")
    queue = client.get("/vault/requests")
    assert "核实举报人身份" in queue.text and CANARY_NAME not in queue.text
    pending = service.pending_request(session, who(session, "reviewer"), row.id)
    client.post(
        f"/vault/requests/{pending.id}/approve",
        data={"note": "同意", "csrf_token": csrf_token(client)},
    )
    client.post("/logout", data={"csrf_token": csrf_token(client)})

    login(client, "reviewer")
    shown = client.get(f"/vault/records/{row.id}")
    assert CANARY_NAME in shown.text and CANARY_ID_NUMBER in shown.text


def test_the_processes_serve_starts_on_the_embedded_database_keep_its_key(
    session: Session, monkeypatch: pytest.MonkeyPatch
):
    """`fanzha serve` hands its workers the embedded database's URL; they still use the key
    made for it, where an operator's database without FANZHA_VAULT_KEYS stores nothing."""
    settings = get_settings()
    monkeypatch.setattr(settings, "vault_keys", "")
    monkeypatch.setattr(settings, "database_url", "postgresql://localhost/fanzha")
    monkeypatch.setattr(settings, "embedded_database", True)
    assert stored(session).id
