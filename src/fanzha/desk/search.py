"""The global search in the header: one box for a case number, a warning number, a phone, an
ID number, a bank account, a chat ID, a name or its pinyin initials.

The query is read once (`read_query`) into the identifiers it could be, each normalised the
way the records store it (phones as E.164 through `fanzha.identifiers.normalize_phone`), then
each kind of record is asked by index only: equality on identifiers, prefix on numbers, names
and initials. Every read goes through the scope layer, so a station finds only its own
subtree. A search for a personal identifier is audited with the kind of identifier and the
count of hits, never the identifier itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from fanzha.access import Permission, Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.cases.models import Case, Freeze, StopPayment
from fanzha.clock import local
from fanzha.i18n import desk as i18n
from fanzha.identifiers import (
    InvalidIdentifier,
    name_initials,
    normalize_bank_account,
    normalize_id_number,
    normalize_name,
    normalize_phone,
)
from fanzha.linking.models import CaseIndicator, Indicator, IndicatorKind
from fanzha.masking import mask_bank_account, mask_name, mask_phone
from fanzha.org.scope import owner_clause, scoped_select
from fanzha.warnings.models import Warning

_CANDIDATES = 500  # matches fetched unordered by index, the newest LIMIT kept
LIMIT = 8  # hits per kind: the header shows a short list, the record is one click away
MAX_QUERY = 64

_CASE_NO = re.compile(r"(?i)AJ[0-9A-Z-]{0,22}")
_CJK = re.compile(r"[\u3400-\u9fff·]+")
_LETTERS = re.compile(r"[A-Za-z]{2,10}")
_CHAT = re.compile(r"[A-Za-z][A-Za-z0-9_-]{5,19}|wxid_[A-Za-z0-9]+|[1-9]\d{4,11}")


@dataclass(frozen=True)
class Query:
    """What a typed query could be; empty fields are kinds it cannot be."""

    text: str
    case_no: str = ""
    number: int | None = None  # a warning's number (its id)
    external_id: str = ""
    phone: str = ""
    id_number: str = ""
    account: str = ""
    chat: str = ""
    name: str = ""
    initials: str = ""

    @property
    def personal(self) -> list[str]:
        """The kinds of personal identifier this query is searched as (for the audit)."""
        kinds = ("phone", "id_number", "account", "chat", "name", "initials")
        return [k for k in kinds if getattr(self, k)]


def _try(normalise: Callable[[str], object], raw: str) -> str:
    try:
        return str(normalise(raw).number)  # type: ignore[attr-defined]
    except InvalidIdentifier:
        return ""


def read_query(raw: str) -> Query:
    """The identifiers a query could be, normalised as stored. Pure."""
    # NFKC: full-width digits and letters typed on a Chinese keyboard read as ASCII.
    text = " ".join(unicodedata.normalize("NFKC", raw or "").split())[:MAX_QUERY]
    compact = re.sub(r"[\s-]", "", text)
    digits = compact.isascii() and compact.isdigit()
    if not text:
        return Query(text="")
    found: dict[str, object] = {"external_id": text}
    if _CASE_NO.fullmatch(text):
        found["case_no"] = text.upper()
    if digits:
        if len(compact) <= 12:
            found["number"] = int(compact)
        found["phone"] = _try(normalize_phone, compact) if 7 <= len(compact) <= 13 else ""
        found["account"] = _try(normalize_bank_account, compact)
    if re.fullmatch(r"\d{17}[\dXx]|\d{15}", compact):
        found["id_number"] = _try(normalize_id_number, compact)
    elif compact.startswith("+") and compact[1:].isascii() and compact[1:].isdigit():
        found["phone"] = _try(normalize_phone, compact)
    if _CHAT.fullmatch(text) and "case_no" not in found:
        found["chat"] = text.lower()
    if _CJK.fullmatch(text.replace(" ", "")):
        found["name"] = normalize_name(text)
    elif _LETTERS.fullmatch(text) and "case_no" not in found:
        found["initials"] = text.lower()
    return Query(text=text, **found)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Hit:
    title: str
    detail: str
    href: str


@dataclass
class Results:
    query: Query
    groups: dict[str, list[Hit]] = field(default_factory=dict)  # kind label → hits, in order

    @property
    def total(self) -> int:
        return sum(len(h) for h in self.groups.values())


def _prefix(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _warnings(session: Session, principal: Principal, q: Query) -> list[Hit]:
    terms = [Warning.external_id == q.external_id]
    if q.number is not None:
        terms.append(Warning.id == q.number)
    if q.phone:
        terms.append(Warning.person_phone == q.phone)
    if q.id_number:
        terms.append(Warning.person_id_number == q.id_number)
    if q.account:
        terms.append(Warning.fraudster_account == q.account)
    if q.name:
        terms.append(Warning.person_name.like(_prefix(q.name)))
    if q.initials:
        terms.append(Warning.person_name_initials.like(_prefix(q.initials)))
    stmt = (
        scoped_select(Warning, principal)
        .where(or_(*terms))
        .order_by(Warning.received_at.desc())
        .limit(LIMIT)
    )
    return [
        Hit(
            title=i18n.SEARCH["warning_title"].format(id=w.id, name=mask_name(w.person_name)),
            detail=i18n.SEARCH["warning_detail"].format(
                phone=mask_phone(w.person_phone), at=_day(w.received_at)
            ),
            href=f"/warnings/{w.id}",
        )
        for w in session.scalars(stmt)
    ]


def _indicator_cases(q: Query) -> Select[tuple[int]] | None:
    """Cases that name the queried account, phone or chat ID among their indicators."""
    values = []
    if q.account:
        values.append((IndicatorKind.account, q.account))
    if q.phone:
        values += [(IndicatorKind.phone, q.phone), (IndicatorKind.alipay, q.phone)]
    if q.chat:
        values += [(k, q.chat) for k in (IndicatorKind.wechat, IndicatorKind.qq)]
        values.append((IndicatorKind.alipay, q.chat))
    if not values:
        return None
    found = or_(*((Indicator.kind == k) & (Indicator.value == v) for k, v in values))
    return (
        select(CaseIndicator.case_id)
        .join(Indicator, Indicator.id == CaseIndicator.indicator_id)
        .where(found)
    )


def _cases(session: Session, principal: Principal, q: Query) -> list[Hit]:
    terms = []
    if q.case_no:
        terms.append(Case.case_no.like(_prefix(q.case_no)))
    if q.phone:
        terms.append(Case.victim_phone == q.phone)
    if q.id_number:
        terms.append(Case.victim_id_number == q.id_number)
    if q.name:
        terms.append(Case.victim_name.like(_prefix(q.name)))
    if q.initials:
        terms.append(Case.victim_name_initials.like(_prefix(q.initials)))
    linked = _indicator_cases(q)
    if linked is not None:
        # Asked first, as a list: an IN (subquery) inside the OR would scan every case.
        ids = session.scalars(linked.limit(_CANDIDATES)).all()
        if ids:
            terms.append(Case.id.in_(ids))
    if not terms:
        return []
    stmt = (
        scoped_select(Case, principal)
        .where(or_(*terms))
        .order_by(Case.reported_at.desc())
        .limit(LIMIT)
    )
    return [
        Hit(
            title=i18n.SEARCH["case_title"].format(
                case_no=c.case_no, name=mask_name(c.victim_name)
            ),
            detail=i18n.SEARCH["case_detail"].format(at=_day(c.reported_at)),
            href=f"/cases/{c.id}",
        )
        for c in session.scalars(stmt)
    ]


def _holds(session: Session, principal: Principal, q: Query) -> list[Hit]:
    """Stop-payments and freezes on the queried account."""
    if not q.account:
        return []
    hits = []
    for model, label in ((StopPayment, "stop_payment_title"), (Freeze, "freeze_title")):
        stmt = (
            select(model, Case.case_no)
            .join(Case, Case.id == model.case_id)
            .where(model.account == q.account, owner_clause(model, principal))
            .order_by(model.id.desc())
            .limit(LIMIT)
        )
        for hold, case_no in session.execute(stmt):
            hits.append(
                Hit(
                    title=i18n.SEARCH[label].format(account=mask_bank_account(hold.account)),
                    detail=i18n.SEARCH["hold_detail"].format(case_no=case_no),
                    href=f"/cases/{hold.case_id}#money",
                )
            )
    return hits[:LIMIT]


def _day(value: datetime) -> str:
    return local(value, "%Y-%m-%d")


def search(session: Session, principal: Principal, raw: str) -> Results:
    """Records of the principal's scope the query names, grouped by kind (Chinese label →
    up to LIMIT hits, newest first, people masked). Kinds the principal may not read are not
    asked. A query that could be a personal identifier leaves an audit entry (`search.personal`)
    with the kinds it was read as and the hit count, never the text typed."""
    q = read_query(raw)
    results = Results(query=q)
    if not q.text:
        return results
    asked = []
    if principal.can(Permission.warnings_read):
        asked.append(("warnings", _warnings))
    if principal.can(Permission.cases_read):
        asked += [("cases", _cases), ("holds", _holds)]
    for kind, find in asked:
        hits = find(session, principal, q)
        if hits:
            results.groups[i18n.SEARCH_KINDS[kind]] = hits
    if q.personal and asked:
        audit.record(
            session,
            principal,
            AuditAction.search_personal,
            summary=i18n.AUDIT["search_personal"].format(
                kinds=i18n.LIST_SEPARATOR.join(i18n.QUERY_KINDS[k] for k in q.personal),
                count=results.total,
            ),
            detail={"kinds": q.personal, "hits": results.total},
        )
    return results


__all__ = ["Hit", "Query", "Results", "name_initials", "read_query", "search"]
