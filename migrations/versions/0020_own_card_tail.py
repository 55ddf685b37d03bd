"""The holder's own card a withdrawal went to: its tail, kept on the statement row

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30 22:00:00

A 不计收支 提现 to 中国工商银行储蓄卡(1234) names no account, only a card tail: the row keeps the
tail so the case lists "持卡人本人尾号 1234 的银行卡，需调取流水" among the statements to request.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "statement_rows",
        sa.Column("own_card_tail", sa.String(6), server_default="", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("statement_rows", "own_card_tail")
