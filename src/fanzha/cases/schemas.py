from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from fanzha.cases.models import TransferChannel
from fanzha.fields import BankAccount, IdNumber, LocalDateTime, Optional, SubscriberPhone
from fanzha.fraud import FraudType
from fanzha.identifiers import normalize_name

MAX_TRANSFER_FEN = 10**13  # 千亿元, as for warnings


class TransferIn(BaseModel):
    at: LocalDateTime
    amount_fen: Annotated[int, Field(gt=0, le=MAX_TRANSFER_FEN)]
    payer_account: Annotated[str, Field(max_length=40)] = ""
    receiving_account: BankAccount
    receiving_name: Annotated[str, Field(max_length=100)] = ""
    receiving_bank: Annotated[str, Field(max_length=100)] = ""
    channel: TransferChannel = TransferChannel.bank_transfer


class CaseIn(BaseModel):
    """A report as the desk officer takes it."""

    model_config = ConfigDict(extra="forbid")

    victim_name: Annotated[str, Field(min_length=1, max_length=50)]
    victim_phone: Annotated[SubscriberPhone | None, Optional] = None
    victim_id_number: Annotated[IdNumber | None, Optional] = None
    victim_address: Annotated[str, Field(max_length=200)] = ""
    story: Annotated[str, Field(max_length=10_000)] = ""
    fraud_type: FraudType = FraudType.other
    reported_at: Annotated[LocalDateTime | None, Optional] = None  # now, unless entered later
    transfers: list[TransferIn] = []

    @field_validator("victim_name")
    @classmethod
    def _name(cls, value: str) -> str:
        return normalize_name(value)
