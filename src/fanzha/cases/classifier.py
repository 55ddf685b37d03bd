"""Suggest a fraud type from the victim's story by the red-flag phrases of each type.

Pure. The officer confirms: the suggestion names the phrases that matched, so a wrong guess
is plain to see. The story is normalised once (`normalise`: full-width forms, traditional
characters, variant characters, spacing) and the phrases are matched in that form.

The phrase table is domain data: the DOMAIN.md flags and phrases written from the public
typical-case descriptions of the 公安部 list of common telecom fraud types. Strong phrases name
the scheme itself and count two; context words (a role, a place, a platform) count one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from fanzha.fraud import FraudType
from fanzha.identifiers import to_simplified

F = FraudType
# type: (strong phrases, context words), space-separated for a compact table.
_FLAGS = {
    F.brushing: (
        "刷单 充值越多返利越多 连单 卡单 任务未完成 做任务 进阶任务 组合任务 任务单 派单"
        " 抢单 点赞返 关注返 返佣 兼职刷",
        "返利 佣金 兼职 日结 接待员 垫付 点赞 免费送礼 手工活",
    ),
    F.investment: (
        "投资导师 直播课 内幕消息 系统异常 解冻费 荐股 投资平台 理财平台 稳赚不赔 原始股"
        " 打新股 带单 高回报 理财顾问 股票群 投资群 账户异常",
        "炒股 股票 理财 收益 投资 保证金 虚拟币 数字货币 期货 外汇 盈利截图 无法提现 出金 老师"
        " 分析师 专家",
    ),
    F.shopping: (
        "私下交易 省手续费 补缴关税 代抢门票 低价转让 低价出售 代购 先付定金",
        "关税 低价 门票 定金 发货 卖家 二手 闲鱼 海关 演唱会 论文代写 特殊服务",
    ),
    F.customer_service: (
        "百万保障 屏幕共享 关闭服务 快递丢失 包裹丢失 双倍赔偿 取消会员 会员自动续费"
        " 商品质量问题 快递丢了 关闭扣费 影响个人征信的会员",
        "客服 退款 理赔 扣费 自动扣 开通 会员 小卡片 快递 包裹 淘宝 直播间 备用金 年费",
    ),
    F.loan_credit: (
        "无抵押 低利率 解冻金 影响征信 注销校园贷 清空额度 刷流水 验证还款能力 卡号填错"
        " 银行卡号错误 放款失败 消除不良记录 修复征信 注销账户 校园贷",
        "贷款 网贷 放款 额度 征信 流水 借呗 金条 信用 利息 手续费",
    ),
    F.boss_acquaintance: (
        "新加好友 转账给客户 不方便接电话 冒充领导 自称领导 自称老板 换了新号 新号码"
        " 头像是 帮忙转 先垫一下 我在开会",
        "借钱 领导 老板 头像 昵称 货款 合同款 校长 班主任 董事长 局长 亲戚 老同学 熟人 财务 会计"
        " 开会 急用",
    ),
    F.authority: (
        "涉嫌洗钱 安全账户 通缉令 资金清查 逮捕令 逮捕证 冻结令 配合调查 笔录 警官证"
        " 身份信息被盗用 冒用你的身份 资产清查 核查资金 涉嫌犯罪 涉案 传唤 涉嫌非法出境",
        "保密 公安局 检察院 法院 警官 民警 公安 洗钱 社保 医保 违禁品 网警 不要告诉 护照 核查",
    ),
    F.romance: (
        "网恋 带你投资 平台漏洞 杀猪盘 婚恋 交友软件 相亲网站 处对象 谈恋爱 男朋友 女朋友",
        "交友 恋爱 结婚 见面 网上认识 路费 机票 清关费 维和 网友 老公 老婆 对象 亲爱的 彩票 博彩"
        " 特殊资源 遭遇变故",
    ),
    F.game_trade: (
        "账号冻结 充值解冻 低价装备 游戏账号 游戏币 买号 卖号 代练 点券 游戏皮肤 游戏装备"
        " 交易平台 账号被冻结 解封",
        "游戏 皮肤 装备 防沉迷 未成年",
    ),
    F.military_purchase: (
        "部队采购 指定供应商 军队采购 冒充军人 军人证 部队订 军官证 营区 军需",
        "部队 军人 军官 武警 官兵 连队 后勤 采购 营房 团购 订餐 订购",
    ),
}
RED_FLAGS: dict[FraudType, tuple[tuple[str, ...], tuple[str, ...]]] = {
    k: (tuple(strong.split()), tuple(context.split())) for k, (strong, context) in _FLAGS.items()
}
_STRONG, _CONTEXT = 2, 1

# Variants OpenCC's t2s leaves alone (both forms count as simplified), and a form people
# type for a homophone. 帐 stays in the words where it is right (帐篷 tent, 蚊帐 net).
_VARIANTS = (
    (re.compile(r"(?<!蚊)帐(?![篷幕])"), "账"),
    (re.compile("冲值"), "充值"),
    (re.compile("証"), "证"),
    (re.compile("戸"), "户"),
    (re.compile("綫"), "线"),
    (re.compile("暱"), "昵"),
)
# Characters that never carry meaning inside a phrase: spacing, zero-width marks, quotes.
_DROP = re.compile(r"[\s\u200b-\u200f\u2060\ufeff“”\"'‘’「」『』《》〈〉]+")


@dataclass(frozen=True)
class Suggestion:
    fraud_type: FraudType
    matched: tuple[str, ...]  # the phrases found, strong ones first, in the order of the table
    score: int = 0  # two per strong phrase, one per context word


def normalise(story: str) -> str:
    """The story as the phrases are matched: NFKC (full-width letters, digits and spaces),
    Simplified characters (OpenCC t2s, offline), the variant table (帐→账 …), and without
    spacing, zero-width marks or quotes. Idempotent."""
    text = _DROP.sub("", unicodedata.normalize("NFKC", story or ""))
    text = unicodedata.normalize("NFKC", text)  # a mark after a dropped space composes now
    text = to_simplified(text)
    for pattern, replacement in _VARIANTS:
        text = pattern.sub(replacement, text)
    return text


def suggest(story: str) -> list[Suggestion]:
    """Every type with at least one phrase in the story, highest score first (ties keep the
    order of the table, which follows the 公安部 ranking by frequency)."""
    text = normalise(story)
    found = []
    for kind, (strong, context) in RED_FLAGS.items():
        hits = [p for p in strong if p in text]
        words = [p for p in context if p in text]
        # a phrase inside another matched one (征信 in 影响征信) is the same mention
        hits = [p for p in hits if not any(p != q and p in q for q in hits)]
        words = [p for p in words if not any(p != q and p in q for q in hits + words)]
        if hits or words:
            score = _STRONG * len(hits) + _CONTEXT * len(words)
            found.append(Suggestion(kind, tuple(hits + words), score))
    return sorted(found, key=lambda s: -s.score)


def best(story: str) -> Suggestion:
    """The single suggestion for the form; 其他 with no phrases when nothing matched."""
    ranked = suggest(story)
    return ranked[0] if ranked else Suggestion(FraudType.other, ())
