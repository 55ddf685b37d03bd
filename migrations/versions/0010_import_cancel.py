"""Statement imports can be cancelled (取消导入).

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_BEFORE = ("needs_mapping", "queued", "running", "done", "failed")
_AFTER = (*_BEFORE, "cancelled")


def _allow(values: tuple[str, ...]) -> None:
    op.drop_constraint(
        op.f("ck_statement_imports_import_status"), "statement_imports", type_="check"
    )
    listed = ", ".join(f"'{v}'" for v in values)
    op.create_check_constraint(
        op.f("ck_statement_imports_import_status"), "statement_imports", f"status IN ({listed})"
    )


def upgrade() -> None:
    _allow(_AFTER)


def downgrade() -> None:
    op.execute("UPDATE statement_imports SET status = 'failed' WHERE status = 'cancelled'")
    _allow(_BEFORE)
