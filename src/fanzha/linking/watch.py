"""Two-card mule watch (两卡): accounts that turn up in two or more cases, or pass money
straight through (in and out the same day, next to nothing left, out within minutes),
listed by holder with the evidence, for the enforcement work on people who sell, rent or
lend their cards (反电信网络诈骗法第三十一条)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.orm import Session

from fanzha import excel, rules
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.audit.reasons import export_reason
from fanzha.i18n import linking as i18n
from fanzha.i18n import zh_CN
from fanzha.i18n.common import LIST_SEPARATOR
from fanzha.masking import mask_bank_account, mask_id_number, mask_name
from fanzha.money import format_yuan

# A pass-through day and "fast" are fanzha.rules' (the Spark jobs read the same definition).
FAST_MINUTES = rules.FAST_MINUTES

# The account-days that pass money through, and the accounts' median minutes from an inflow
# to the next outflow: one WITH list for the watch and for `pass_through`.
_PASSING = f"""
daily AS (
    SELECT account, (at AT TIME ZONE '{rules.LOCAL_TZ}')::date AS day,
           coalesce(sum(amount_fen) FILTER (WHERE direction = 'in'), 0) AS in_fen,
           coalesce(sum(amount_fen) FILTER (WHERE direction = 'out'), 0) AS out_fen,
           (array_agg(balance_fen ORDER BY at DESC, id DESC))[1] AS end_balance
    FROM statement_rows GROUP BY account, day
),
passing AS (
    SELECT account, count(*) AS days, sum(in_fen) AS through_fen
    FROM daily WHERE {rules.PASS_DAY}
    GROUP BY account
),
gaps AS (
    SELECT account, extract(epoch FROM next_out - at) / 60 AS minutes
    FROM (
        SELECT account, at, direction, {rules.NEXT_OUT} AS next_out
        FROM statement_rows WHERE account IN (SELECT account FROM passing)
    ) x
    WHERE direction = 'in' AND next_out IS NOT NULL
),
speed AS (
    SELECT account, percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS median_minutes
    FROM gaps GROUP BY account
)"""

_WATCH = text(
    f"""
WITH multi AS (
    SELECT i.value AS account, i.case_count,
           array_agg(c.case_no ORDER BY c.id) FILTER (WHERE u.path LIKE :path || '%') AS case_nos,
           count(*) FILTER (WHERE u.path NOT LIKE :path || '%') AS other_cases
    FROM indicators i
    JOIN case_indicators ci ON ci.indicator_id = i.id
    JOIN cases c ON c.id = ci.case_id
    JOIN units u ON u.id = c.unit_id
    WHERE i.kind = 'account' AND i.case_count >= {rules.MULTI_CASE_MIN} AND i.excluded_by_id IS NULL
    GROUP BY i.value, i.case_count
),
{_PASSING},
flagged AS (
    SELECT coalesce(m.account, p.account) AS account,
           coalesce(m.case_count, 0) AS case_count, m.case_nos,
           coalesce(m.other_cases, 0) AS other_cases,
           coalesce(p.days, 0) AS pass_days, coalesce(p.through_fen, 0) AS through_fen,
           s.median_minutes
    FROM multi m
    FULL JOIN (
        SELECT p.* FROM passing p JOIN speed s USING (account)
        WHERE s.median_minutes <= :fast
    ) p ON p.account = m.account
    LEFT JOIN speed s ON s.account = coalesce(m.account, p.account)
)
SELECT f.*, coalesce(nullif(h.name, ''), o.name, t.name, r.name, '') AS holder,
       h.id_number, h.phone, coalesce(t.bank, '') AS bank, ind.id AS indicator_id
FROM flagged f
LEFT JOIN indicators ind ON ind.kind = 'account' AND ind.value = f.account
LEFT JOIN account_holders h ON h.account = f.account
LEFT JOIN LATERAL (
    SELECT nullif(receiving_name, '') AS name, receiving_bank AS bank FROM case_transfers
    WHERE receiving_account = f.account LIMIT 1) t ON true
LEFT JOIN LATERAL (
    SELECT account_name AS name FROM statement_rows
    WHERE account = f.account AND account_name <> '' LIMIT 1) o ON true
LEFT JOIN LATERAL (
    SELECT counterpart_name AS name FROM statement_rows
    WHERE counterpart = f.account AND counterpart_name <> '' LIMIT 1) r ON true
-- A unit sees the accounts its own cases name, or its own cases' statements show.
WHERE :path = '' OR f.account IN (
    SELECT i.value FROM indicators i
    JOIN case_indicators ci ON ci.indicator_id = i.id
    JOIN cases c ON c.id = ci.case_id
    JOIN units u ON u.id = c.unit_id
    WHERE i.kind = 'account' AND u.path LIKE :path || '%'
    UNION
    SELECT sr.account FROM statement_rows sr
    JOIN statement_imports si ON si.id = sr.import_id
    JOIN cases c ON c.id = si.case_id
    JOIN units u ON u.id = c.unit_id
    WHERE u.path LIKE :path || '%'
)
ORDER BY f.case_count DESC, f.through_fen DESC, f.account
LIMIT :limit
"""
)


_PASS_THROUGH = text(
    f"""WITH {_PASSING}
SELECT p.account, p.days, p.through_fen, s.median_minutes
FROM passing p JOIN speed s USING (account) WHERE s.median_minutes <= :fast"""
)


def pass_through(session: Session) -> dict[str, tuple[int, int, float]]:
    """Every 快进快出 account in the city's statements (fanzha.rules' definition), as account →
    (pass-through days, fen through on them, median minutes from an inflow to an outflow)."""
    rows = session.execute(_PASS_THROUGH, {"fast": FAST_MINUTES})
    return {r.account: (r.days, int(r.through_fen), float(r.median_minutes)) for r in rows}


@dataclass
class MuleAccount:
    account: str
    case_count: int
    case_nos: list[str]  # the ones the viewer's unit may open
    pass_days: int
    through_fen: int
    median_minutes: float | None
    bank: str
    other_cases: int = 0  # cases of other units naming the account: counted, not listed
    indicator_id: int | None = None  # its 涉诈要素 page, when the account is one

    @property
    def masked(self) -> str:
        return mask_bank_account(self.account)

    @property
    def reasons(self) -> list[str]:
        out = []
        if self.case_count >= 2:
            out.append(i18n.WATCH["cases"].format(count=self.case_count))
        if self.pass_days:
            out.append(
                i18n.WATCH["pass_through"].format(
                    days=self.pass_days,
                    amount=format_yuan(self.through_fen),
                    minutes=self.median_minutes,
                )
            )
        return out


@dataclass
class Holder:
    name: str
    id_number: str
    phone: str
    accounts: list[MuleAccount] = field(default_factory=list)

    @property
    def case_count(self) -> int:
        return sum(a.case_count for a in self.accounts)

    @property
    def masked_name(self) -> str:
        """The name masked; the "name unknown" placeholder as it is (masked it read "（****）")."""
        unknown = self.name == i18n.WATCH["holder_unknown"]
        return self.name if unknown else mask_name(self.name)


def holders(session: Session, principal: Principal, *, limit: int = 2_000) -> list[Holder]:
    """Flagged accounts grouped by holder (ID number when the bank returned the 人员信息
    sheet, else the name seen on transfers and statements), most cases first.

    Within the principal's scope (fanzha.org.scope): the city sees every account; a unit the
    accounts named in its own cases or their statements, with only its own case numbers
    listed and the other units' cases counted (`MuleAccount.other_cases`)."""
    grouped: dict[str, Holder] = {}
    params = {"fast": FAST_MINUTES, "limit": limit, "path": principal.unit_path or ""}
    for row in session.execute(_WATCH, params).mappings():
        name, id_number = row["holder"] or i18n.WATCH["holder_unknown"], row["id_number"] or ""
        # One person per ID number; without one, per name; an unknown holder per account.
        key = id_number or row["holder"] or row["account"]
        holder = grouped.setdefault(key, Holder(name, id_number, row["phone"] or ""))
        holder.accounts.append(
            MuleAccount(
                account=row["account"],
                case_count=row["case_count"],
                case_nos=list(row["case_nos"] or []),
                pass_days=row["pass_days"],
                through_fen=int(row["through_fen"]),
                median_minutes=row["median_minutes"],
                bank=row["bank"] or "",
                other_cases=row["other_cases"],
                indicator_id=row["indicator_id"],
            )
        )
    return sorted(grouped.values(), key=lambda h: (-h.case_count, -len(h.accounts), h.name))


def matching(found: list[Holder], text: str) -> list[Holder]:
    """The holders whose name, ID number, an account, its bank or a case number contains
    `text` (all of them when blank)."""
    text = text.strip().lower()
    if not text:
        return found

    def hit(h: Holder) -> bool:
        fields = [h.name, h.id_number]
        for a in h.accounts:
            fields += [a.account, a.bank, *a.case_nos]
        return any(text in f.lower() for f in fields if f)

    return [h for h in found if hit(h)]


HOLDER_SORTS = {
    "cases": lambda h: h.case_count,
    "accounts": lambda h: len(h.accounts),
    "name": lambda h: h.name,
}


def export(
    session: Session,
    actor: Principal,
    *,
    unmasked: bool,
    reason: str | None = None,
    chosen: list[Holder] | None = None,
) -> bytes:
    """The list as Excel for 两卡 enforcement; holders' names, ID numbers and account numbers
    masked unless the officer may see them and asked to with a stated `reason` (InvalidInput
    when blank or too long); every export is audited, the reason with it. `chosen` exports
    those holders only (the list's filtered view)."""
    if unmasked:
        reason = export_reason(reason)
    rows = []
    for holder in holders(session, actor) if chosen is None else chosen:
        name = holder.name if unmasked else holder.masked_name
        id_number = holder.id_number if unmasked else mask_id_number(holder.id_number)
        for account in holder.accounts:
            rows.append(
                [
                    name,
                    id_number,
                    account.account if unmasked else account.masked,
                    account.bank,
                    account.case_count,
                    LIST_SEPARATOR.join(
                        account.case_nos
                        + (
                            [zh_CN.SCOPE["other_cases"].format(n=account.other_cases)]
                            if account.other_cases
                            else []
                        )
                    ),
                    account.pass_days,
                    excel.Yuan(account.through_fen),
                    i18n.WATCH["reason_separator"].join(account.reasons),
                ]
            )
    content = excel.workbook_from_rows(
        i18n.WATCH_SHEET,
        list(i18n.WATCH_SHEET_COLUMNS),
        rows,
        [10, 20, 24, 18, 8, 40, 12, 14, 50],
    )
    audit.record(
        session,
        actor,
        AuditAction.mule_watch_exported,
        target_type="account_holders",
        summary=i18n.AUDIT["watch_exported"].format(count=len(rows))
        + (i18n.AUDIT["watch_exported_full"] if unmasked else ""),
        detail={"accounts": len(rows), "unmasked": unmasked}
        | ({"reason": reason} if unmasked else {}),
    )
    return content
