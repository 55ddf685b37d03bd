"""Grade a warning from a rule table: 紧急 / 高危 / 中危 / 低危, each grade with its reasons.

Pure: plain data in, plain data out, no database. The thresholds are a policy object so a
city can set its own (see `fanzha.config`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from fanzha.i18n import zh_CN

GRADE_ORDER = ("low", "medium", "high", "urgent")


@dataclass(frozen=True)
class GradingPolicy:
    high_amount_fen: int = 5_000_000  # 5万元
    medium_amount_fen: int = 500_000  # 5千元
    elderly_age: int = 60
    # Types whose victims lose large sums over weeks: never below 中危.
    risky_types: frozenset[str] = field(
        default_factory=lambda: frozenset({"investment", "authority", "romance", "loan_credit"})
    )


@dataclass(frozen=True)
class WarningFacts:
    source: str
    fraud_type: str
    amount_fen: int = 0
    money_moving: bool = False
    on_call: bool = False
    birth_date: date | None = None


def _yuan(fen: int) -> str:
    return f"{fen // 100:,}"


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def grade(facts: WarningFacts, policy: GradingPolicy, today: date) -> tuple[str, list[str]]:
    """The highest grade any rule gives, with the reasons of every rule that matched."""
    matched: list[tuple[str, str]] = []
    reasons = zh_CN.GRADE_REASONS
    if facts.money_moving:
        matched.append(("urgent", reasons["money_moving"]))
    if facts.on_call:
        matched.append(("urgent", reasons["on_call"]))
    if facts.amount_fen >= policy.high_amount_fen:
        matched.append(
            (
                "high",
                reasons["high_amount"].format(
                    amount=_yuan(facts.amount_fen), threshold=_yuan(policy.high_amount_fen)
                ),
            )
        )
    elif facts.amount_fen >= policy.medium_amount_fen:
        matched.append(
            (
                "medium",
                reasons["medium_amount"].format(
                    amount=_yuan(facts.amount_fen), threshold=_yuan(policy.medium_amount_fen)
                ),
            )
        )
    if facts.source == "bank" and facts.amount_fen > 0:
        matched.append(("high", reasons["bank_moved"]))
    if facts.fraud_type in policy.risky_types:
        matched.append(
            ("medium", reasons["risky_type"].format(fraud_type=zh_CN.FRAUD_TYPES[facts.fraud_type]))
        )
    if facts.birth_date and _age(facts.birth_date, today) >= policy.elderly_age:
        matched.append(("medium", reasons["elderly"].format(age=_age(facts.birth_date, today))))
    if not matched:
        return "low", [reasons["default"]]
    top = max(matched, key=lambda m: GRADE_ORDER.index(m[0]))[0]
    ordered = sorted(matched, key=lambda m: -GRADE_ORDER.index(m[0]))
    return top, [reason for _, reason in ordered]
