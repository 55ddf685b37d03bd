"""fund_tracing

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 23:42:34.666740
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "statement_layouts",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("signature", sa.String(length=40), nullable=False),
        sa.Column("headers", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("mapping", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_statement_layouts_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_layouts")),
        sa.UniqueConstraint("signature", name=op.f("uq_statement_layouts_signature")),
    )
    op.create_table(
        "statement_imports",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("case_id", sa.BigInteger(), nullable=True),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("default_account", sa.String(length=64), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "needs_mapping",
                "queued",
                "running",
                "done",
                "failed",
                name="import_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("layouts", sa.String(length=200), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("rows_imported", sa.Integer(), nullable=False),
        sa.Column("rows_duplicate", sa.Integer(), nullable=False),
        sa.Column("rows_skipped", sa.Integer(), nullable=False),
        sa.Column("accounts", sa.Integer(), nullable=False),
        sa.Column("errors", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("pending", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_statement_imports_case_id_cases"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_statement_imports_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_imports")),
    )
    op.create_index(
        op.f("ix_statement_imports_sha256"), "statement_imports", ["sha256"], unique=False
    )
    op.create_table(
        "statement_rows",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("import_id", sa.BigInteger(), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("account_name", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("counterpart", sa.String(length=64), nullable=False),
        sa.Column("counterpart_name", sa.String(length=100), nullable=False),
        sa.Column("counterpart_bank", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("balance_fen", sa.BigInteger(), nullable=True),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.LargeBinary(length=16), nullable=False),
        sa.CheckConstraint("amount_fen > 0", name=op.f("ck_statement_rows_amount_positive")),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["statement_imports.id"],
            name=op.f("fk_statement_rows_import_id_statement_imports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_rows")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_statement_rows_fingerprint")),
    )
    op.create_index(
        "ix_statement_rows_account_at", "statement_rows", ["account", "at"], unique=False
    )
    op.create_index(
        op.f("ix_statement_rows_counterpart"), "statement_rows", ["counterpart"], unique=False
    )
    op.create_index(
        op.f("ix_statement_rows_import_id"), "statement_rows", ["import_id"], unique=False
    )


def downgrade() -> None:

    op.drop_index(op.f("ix_statement_rows_import_id"), table_name="statement_rows")
    op.drop_index(op.f("ix_statement_rows_counterpart"), table_name="statement_rows")
    op.drop_index("ix_statement_rows_account_at", table_name="statement_rows")
    op.drop_table("statement_rows")
    op.drop_index(op.f("ix_statement_imports_sha256"), table_name="statement_imports")
    op.drop_table("statement_imports")
    op.drop_table("statement_layouts")
