from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import (
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from fanzha.cases.models import TransferChannel
from fanzha.fields import (
    BankAccount,
    Fen,
    IdNumber,
    InputModel,
    LocalDateTime,
    SubscriberPhone,
    reason_text,
)
from fanzha.fraud import FraudType
from fanzha.i18n import cases as i18n
from fanzha.identifiers import normalize_name

MAX_TRANSFER_FEN = 10**13  # 千亿元, as for warnings


class TransferIn(InputModel):
    at: LocalDateTime
    amount_fen: Annotated[int, Field(gt=0, le=MAX_TRANSFER_FEN)]
    payer_account: Annotated[str, Field(max_length=40)] = ""
    receiving_account: BankAccount
    receiving_name: Annotated[str, Field(max_length=100)] = ""
    receiving_bank: Annotated[str, Field(max_length=100)] = ""
    channel: TransferChannel = TransferChannel.bank_transfer


class CaseIn(InputModel):
    """A report as the desk officer takes it."""

    model_config = ConfigDict(extra="forbid")

    victim_name: Annotated[str, Field(min_length=1, max_length=50)]
    victim_phone: SubscriberPhone | None = None
    victim_id_number: IdNumber | None = None
    victim_address: Annotated[str, Field(max_length=200)] = ""
    story: Annotated[str, Field(max_length=10_000)] = ""
    fraud_type: FraudType = FraudType.other
    reported_at: LocalDateTime | None = None  # now, unless entered later
    transfers: list[TransferIn] = Field(default_factory=list)

    @field_validator("victim_name")
    @classmethod
    def _name(cls, value: str) -> str:
        return normalize_name(value)


# --- the money loop ------------------------------------------------------------------------

Amount = Annotated[Fen, Field(ge=0, le=MAX_TRANSFER_FEN)]
PositiveAmount = Annotated[Fen, Field(gt=0, le=MAX_TRANSFER_FEN)]
Note = Annotated[str, Field(max_length=500)]
Reason = reason_text(min_length=2, max_length=500)  # blanks and invisible characters trimmed


class BankFeedbackIn(InputModel):
    """What the bank answered to a stop-payment."""

    held_fen: Amount
    balance_fen: Amount | None = None
    feedback_at: LocalDateTime | None = None  # now, unless entered later
    note: Note = ""


class BranchCityIn(InputModel):
    branch_city: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)] = ""


class AssistAnswerIn(InputModel):
    held_fen: Amount
    note: Note = ""


class FreezeIn(InputModel):
    """止付转冻结. A major case freezes for a year, on the city's approval."""

    amount_fen: PositiveAmount | None = None  # default: all that was held
    major: bool = False
    approval_no: Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)] = ""
    approved_by: Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)] = ""

    @model_validator(mode="after")
    def _approval(self) -> FreezeIn:
        if self.major and not (self.approval_no and self.approved_by):
            raise ValueError(i18n.FREEZE_FORM["approval_missing"])
        return self


class ReasonIn(InputModel):
    reason: Reason


class TraceableReturnIn(InputModel):
    amount_fen: PositiveAmount
    note: Note = ""


class PoolIn(InputModel):
    """按比例返还: the pool and the cases whose victims share it."""

    amount_fen: PositiveAmount
    case_nos: Annotated[list[str], Field(min_length=2, max_length=500)]
    note: Note = ""

    @field_validator("case_nos", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):  # one per line, or separated by commas or spaces
            return [v for v in re.split(r"[\s,，、]+", value.strip().upper()) if v]
        return value


class ArrestIn(InputModel):
    """抓获嫌疑人 as the case officer enters it: the local day and how many were arrested."""

    model_config = ConfigDict(extra="forbid")

    arrested_on: date
    suspects: Annotated[int, Field(gt=0, le=999)]
    note: Annotated[str, Field(max_length=500)] = ""
