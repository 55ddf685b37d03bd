"""Suggest a fraud type from the victim's story by the red-flag phrases of DOMAIN.md.

Pure. The officer confirms: the suggestion names the phrases that matched, so a wrong guess
is plain to see. Phrases are matched after folding width and traditional characters, and a
few common spoken variants stand beside the listed flags.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from fanzha.fraud import FraudType
from fanzha.identifiers import to_simplified

F = FraudType
# The DOMAIN.md flags first, then spoken variants; space-separated for a compact table.
_FLAGS = {
    F.brushing: "刷单 返利 充值越多返利越多 连单 卡单 任务未完成 垫付 做任务",
    F.investment: "投资导师 直播课 内幕消息 系统异常 解冻费 炒股 荐股 投资平台",
    F.shopping: "私下交易 省手续费 补缴关税 关税 低价 代购",
    F.customer_service: "客服 退款 理赔 百万保障 屏幕共享 关闭服务 快递丢失",
    F.loan_credit: "无抵押 低利率 解冻金 影响征信 注销校园贷 清空额度 贷款",
    F.boss_acquaintance: "新加好友 借钱 转账给客户 不方便接电话 领导 老板",
    F.authority: "涉嫌洗钱 安全账户 通缉令 保密 资金清查 公安局 检察院 法院",
    F.romance: "网恋 带你投资 平台漏洞 婚恋 交友",
    F.game_trade: "账号冻结 充值解冻 低价装备 游戏账号 游戏币",
    F.military_purchase: "部队采购 指定供应商 军队采购 冒充军人",
}
RED_FLAGS: dict[FraudType, tuple[str, ...]] = {k: tuple(v.split()) for k, v in _FLAGS.items()}


@dataclass(frozen=True)
class Suggestion:
    fraud_type: FraudType
    matched: tuple[str, ...]  # the phrases found, in the order of the table


def _fold(text: str) -> str:
    folded = to_simplified(unicodedata.normalize("NFKC", text or ""))
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "“”\"'‘’")


def suggest(story: str) -> list[Suggestion]:
    """Every type with at least one red flag in the story, most flags first (ties keep the
    order of the list, which follows the 公安部 ranking by frequency)."""
    text = _fold(story)
    found = [
        Suggestion(kind, tuple(p for p in phrases if p in text))
        for kind, phrases in RED_FLAGS.items()
    ]
    return sorted((s for s in found if s.matched), key=lambda s: -len(s.matched))


def best(story: str) -> Suggestion:
    """The single suggestion for the form; 其他 with no phrases when nothing matched."""
    ranked = suggest(story)
    return ranked[0] if ranked else Suggestion(FraudType.other, ())
