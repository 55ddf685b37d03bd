"""The fraud-type suggestion from a victim's story, and where a bank branch is."""

from __future__ import annotations

from functools import lru_cache

import opencc
import pytest
from bench import classifier as bench_classifier
from hypothesis import given, settings
from hypothesis import strategies as st

from fanzha.cases import banks, classifier
from fanzha.fraud import FraudType


@pytest.mark.parametrize(
    ("story", "expected", "phrase"),
    [
        (
            "对方说我涉嫌洗钱，要把钱转到安全账户接受资金清查，还让我保密",
            FraudType.authority,
            "安全账户",
        ),
        ("群里刷单做任务，前几单有返利，后来说连单卡单要垫付", FraudType.brushing, "卡单"),
        (
            "加了一个投资导师，听直播课，平台提现时说系统异常要交解冻费",
            FraudType.investment,
            "解冻费",
        ),
        ("自称快递客服说包裹丢失要理赔，让我开屏幕共享", FraudType.customer_service, "屏幕共享"),
        ("说能帮我注销校园贷，不然影响征信", FraudType.loan_credit, "影响征信"),
        (
            "QQ上新加好友自称是我领导，说不方便接电话，让我转账给“客户”",
            FraudType.boss_acquaintance,
            "转账给客户",
        ),
        ("网恋对象说发现平台漏洞，要带你投资", FraudType.romance, "平台漏洞"),
        ("买游戏账号，对方说账号冻结需要充值解冻", FraudType.game_trade, "充值解冻"),
        ("自称部队采购，要求向指定供应商垫付货款", FraudType.military_purchase, "部队采购"),
        ("网上看到低价手机，卖家让私下交易省手续费", FraudType.shopping, "私下交易"),
    ],
)
def test_the_story_s_red_flags_point_to_the_type_and_are_shown(story, expected, phrase):
    suggestion = classifier.best(story)
    assert suggestion.fraud_type == expected
    assert phrase in suggestion.matched


def test_traditional_characters_and_full_width_spaces_are_folded():
    assert classifier.best("對方說我涉嫌洗錢，要轉到安全賬戶").fraud_type == FraudType.authority
    assert "安全账户" in classifier.best("安全　账户").matched


FIELD_STORY = "对方自称市公安局的民警，说我的银行卡涉嫌洗钱，要我把存款转到安全{}户配合调查"


def test_the_field_report_story_with_the_variant_帐_classifies_like_账():
    with_variant = classifier.best(FIELD_STORY.format("帐"))
    assert with_variant.fraud_type == FraudType.authority
    assert "安全账户" in with_variant.matched
    assert with_variant == classifier.best(FIELD_STORY.format("账"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("转到安全帐户", "转到安全账户"),
        ("买了一顶帐篷，挂了蚊帐", "买了一顶帐篷,挂了蚊帐"),  # tent and net keep 帐
        ("先冲值再返利", "先充值再返利"),
        ("加了ＱＱ　好友，\u200b卡 单了", "加了QQ好友,卡单了"),  # NFKC: the comma too
        ("匯款到「安全賬戶」", "汇款到安全账户"),
    ],
)
def test_normalise_folds_variants_width_and_spacing(raw, expected):
    assert classifier.normalise(raw) == expected


_PHRASES = sorted(
    {p for strong, context in classifier.RED_FLAGS.values() for p in strong + context}
)
_FILLER = [
    "对方说",
    "我",
    "转了三千元",
    "后来",
    "让我",
    "下载了app",
    "微信上",
    "，",
    "。",
    "QQ 群里",
]
_STORIES = st.lists(st.sampled_from(_PHRASES + _FILLER), min_size=1, max_size=8).map("".join)
_WIDE = {c: chr(ord(c) + 0xFEE0) for c in map(chr, range(0x21, 0x7F))} | {" ": "\u3000"}


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def _as_typed_elsewhere(story: str) -> str:
    """The same story in traditional characters, full-width forms, 帐 for 账, wider spacing."""
    wide = "".join(_WIDE.get(c, c) for c in _s2t().convert(story))
    return wide.replace("账", "帐").replace("，", "，\u3000")


# OpenCC loads its dictionaries on first use; on a shared machine that can pass 200 ms.
@settings(deadline=None)
@given(st.text(max_size=40) | _STORIES)
def test_normalise_is_idempotent(story):
    once = classifier.normalise(story)
    assert classifier.normalise(once) == once


@settings(deadline=None)
@given(_STORIES)
def test_a_story_classifies_like_its_traditional_full_width_variant(story):
    assert classifier.suggest(_as_typed_elsewhere(story)) == classifier.suggest(story)


def test_the_labelled_bench_set_covers_ten_types_with_several_stories_each():
    stories = bench_classifier.load()
    per_type = {
        kind: sum(s["type"] == kind for s in stories) for kind in {s["type"] for s in stories}
    }
    assert len(stories) >= 60
    assert len(per_type) >= 10 and min(per_type.values()) >= 5
    assert {s["split"] for s in stories} == {"dev", "held_out"}


def test_no_red_flag_suggests_other_with_nothing_matched():
    suggestion = classifier.best("今天下午在超市买菜")
    assert suggestion == classifier.Suggestion(FraudType.other, ())
    assert classifier.suggest("") == []


def test_more_flags_rank_first():
    ranked = classifier.suggest("领导让我借钱，又说涉嫌洗钱要转安全账户并保密")
    assert ranked[0].fraud_type == FraudType.authority
    assert FraudType.boss_acquaintance in [s.fraud_type for s in ranked]


class TestBranchCity:
    @pytest.mark.parametrize(
        ("bank", "city"),
        [
            ("中国工商银行西宁分行城西支行", "西宁市"),
            ("建设银行西宁市城西支行", "西宁市"),
            ("农业银行乌鲁木齐分行", "乌鲁木齐市"),
            ("中国银行延边朝鲜族自治州分行", "延边朝鲜族自治州"),
            ("工商银行中山路支行", ""),  # a road, not 中山市
            ("兴业银行", ""),
        ],
    )
    def test_the_city_named_before_市_or_分行(self, bank, city):
        assert banks.branch_city(bank) == city

    def test_our_own_city_is_not_other(self):
        assert banks.is_other_city("农业银行扬州分行", "扬州市") == ""
        assert banks.is_other_city("农业银行扬州分行", "示例市") == "扬州市"
