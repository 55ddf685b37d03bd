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
    """A fresh blueprint per job app (see fanzha.warnings.jobs.blueprint)."""
    tasks = procrastinate.Blueprint()
    # Hourly: the clock is in days; the stamps keep each reminder and alarm to one.
    tasks.periodic(cron="7 * * * *", periodic_id="chase_reward_payments")(
        tasks.task(
            name="chase_reward_payments",
            queue="clocks",
            queueing_lock="chase_reward_payments",
            pass_context=False,
        )(chase_payments)
    )
    return tasks
