"""Values stored before the counterparty gate (fanzha.counterparty) that name no account.

Before the gate, Alipay's `/`, a masked `wuq***@qq.com` or a bank name could become a
statement row's counterpart, a transfer's account, an account indicator and, through it, a
link between unrelated cases. The sweep runs the gate over what is stored and takes each such
value back out: indicators go (with the case links they made, the gangs regrouped), statement
counterparts and transfer accounts become blank. Idempotent: a second run finds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from fanzha import counterparty
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.cases.models import Transfer
from fanzha.fundflow.models import StatementRow
from fanzha.i18n import linking as i18n
from fanzha.linking import links as linking
from fanzha.linking.indicators import relinked_summary
from fanzha.linking.models import CaseIndicator, Indicator, IndicatorKind

# Indicator kinds the gate decides (others are checked by their own validators on entry).
_GATED = (IndicatorKind.account, IndicatorKind.alipay)
# Stored values that are plain account numbers pass the gate: only the rest are looked at.
_PLAIN = "^[0-9]{8,30}$"


@dataclass
class Swept:
    indicators: list[str] = field(default_factory=list)  # the values removed
    links: int = 0  # case ↔ indicator edges removed with them
    cases: list[int] = field(default_factory=list)  # cases those edges belonged to
    statement_rows: int = 0  # counterparts blanked
    transfers: int = 0  # payer or receiving accounts blanked
    relinked: linking.Relinked = field(default_factory=linking.Relinked)

    @property
    def changed(self) -> bool:
        return bool(self.indicators or self.statement_rows or self.transfers)


def _not_accounts(values) -> list[str]:
    return sorted({v for v in values if v and not counterparty.classify(v).is_identifier})


def sweep(session: Session, actor: Principal) -> Swept:
    """Run the counterparty gate over stored indicators, statement counterparts and case
    transfers; remove what names no account and regroup the gangs it linked. Audited once
    (nothing when nothing was found). Returns what was removed; raises nothing."""
    swept = Swept()
    gated = session.execute(
        select(Indicator.id, Indicator.value).where(
            Indicator.kind.in_(_GATED), ~Indicator.value.regexp_match(_PLAIN)
        )
    ).all()
    bad = set(_not_accounts(v for _, v in gated))
    ids = [i for i, v in gated if v in bad]
    if ids:
        swept.indicators = sorted(bad)
        swept.cases = sorted(
            set(
                session.scalars(
                    select(CaseIndicator.case_id).where(CaseIndicator.indicator_id.in_(ids))
                )
            )
        )
        swept.links = session.execute(
            delete(CaseIndicator).where(CaseIndicator.indicator_id.in_(ids))
        ).rowcount
        session.execute(delete(Indicator).where(Indicator.id.in_(ids)))
        if swept.cases:
            swept.relinked = linking.relink(session, swept.cases)
    counterparts = _not_accounts(
        session.scalars(
            select(StatementRow.counterpart)
            .where(StatementRow.counterpart != "", ~StatementRow.counterpart.regexp_match(_PLAIN))
            .distinct()
        )
    )
    if counterparts:
        swept.statement_rows = session.execute(
            update(StatementRow)
            .where(StatementRow.counterpart.in_(counterparts))
            # the value as written stays readable as the name, where there was none
            .values(
                counterpart="",
                counterpart_name=func.coalesce(
                    func.nullif(StatementRow.counterpart_name, ""),
                    func.left(StatementRow.counterpart, 100),
                ),
            )
            .execution_options(synchronize_session=False)
        ).rowcount
    for column in (Transfer.payer_account, Transfer.receiving_account):
        values = _not_accounts(
            session.scalars(
                select(column).where(column != "", ~column.regexp_match(_PLAIN)).distinct()
            )
        )
        if values:
            swept.transfers += session.execute(
                update(Transfer)
                .where(column.in_(values))
                .values({column.key: ""})
                .execution_options(synchronize_session=False)
            ).rowcount
    if swept.changed:
        audit.record(
            session,
            actor,
            AuditAction.counterparty_swept,
            summary=i18n.AUDIT["counterparty_swept"].format(
                indicators=len(swept.indicators),
                links=swept.links,
                rows=swept.statement_rows,
                transfers=swept.transfers,
                relinked=relinked_summary(swept.relinked),
            ),
            detail={"cases": swept.cases, "indicator_count": len(swept.indicators)},
        )
    return swept
