"""What the reward pages accept, validated at the edge."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from fanzha.fields import (
    BankAccount,
    Day,
    Fen,
    IdNumber,
    InputModel,
    PersonName,
    PhoneNumber,
    Reason,
    Ref,
)
from fanzha.rewards.models import BeneficiaryKind, RewardGround

LongText = Annotated[str, Field(min_length=1, max_length=2000)]
ShortText = Annotated[str, Field(max_length=60)]


class RewardIn(InputModel):
    ground: RewardGround
    amount_fen: Fen
    deed: LongText
    justification: LongText
    major: bool = False
    arrests: Annotated[int, Field(ge=0, le=1000)] = 0
    warning_id: Ref | None = None
    case_id: Ref | None = None
    lead_id: Ref | None = None
    tip_id: Ref | None = None
    staff_id: Ref | None = None  # the dissuader, when filled from a warning


class BeneficiaryIn(InputModel):
    """A citizen (name and at least one way to pay or find them), a member of staff by id
    (their account optional), or an anonymous reporter (nothing: identified at the counter)."""

    kind: BeneficiaryKind
    weight: Annotated[int, Field(ge=1, le=100)] = 1
    staff_id: Ref | None = None
    name: PersonName | None = None
    phone: PhoneNumber | None = None
    id_number: IdNumber | None = None
    bank_account: BankAccount | None = None
    bank_name: ShortText = ""


class ClaimIn(InputModel):
    """An anonymous reporter at the counter: the ID shown and the account to pay."""

    name: PersonName
    id_number: IdNumber
    bank_account: BankAccount
    bank_name: ShortText = ""
    phone: PhoneNumber | None = None
    code: Annotated[str, Field(max_length=40)] = ""  # the receipt code the reporter shows


class PaymentIn(InputModel):
    transfer_ref: Annotated[str, Field(min_length=1, max_length=60)]
    paid_on: Day


class ReasonIn(InputModel):
    reason: Reason


class FoundationIn(InputModel):
    foundation_ref: Annotated[str, Field(min_length=1, max_length=60)]


__all__ = ["BeneficiaryIn", "ClaimIn", "FoundationIn", "PaymentIn", "ReasonIn", "RewardIn", "date"]
