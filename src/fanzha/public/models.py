"""The citizens' site's tables: the quiz bank and its rounds, the risk check's daily counts, and
the rate-limit counters and CAPTCHA challenges that guard every public POST.

Nothing here says who a citizen is: no IP address, no user agent, no name. A rate-limit key is
a salted hash of the client address that lives only as long as its window (fanzha.public.abuse).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from fanzha.db import Base
from fanzha.fraud import FraudType
from fanzha.types import enum_column


class QuestionKind(StrEnum):
    single = "single"  # 单选
    multiple = "multiple"  # 多选


class QuizQuestion(Base):
    """One question of the bank: options in order (A, B, ...), the right ones by index."""

    __tablename__ = "quiz_questions"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    fraud_type: Mapped[FraudType] = mapped_column(enum_column(FraudType, "fraud_type"))
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind, "quiz_question_kind"))
    stem: Mapped[str] = mapped_column(Text)
    options: Mapped[list[str]] = mapped_column(ARRAY(Text))
    answer: Mapped[list[int]] = mapped_column(ARRAY(SmallInteger))
    explanation: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())
    retired_at: Mapped[datetime | None]  # no longer drawn into new rounds; old rounds keep it


class QuizRound(Base):
    """Ten questions drawn for one citizen, and (once handed in) the answers and score.

    `source_kind`/`source_id` name the campaign, event or grid whose QR code opened it; no
    foreign key, since campaigns and events live in another domain that may drop them."""

    __tablename__ = "quiz_rounds"
    __table_args__ = (Index("ix_quiz_rounds_source", "source_kind", "source_id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    question_ids: Mapped[list[int]] = mapped_column(ARRAY(BigInteger))
    answers: Mapped[list[list[int]] | None] = mapped_column(JSONB)
    correct: Mapped[list[bool] | None] = mapped_column(ARRAY(Boolean))
    score: Mapped[int | None] = mapped_column(SmallInteger)
    source_kind: Mapped[str | None] = mapped_column(String(10))
    source_id: Mapped[int | None] = mapped_column(BigInteger)
    started_at: Mapped[datetime] = mapped_column(server_default=func.now())
    finished_at: Mapped[datetime | None]


class RiskQueryCount(Base):
    """How often citizens asked about one value on one day (Asia/Shanghai): per indicator when
    the value is one the center knows, else indicator_id 0 per kind. Spread over a few shards so
    a burst of queries never queues on one row; readers sum them."""

    __tablename__ = "risk_query_counts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    indicator_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    shard: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)  # the answer given


class RateCounter(Base):
    """A fixed-window counter of the rate limiter (fanzha.public.abuse); UNLOGGED: a crash
    losing the counters only forgives a minute's posts."""

    __tablename__ = "public_rate_counters"
    __table_args__ = {"prefixes": ["UNLOGGED"]}  # noqa: RUF012

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime]


class CaptchaChallenge(Base):
    """An image CAPTCHA shown once; answered (right or wrong) it is gone."""

    __tablename__ = "public_captchas"
    __table_args__ = {"prefixes": ["UNLOGGED"]}  # noqa: RUF012

    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    answer: Mapped[str] = mapped_column(String(8))
    expires_at: Mapped[datetime]
