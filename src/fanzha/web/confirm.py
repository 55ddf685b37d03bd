"""Confirmation of what cannot be undone (续止付, 续冻, 转冻结, 解冻, 吊销, 合并团伙, 误串并排除,
结案, 作废), held by the server.

The confirmation step of a page carries a `confirm` field: a token of the record as the step
showed it (its id and the state its consequence text was written from). The action refuses a
post without it (422: a script or a stale form that skipped the step) and one whose token no
longer matches the record (409: someone changed it after the officer read the consequence,
or the same form was sent twice, e.g. a second renewal from a reloaded page).

Only the pages' routes ask for it. None of these actions has a route under /api/v1 (the
machines' interface); one added there would take no `confirm`, as a system calling it has no
page to read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from fanzha.errors import Conflict, InvalidInput
from fanzha.i18n import desk as i18n

FIELD = "confirm"


class ConfirmationMissing(InvalidInput):
    """The post skipped the confirmation step (`action` names what it would have done)."""

    code = "confirmation_missing"


class ConfirmationStale(Conflict):
    """The record changed after its confirmation step was shown."""

    code = "confirmation_stale"


def _stamp(value: datetime | None) -> str:
    return "" if value is None else f"{value.timestamp():.0f}"


# What each step's consequence is written from: a change to any of these makes it stale.
_STATE: dict[str, Callable[[Any], tuple[object, ...]]] = {
    "stop_renew": lambda sp: (sp.id, sp.status, sp.terms, _stamp(sp.expires_at)),
    "freeze_renew": lambda f: (f.id, f.status, f.renewals, _stamp(f.expires_at)),
    "key_revoke": lambda key: (key.id, _stamp(key.revoked_at)),
    "gang_merge": lambda gang: (gang.id, gang.status, gang.case_count),
    # 转冻结 freezes what the bank reported held (the default amount) for a term from now.
    "stop_freeze": lambda sp: (sp.id, sp.status, sp.terms, sp.held_fen, _stamp(sp.expires_at)),
    "unfreeze": lambda f: (f.id, f.status, f.renewals, f.amount_fen, _stamp(f.expires_at)),
    # 误串并 (拆分): the gang and the value as the panel named them, (gang, indicator).
    "gang_split": lambda pair: (
        pair[0].id,
        pair[0].status,
        pair[0].case_count,
        pair[1].id,
        pair[1].excluded_by_id,
        pair[1].case_count,
    ),
    # 结案 / 作废: the case and the money its confirmation page said it leaves behind,
    # (case, service.OpenHolds).
    "case_close": lambda pair: _case_state(*pair),
    "case_void": lambda pair: _case_state(*pair),
}


def _case_state(case: Any, holds: Any) -> tuple[object, ...]:
    return (case.id, case.status, holds.awaiting, holds.held, holds.frozen)


def token(action: str, record: Any) -> str:
    """The `confirm` value a confirmation step of `action` on `record` carries."""
    state = "|".join(str(part) for part in (action, *_STATE[action](record)))
    return hashlib.blake2s(state.encode(), digest_size=8).hexdigest()


def require(form: Mapping[str, Any], action: str, record: Any) -> None:
    """Refuse the post unless it carries the token of `record` as it is now.
    ConfirmationMissing (422) without one, ConfirmationStale (409) for another."""
    given = str(form.get(FIELD) or "").strip()
    label = i18n.CONFIRM_ACTIONS[action]
    if not given:
        raise ConfirmationMissing(action=label, field=FIELD)
    if given != token(action, record):
        raise ConfirmationStale(action=label, field=FIELD)
