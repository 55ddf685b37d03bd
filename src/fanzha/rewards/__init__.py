"""Rewards (奖励): the tips inbox, reward applications on the nine grounds, approvals, payouts."""
