"""The global search: pinyin initials of names, prefix indexes for numbers and names

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 22:00:00

The header search finds a case number, a warning number, a name or its pinyin initials
(张三 → zs) by an index rather than a scan. The initials are computed in Python (pypinyin),
so existing rows are filled here once, one UPDATE per distinct name.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from fanzha.identifiers import name_initials

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NAMES = (
    ("warnings", "person_name", "person_name_initials"),
    ("cases", "victim_name", "victim_name_initials"),
)


def _fill(table: str, name: str, initials: str) -> None:
    bind = op.get_bind()
    names = bind.execute(sa.text(f"SELECT DISTINCT {name} FROM {table} WHERE {name} <> ''"))
    rows = [{"n": n, "i": name_initials(n)} for (n,) in names]
    if rows:
        bind.execute(sa.text(f"UPDATE {table} SET {initials} = :i WHERE {name} = :n"), rows)


def upgrade() -> None:
    for table, name, initials in _NAMES:
        op.add_column(table, sa.Column(initials, sa.String(50), nullable=False, server_default=""))
        _fill(table, name, initials)
    pattern = "varchar_pattern_ops"
    op.create_index("ix_warnings_external_id", "warnings", ["external_id"])
    op.create_index(
        "ix_warnings_person_name_prefix",
        "warnings",
        ["person_name"],
        postgresql_ops={"person_name": pattern},
    )
    op.create_index(
        "ix_warnings_name_initials",
        "warnings",
        ["person_name_initials"],
        postgresql_ops={"person_name_initials": pattern},
    )
    op.create_index(
        "ix_cases_case_no_prefix", "cases", ["case_no"], postgresql_ops={"case_no": pattern}
    )
    op.create_index(
        "ix_cases_victim_name_prefix",
        "cases",
        ["victim_name"],
        postgresql_ops={"victim_name": pattern},
    )
    op.create_index(
        "ix_cases_victim_initials",
        "cases",
        ["victim_name_initials"],
        postgresql_ops={"victim_name_initials": pattern},
    )


def downgrade() -> None:
    for index in (
        "ix_cases_victim_initials",
        "ix_cases_victim_name_prefix",
        "ix_cases_case_no_prefix",
    ):
        op.drop_index(index, table_name="cases")
    for index in (
        "ix_warnings_name_initials",
        "ix_warnings_person_name_prefix",
        "ix_warnings_external_id",
    ):
        op.drop_index(index, table_name="warnings")
    for table, _name, initials in _NAMES:
        op.drop_column(table, initials)
