"""The fraud-type suggestion from a victim's story, and where a bank branch is."""

from __future__ import annotations

import pytest

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
