"""Tables of analysis: indicators and where they were seen, exclusions, gangs and the
analysts' decisions on them, at-risk people, blocking requests and leads."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fanzha.auth import models as _users  # noqa: F401  (the table the *_by_id keys reference)
from fanzha.cases.models import Case
from fanzha.db import Base
from fanzha.i18n import linking as i18n
from fanzha.org.models import Unit
from fanzha.org.scope import at_root, scope_clause, unit_owned
from fanzha.types import enum_column
from fanzha.warnings.models import Warning


def _gang_scope(principal):
    """A gang is seen by a unit when one of its cases is the unit's (or below), or when the
    unit was made its 主办单位; the center sees every gang, a dissolved one (no cases) too."""
    if at_root(principal):
        return true()
    own_cases = (
        select(GangMember.gang_id)
        .join(Case, Case.id == GangMember.case_id)
        .where(scope_clause(Case.unit_id, principal))
    )
    return or_(Gang.id.in_(own_cases), scope_clause(Gang.unit_id, principal))


def _at_risk_scope(principal):
    """Reached through the person's case, or the warning they were pushed as; a person with
    neither (found in statements, not pushed yet) is center work."""
    if at_root(principal):
        return true()
    cases = select(Case.id).where(scope_clause(Case.unit_id, principal))
    warnings = select(Warning.id).where(scope_clause(Warning.unit_id, principal))
    return or_(AtRiskPerson.case_id.in_(cases), AtRiskPerson.warning_id.in_(warnings))


class IndicatorKind(StrEnum):
    account = "account"  # 银行账户/卡号
    phone = "phone"  # 电话号码
    wechat = "wechat"  # 微信号
    qq = "qq"  # QQ号
    alipay = "alipay"  # 支付宝账号
    domain = "domain"  # 网址/域名
    app = "app"  # APP
    ip = "ip"  # IP地址
    device = "device"  # 设备号 (IMEI 等)


class IndicatorSource(StrEnum):
    transfer = "transfer"  # 受害人转账的收款账户
    statement = "statement"  # 流水追踪到的下级账户
    manual = "manual"  # 研判人员录入
    imported = "imported"  # Excel 导入


class Indicator(Base):
    """One fraud-side value (涉诈要素), stored once in its normalised form."""

    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("kind", "value"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    kind: Mapped[IndicatorKind] = mapped_column(enum_column(IndicatorKind, "indicator_kind"))
    value: Mapped[str] = mapped_column(String(253))
    case_count: Mapped[int] = mapped_column(Integer, default=0)
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    # Set while an exclusion matches the value: it never links cases.
    excluded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("link_exclusions.id", ondelete="SET NULL"), index=True
    )
    # An analyst reviewed a value above the cap and decided it still links (a real gang's
    # busy collection account), or None while it waits in the review queue.
    link_approved: Mapped[bool] = mapped_column(default=False)
    reviewed_at: Mapped[datetime | None]


@unit_owned("case_id", parent=Case)
class CaseIndicator(Base):
    """An indicator seen in a case: the edge of the case–indicator graph."""

    __tablename__ = "case_indicators"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    source: Mapped[IndicatorSource] = mapped_column(
        enum_column(IndicatorSource, "indicator_source")
    )
    seen_at: Mapped[datetime]
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(String(200), default="")


class LinkExclusion(Base):
    """A value never to link on: exact, or a pattern with * wildcards (9558*, *.taobao.com)."""

    __tablename__ = "link_exclusions"
    __table_args__ = (UniqueConstraint("kind", "pattern"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    kind: Mapped[IndicatorKind] = mapped_column(enum_column(IndicatorKind, "indicator_kind"))
    pattern: Mapped[str] = mapped_column(String(253))
    reason: Mapped[str] = mapped_column(String(300))
    # Set when an analyst split a gang by excluding this value from it.
    gang_id: Mapped[int | None] = mapped_column(ForeignKey("gangs.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class GangStatus(StrEnum):
    suggested = "suggested"  # 系统串并 (not yet reviewed)
    confirmed = "confirmed"  # 已确认
    dissolved = "dissolved"  # 已拆散 (no longer linked)


@unit_owned(rule=lambda principal: _gang_scope(principal))
class Gang(Base):
    """A 团伙: a connected group of cases. Its id, name, unit and confirmation outlive
    recomputation: a recomputed group takes the id of the gang it overlaps most."""

    __tablename__ = "gangs"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[GangStatus] = mapped_column(enum_column(GangStatus, "gang_status"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    case_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    confirmed_at: Mapped[datetime | None]
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    dissolved_at: Mapped[datetime | None]
    note: Mapped[str] = mapped_column(Text, default="")

    unit: Mapped[Unit | None] = relationship()

    @property
    def label(self) -> str:
        return self.name or i18n.LABELS["gang"].format(id=self.id)


@unit_owned("case_id", parent=Case)
class GangMember(Base):
    __tablename__ = "gang_members"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    gang_id: Mapped[int] = mapped_column(ForeignKey("gangs.id"), index=True)


class GangMerge(Base):
    """An analyst's decision that two gangs are one: a link between a case of each."""

    __tablename__ = "gang_merges"
    __table_args__ = (CheckConstraint("case_a_id < case_b_id", name="ordered_cases"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    case_a_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    case_b_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(300))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class AtRiskKind(StrEnum):
    payer = "payer"  # 向涉诈账户转过账
    contact = "contact"  # 与涉诈号码有通话


class AtRiskStatus(StrEnum):
    needs_identity = "needs_identity"  # 待补充联系方式 (a payer known by account only)
    ready = "ready"  # 待推送
    pushed = "pushed"  # 已推送预警
    reported = "reported"  # 已报案 (not pushed: already a victim on record)
    dismissed = "dismissed"  # 不推送


@unit_owned(rule=lambda principal: _at_risk_scope(principal))
class AtRiskPerson(Base):
    """A 高危潜在受害人 found by analysis; one row per piece of evidence, so the same
    evidence is never pushed twice."""

    __tablename__ = "at_risk_people"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    evidence_key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[AtRiskKind] = mapped_column(enum_column(AtRiskKind, "at_risk_kind"))
    status: Mapped[AtRiskStatus] = mapped_column(enum_column(AtRiskStatus, "at_risk_status"))
    person_name: Mapped[str] = mapped_column(String(50), default="")
    person_phone: Mapped[str | None] = mapped_column(String(20), index=True)
    person_id_number: Mapped[str | None] = mapped_column(String(18))
    person_account: Mapped[str] = mapped_column(String(40), default="", index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    amount_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    contacts: Mapped[int] = mapped_column(Integer, default=1)  # payments or calls seen
    evidence_at: Mapped[datetime]
    found_at: Mapped[datetime] = mapped_column(server_default=func.now())
    warning_id: Mapped[int | None] = mapped_column(ForeignKey("warnings.id"))
    pushed_at: Mapped[datetime | None]
    note: Mapped[str] = mapped_column(String(300), default="")

    indicator: Mapped[Indicator] = relationship()


class BlockTarget(StrEnum):
    china_mobile = "china_mobile"  # 中国移动
    china_unicom = "china_unicom"  # 中国联通
    china_telecom = "china_telecom"  # 中国电信
    carrier = "carrier"  # 其他运营商
    tencent = "tencent"  # 腾讯
    alibaba = "alibaba"  # 阿里巴巴（支付宝）
    registrar = "registrar"  # 域名注册商 / 工信部
    app_store = "app_store"  # 应用商店


class BlockStatus(StrEnum):
    draft = "draft"  # 草稿
    submitted = "submitted"  # 已报送
    accepted = "accepted"  # 已受理
    done = "done"  # 已封停
    refused = "refused"  # 未采纳
    appealed = "appealed"  # 申诉中
    lifted = "lifted"  # 已解封


class BlockRequest(Base):
    """A request to suspend a phone number, chat account, domain or app (封停)."""

    __tablename__ = "block_requests"
    __table_args__ = (
        # One open request per value: a second click adds nothing.
        Index(
            "uq_block_requests_open",
            "indicator_id",
            unique=True,
            postgresql_where="status IN ('draft', 'submitted', 'accepted', 'done', 'appealed')",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    target: Mapped[BlockTarget] = mapped_column(enum_column(BlockTarget, "block_target"))
    status: Mapped[BlockStatus] = mapped_column(enum_column(BlockStatus, "block_status"))
    reason: Mapped[str] = mapped_column(Text)
    case_ids: Mapped[list[int]] = mapped_column(ARRAY(BigInteger), default=list)  # evidence
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    batch_no: Mapped[str] = mapped_column(String(40), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    submitted_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]  # accepted, done or refused
    done_at: Mapped[datetime | None]
    appeal_reason: Mapped[str] = mapped_column(Text, default="")
    appealed_at: Mapped[datetime | None]
    lifted_at: Mapped[datetime | None]
    response_note: Mapped[str] = mapped_column(Text, default="")

    indicator: Mapped[Indicator] = relationship()


class LeadStatus(StrEnum):
    sent = "sent"  # 已下发
    answered = "answered"  # 已反馈
    closed = "closed"  # 已办结


@unit_owned("unit_id")
class Lead(Base):
    """A 线索 sent to a unit, with the date its feedback is due."""

    __tablename__ = "leads"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    lead_no: Mapped[str] = mapped_column(String(24), unique=True, default="")
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    from_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    gang_id: Mapped[int | None] = mapped_column(ForeignKey("gangs.id", ondelete="SET NULL"))
    status: Mapped[LeadStatus] = mapped_column(enum_column(LeadStatus, "lead_status"))
    sent_at: Mapped[datetime]
    due_at: Mapped[datetime]
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    result: Mapped[str] = mapped_column(Text, default="")  # 核查结果
    arrests: Mapped[int] = mapped_column(Integer, default=0)
    recovered_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    reminders: Mapped[int] = mapped_column(Integer, default=0)
    last_reminded_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id])
    gang: Mapped[Gang | None] = relationship()
