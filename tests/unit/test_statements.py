"""Reading statement values: amounts, times, directions and layouts, as banks write them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanzha.clock import SHANGHAI
from fanzha.fundflow.statements import (
    InvalidTime,
    RowParser,
    RowProblem,
    Skip,
    account_key,
    detect,
    direction_of,
    fingerprint,
    movement_key,
    parse_amount,
    parse_time,
)
from fanzha.fundflow.tracing import Direction, MovementKind
from fanzha.money import InvalidAmount

FEN = st.integers(min_value=0, max_value=10**13)


def written(fen: int, style: int) -> str:
    whole, cents = divmod(fen, 100)
    return [
        f"{whole}.{cents:02d}",
        f"{whole:,}.{cents:02d}",
        f"¥{whole:,}.{cents:02d}",
        f"{whole}.{cents:02d}元",
        f"￥{whole}.{cents:02d}",
        f" {whole:,}.{cents:02d} ",
    ][style]


@given(FEN, st.integers(0, 5), st.booleans())
def test_any_written_amount_reads_back_to_the_same_fen(fen, style, negative):
    text = ("-" if negative else "") + written(fen, style).strip()
    assert parse_amount(text) == (-fen if negative else fen)


@given(FEN)
def test_excel_numbers_read_exactly(fen):
    assert parse_amount(fen / 100 if fen % 100 else fen // 100) == fen


@pytest.mark.parametrize("text", ["五万", "1.234", "12,34a", "", "1e5"])
def test_what_is_no_amount_is_refused(text):
    with pytest.raises(InvalidAmount):
        parse_amount(text)


MOMENTS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)


@given(
    MOMENTS,
    st.sampled_from(
        [
            "%Y-%m-%d %H:%M:%S",
            "%Y%m%d%H%M%S",
            "%Y/%m/%d %H:%M:%S",
            "%Y年%m月%d日 %H:%M:%S",
            "%Y.%m.%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S",
        ]
    ),
)
def test_every_usual_time_format_gives_the_same_moment(moment, layout):
    expected = moment.replace(tzinfo=SHANGHAI).astimezone(UTC)
    assert parse_time(moment.strftime(layout)) == expected


def test_short_forms_and_split_columns():
    ten = datetime(2023, 5, 16, 2, 2, tzinfo=UTC)  # 10:02 Beijing time
    assert parse_time("2023/5/16 10:02") == ten
    assert parse_time("10:02:00", "20230516") == ten
    assert parse_time("100200", "2023-05-16") == ten
    assert parse_time(datetime(2023, 5, 16, 10, 2)) == ten
    with pytest.raises(InvalidTime, match="不存在的日期"):
        parse_time("2023-02-30 10:00:00")
    with pytest.raises(InvalidTime, match="无法识别"):
        parse_time("昨天")


@pytest.mark.parametrize(
    ("word", "direction"),
    [
        ("进", "in"),
        ("出", "out"),
        ("贷", "in"),
        ("借", "out"),
        ("收入", "in"),
        ("支出", "out"),
        ("C", "in"),
        ("D", "out"),
        ("/", None),
        ("", None),
    ],
)
def test_direction_words(word, direction):
    found = direction_of(word)
    assert (found.value if found else None) == direction


def test_account_numbers_keep_digits_only():
    assert account_key(" 6222 0202-0011 2233 445 ") == "6222020200112233445"
    assert account_key("Buyer@Example.COM") == "buyer@example.com"


class TestDetect:
    def test_layouts_by_their_headers(self):
        assert detect(["账号", "交易日期", "借方发生额", "贷方发生额", "余额"]).layout == (
            "bank_debit_credit"
        )
        assert detect(["本方账号", "交易时间", "交易金额", "借贷标志"]).layout == "bank_signed"
        assert detect(
            ["交易卡号", "交易时间", "交易金额", "收付标志", "交易对手账卡号"]
        ).layout == ("control_return")
        wechat = detect(
            ["交易时间", "交易类型", "交易对方", "收/支", "金额(元)", "当前状态", "交易单号"]
        )
        assert (wechat.layout, wechat.missing) == ("wechat", ("account",))
        assert detect(["姓名", "身份证号"]) is None

    def test_full_width_brackets_and_spaces_in_headers(self):
        found = detect(["交易卡号", " 交易时间 ", "金额（元）", "收付标志"])
        assert found.mapping["amount"] == 2 and found.usable


class TestRowParser:
    parser = RowParser(
        {
            "account": 0,
            "at": 1,
            "amount": 2,
            "direction": 3,
            "counterpart_account": 4,
            "summary": 5,
            "success": 6,
        },
        headers=["卡号", "时间", "金额", "标志", "对手", "摘要", "成功"],
    )

    def test_a_row(self):
        row = self.parser.parse(
            ["6222 0000 1111", "2023-05-16 10:02:33", "1,000.00", "出", "6228", "ATM取现", "是"]
        )
        assert (row.account, row.amount_fen, row.direction, row.kind) == (
            "622200001111",
            100_000,
            Direction.outflow,
            MovementKind.cash,
        )

    def test_failed_and_blank_rows_are_skipped(self):
        with pytest.raises(Skip):
            self.parser.parse(
                ["6222020200001111", "2023-05-16 10:02:33", "1.00", "出", "", "", "否"]
            )
        with pytest.raises(Skip):
            self.parser.parse(["6222020200001111", "2023-05-16 10:02:33", "0", "出", "", "", "是"])

    def test_problems_name_their_column(self):
        with pytest.raises(RowProblem) as problem:
            self.parser.parse(["6222020200001111", "2023-05-16", "1.00", "平", "", "", ""])
        assert problem.value.column == "标志"
        with pytest.raises(RowProblem, match="金额超出合理范围"):
            self.parser.parse(
                ["6222020200001111", "2023-05-16", "99999999999999999", "出", "", "", ""]
            )

    @pytest.mark.parametrize(
        ("summary", "kind"),
        [
            ("冲正", "reversal"),
            ("跨行手续费", "fee"),
            ("POS消费", "merchant"),
            ("网银转账", "transfer"),
        ],
    )
    def test_kinds(self, summary, kind):
        row = self.parser.parse(["6222020200001111", "2023-05-16", "1.00", "出", "", summary, ""])
        assert row.kind.value == kind


def test_the_same_movement_has_the_same_fingerprint_and_repeats_differ():
    parser = RowParser({"account": 0, "at": 1, "amount": 2})
    a = parser.parse(["6222020200001111", "2023-05-16 10:00:00", "-5.00"])
    b = parser.parse(["6222020200001111", "2023/5/16 10:00:00", "-5"])
    assert movement_key(a) == movement_key(b)
    assert fingerprint(movement_key(a), 0) != fingerprint(movement_key(a), 1)
    assert a.at - b.at == timedelta(0)
