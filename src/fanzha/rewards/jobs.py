"""Queued and scheduled work of rewards: the payment clock."""

from __future__ import annotations

import procrastinate

from fanzha import clock, queue
from fanzha.rewards.clocks import chase


def chase_payments(timestamp: int) -> int:
    """Remind and alarm on reward payment clocks; returns how many were touched."""
    with queue.transaction() as session:
        reminded, lapsed = chase(session, clock.now())
        return len(reminded) + len(lapsed)


def blueprint() -> procrastinate.Blueprint:
    # Hourly: the clock is in days; the stamps keep each reminder and alarm to one.
    return queue.periodic("chase_reward_payments", "7 * * * *", chase_payments)
