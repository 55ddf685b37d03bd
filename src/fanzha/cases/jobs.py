"""Queued and scheduled work of the cases domain: the legal clocks of the money loop."""

from __future__ import annotations

import procrastinate

from fanzha import clock, queue
from fanzha.cases import returns, sweep


def sweep_money_clocks(timestamp: int) -> dict[str, int]:
    """Lapse stop-payments and freezes that ran out, raise freeze reminders, and make pooled
    returns payable once their public notice ends."""
    with queue.transaction() as session:
        now = clock.now()
        result = sweep.sweep(session, now)
        released = returns.release_after_notice(session, now)
    return {
        "stop_payments_lapsed": result.stop_payments_lapsed,
        "freezes_lapsed": result.freezes_lapsed,
        "reminders": result.reminders,
        "returns_payable": released,
    }


def blueprint() -> procrastinate.Blueprint:
    # Every minute: a stop-payment's 48 h are counted in minutes; the sweep is idempotent.
    return queue.periodic("money_clocks", "* * * * *", sweep_money_clocks)
