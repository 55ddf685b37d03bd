from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    field_validator,
    model_validator,
)

from fanzha.clock import SHANGHAI
from fanzha.fields import (
    BankAccount,
    Domain,
    IdNumber,
    InputModel,
    PhoneNumber,
    SubscriberPhone,
    plausible_time,
)
from fanzha.i18n import warnings as i18n
from fanzha.i18n import zh_CN
from fanzha.identifiers import normalize_name
from fanzha.money import parse_yuan
from fanzha.warnings.models import (
    AttemptKind,
    AttemptResult,
    FraudType,
    Grade,
    Outcome,
    WarningSource,
    WarningStatus,
)

MAX_BATCH = 1000
MAX_AMOUNT_FEN = 10**13  # 千亿元: far above any real transfer, below bigint


class WarningIn(InputModel):
    """One warning as a platform, a bank or the manual form sends it."""

    model_config = ConfigDict(extra="forbid")

    source: WarningSource
    external_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[\x21-\x7e]+$")]
    person_name: Annotated[str, Field(max_length=50)] = ""
    person_phone: SubscriberPhone | None = None
    person_id_number: IdNumber | None = None
    address: Annotated[str, Field(max_length=200)] = ""
    fraud_type: FraudType = FraudType.other
    fraudster_phone: PhoneNumber | None = None
    fraudster_account: BankAccount | None = None
    fraud_app: Annotated[str, Field(max_length=100)] | None = None
    fraud_url: Domain | None = None
    amount_fen: Annotated[int, Field(ge=0, le=MAX_AMOUNT_FEN)] = 0
    money_moving: bool = False
    on_call: bool = False
    issued_at: datetime
    note: Annotated[str, Field(max_length=1000)] = ""
    # 跨区域移交: the center that transferred this warning to us (our answer is owed to it).
    transferred_from: Annotated[str, Field(max_length=60)] | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _encodable_text(cls, value: Any) -> Any:
        # An unpaired surrogate (JSON's "\ud800") cannot be UTF-8 encoded for PostgreSQL;
        # pydantic refuses it in a plain str but not past a validator: refuse it here, per
        # field, so that one such item is reported, not a 500. Blank/null and control
        # characters are InputModel's.
        if isinstance(value, str):
            try:
                value.encode()
            except UnicodeEncodeError:
                raise ValueError(zh_CN.VALIDATION["string_unicode"]) from None
        return value

    @field_validator("person_name")
    @classmethod
    def _name(cls, value: str) -> str:
        name = normalize_name(value) if value else ""
        if len(name) > 50:  # Traditional-to-Simplified may change the length
            raise ValueError(zh_CN.VALIDATION["string_too_long"].format(max_length=50))
        return name

    @field_validator("issued_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        # Chinese platforms send local time without an offset: read it as Asia/Shanghai.
        return plausible_time(value.replace(tzinfo=SHANGHAI) if value.tzinfo is None else value)

    @model_validator(mode="after")
    def _reachable(self) -> WarningIn:
        if not (self.person_phone or self.person_id_number or self.address.strip()):
            raise ValueError(i18n.FORM["unreachable"])
        return self


# Each item is taken as it comes and validated on its own (intake.receive_batch), so that one
# bad item is reported by its index instead of failing the batch; documented as a WarningIn.
RawWarning = Annotated[Any, PlainValidator(lambda value: value, json_schema_input_type=WarningIn)]


class BatchIn(BaseModel):
    items: Annotated[
        list[RawWarning],
        Field(
            min_length=1,
            max_length=MAX_BATCH,
            description=i18n.API_DOCS["batch_items"],
        ),
    ]


class WarningOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    source: WarningSource
    external_id: str
    status: WarningStatus
    grade: Grade
    grade_reasons: list[str]
    unit_id: int
    routed: bool
    duplicate_of_id: int | None


class ItemError(BaseModel):
    field: str  # the item's field name, "_" for the item as a whole
    message: str  # in Chinese


class BatchItemOut(BaseModel):
    index: int  # position in the request's items, from 0
    outcome: Literal["created", "existing", "rejected"]
    id: int | None = None  # the stored warning, unless rejected
    errors: list[ItemError] = Field(default_factory=list)  # why it was rejected


class BatchOut(BaseModel):
    created: int
    existing: int
    rejected: int
    items: list[BatchItemOut]


class AttemptIn(InputModel):
    kind: AttemptKind
    result: AttemptResult
    note: Annotated[str, Field(max_length=500)] = ""


class OutcomeIn(InputModel):
    outcome: Outcome
    # Yuan as the officer types it ("47万", "1,200.50"); stored as fen.
    protected_yuan: Annotated[str, Field(max_length=30)] = ""
    note: Annotated[str, Field(max_length=1000)] = ""

    @field_validator("protected_yuan")
    @classmethod
    def _amount(cls, value: str) -> str:
        if value.strip():
            fen = parse_yuan(value)
            if not 0 <= fen <= MAX_AMOUNT_FEN:
                raise ValueError(i18n.FORM["protected_out_of_range"])
        return value

    @property
    def protected_fen(self) -> int:
        return parse_yuan(self.protected_yuan) if self.protected_yuan.strip() else 0


class CorrectionIn(OutcomeIn):
    """更正反馈: the new outcome and why (the reason is required; the service says so)."""

    reason: Annotated[str, Field(max_length=1000)] = ""


class TransferOutIn(InputModel):
    """移交: to which center, why, and what was done here first."""

    center_id: Annotated[int, Field(ge=1)]
    reason: Annotated[str, Field(min_length=1, max_length=500)]
    tried: Annotated[str, Field(max_length=500)] = ""


class TransferAnswerIn(OutcomeIn):
    """The other center's answer, as entered here (its outcome closes the warning)."""


class FeedbackOut(BaseModel):
    """What goes back to the platform (平台反馈). `cursor` orders the feed: pass the last one
    taken as `after`; a corrected outcome (`corrected`) comes again with a higher one."""

    cursor: int
    id: int
    source: WarningSource
    external_id: str
    outcome: Outcome
    protected_fen: int
    closed_at: datetime
    note: str
    corrected: bool = False
