"""The fraud types (诈骗类型) every domain classifies by: warnings, cases, analysis."""

from __future__ import annotations

from enum import StrEnum


class FraudType(StrEnum):
    brushing = "brushing"
    investment = "investment"
    shopping = "shopping"
    customer_service = "customer_service"
    loan_credit = "loan_credit"
    boss_acquaintance = "boss_acquaintance"
    authority = "authority"
    romance = "romance"
    game_trade = "game_trade"
    military_purchase = "military_purchase"
    other = "other"
