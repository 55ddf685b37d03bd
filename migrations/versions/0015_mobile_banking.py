"""手机银行 is a transfer channel of its own (it was stored as 网银).

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_BEFORE = ("bank_transfer", "alipay", "wechat", "online_banking", "atm", "cash")
_AFTER = (*_BEFORE, "mobile_banking")


def _allow(values: tuple[str, ...]) -> None:
    op.drop_constraint(op.f("ck_case_transfers_transfer_channel"), "case_transfers", type_="check")
    listed = ", ".join(f"'{v}'" for v in values)
    op.create_check_constraint(
        op.f("ck_case_transfers_transfer_channel"), "case_transfers", f"channel IN ({listed})"
    )


def upgrade() -> None:
    _allow(_AFTER)


def downgrade() -> None:
    op.execute(
        "UPDATE case_transfers SET channel = 'online_banking' WHERE channel = 'mobile_banking'"
    )
    _allow(_BEFORE)
