"""The schema itself: migrations match the models, and the audit log cannot be rewritten."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import Engine, insert, text
from sqlalchemy.exc import DBAPIError

from fanzha import migrate
from fanzha.audit.models import AuditEntry


def test_models_and_migrations_do_not_drift(template_url: str):
    # alembic check: autogenerate against the migrated template finds nothing to do.
    migrate.check(template_url)


@pytest.fixture
def one_entry(engine: Engine) -> int:
    with engine.begin() as conn:
        return conn.execute(
            insert(AuditEntry)
            .values(
                actor_kind="system",
                actor_name="测试",
                action="auth.login.succeeded",
                summary="",
                detail={},
            )
            .returning(AuditEntry.id)
        ).scalar_one()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entries SET summary = '篡改' WHERE id = :id",
        "DELETE FROM audit_entries WHERE id = :id",
        "TRUNCATE audit_entries",
    ],
)
def test_the_audit_log_refuses_rewrites_at_the_database_level(
    engine: Engine, one_entry: int, statement: str
):
    with engine.connect() as conn, pytest.raises(DBAPIError) as refused:
        conn.execute(text(statement), {"id": one_entry})
    assert isinstance(refused.value.orig, psycopg.errors.InsufficientPrivilege)
    assert "审计日志只能追加" in str(refused.value.orig)
    with engine.connect() as conn:
        summary = conn.execute(
            text("SELECT summary FROM audit_entries WHERE id = :id"), {"id": one_entry}
        ).scalar_one()
    assert summary == ""
