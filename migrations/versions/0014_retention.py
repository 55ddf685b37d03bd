"""Retention: legal holds, and the audit log's one way out (a dedicated role and routine)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 22:00:00

`legal_holds` keeps a record's personal data past its retention period while an officer's
hold (with a reason) is in force.

The audit log stays append-only: the trigger of 0001 still refuses every UPDATE, DELETE and
TRUNCATE, except a DELETE made by the role `fanzha_audit_purger`. That role cannot log in; the
only thing that acts as it is `audit_entries_purge(cutoff, actions, keep_actions,
keep_targets)`, a SECURITY DEFINER routine that deletes entries older than `cutoff` (but not
those about a record under legal hold, named in `keep_targets` as 'cases:12') and refuses a
cutoff less than 180 days ago (网络安全法 第二十一条: network logs kept no less than six
months), whatever the settings say. The app's role also loses UPDATE/DELETE/TRUNCATE on the
table (this only binds a role that is not a superuser; the trigger binds every role).

The role is cluster-wide: it is created when missing and left in place by the downgrade (other
databases of the cluster may use it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PURGER = "fanzha_audit_purger"

APPEND_ONLY_EXCEPT_PURGER = f"""
CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_user = '{PURGER}' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '审计日志只能追加，不能修改或删除 (audit_entries is append-only)'
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '审计日志只能追加，不能修改或删除 (audit_entries is append-only)'
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""

PURGE_FUNCTION = """
CREATE FUNCTION audit_entries_purge(
    cutoff timestamptz,
    actions text[] DEFAULT NULL,
    keep_actions text[] DEFAULT NULL,
    keep_targets text[] DEFAULT NULL
) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
DECLARE
    removed bigint;
BEGIN
    IF cutoff IS NULL OR cutoff > now() - interval '180 days' THEN
        RAISE EXCEPTION '审计日志至少保留六个月 (audit entries are kept at least 180 days)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    DELETE FROM public.audit_entries
    WHERE at < cutoff
      AND (actions IS NULL OR action = ANY (actions))
      AND (keep_actions IS NULL OR NOT action = ANY (keep_actions))
      AND (keep_targets IS NULL
           OR target_type IS NULL
           OR NOT (target_type || ':' || coalesce(target_id, '')) = ANY (keep_targets));
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END
$$
"""

SIGNATURE = "audit_entries_purge(timestamptz, text[], text[], text[])"


def upgrade() -> None:
    op.create_table(
        "legal_holds",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("target_type", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "set_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("released_by_id", sa.Integer(), nullable=True),
        sa.Column("release_reason", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(["set_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["released_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "uq_legal_holds_live",
        "legal_holds",
        ["target_type", "target_id"],
        unique=True,
        postgresql_where=sa.text("released_at IS NULL"),
    )
    op.execute(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{PURGER}') THEN"
        f" CREATE ROLE {PURGER} NOLOGIN; END IF; END $$"
    )
    op.execute(APPEND_ONLY_EXCEPT_PURGER)
    op.execute(PURGE_FUNCTION)
    op.execute(f"ALTER FUNCTION {SIGNATURE} OWNER TO {PURGER}")
    op.execute(f"GRANT SELECT, DELETE ON audit_entries TO {PURGER}")
    op.execute(f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {SIGNATURE} TO CURRENT_USER")
    op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries FROM PUBLIC, CURRENT_USER")


def downgrade() -> None:
    op.execute("GRANT UPDATE, DELETE, TRUNCATE ON audit_entries TO CURRENT_USER")
    op.execute(f"DROP FUNCTION {SIGNATURE}")
    op.execute(f"REVOKE ALL ON audit_entries FROM {PURGER}")
    op.execute(APPEND_ONLY)
    op.drop_index("uq_legal_holds_live", table_name="legal_holds")
    op.drop_table("legal_holds")
