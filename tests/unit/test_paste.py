"""Transfers pasted from Excel into the report form."""

from hypothesis import given
from hypothesis import strategies as st

from fanzha.cases.paste import parse_transfers
from fanzha.money import format_yuan

fen = st.integers(min_value=1, max_value=10**12)


@given(st.lists(fen, min_size=1, max_size=20))
def test_every_amount_reads_back_to_the_fen_in_line_order(amounts):
    text = "\n".join(
        f"2026-11-23 09:{i % 60:02d}\t{format_yuan(a)}\t6222020200112233445\t6217001234567890123"
        for i, a in enumerate(amounts)
    )
    rows, errors = parse_transfers(text)
    assert errors == []
    assert [r.fields["amount_fen"] for r in rows] == amounts
    assert [r.line for r in rows] == list(range(1, len(amounts) + 1))


def test_empty_cells_keep_their_column_and_blank_lines_are_skipped():
    rows, errors = parse_transfers("\n2026-11-23 09:00\t100\t\t6217001234567890123\t\t工商银行\n")
    assert errors == []
    [row] = rows
    assert row.line == 2
    assert row.fields["payer_account"] == "" and row.fields["receiving_bank"] == "工商银行"
    assert row.fields["receiving_account"] == "6217001234567890123"


def test_typed_rows_may_use_two_spaces_and_an_unknown_channel_is_refused():
    rows, errors = parse_transfers(
        "2026-11-23 09:00  1,200  6222  6217001234567890123  李伟  建设银行  微信\n"
        "2026-11-23 09:05\t100\t6222\t6217001234567890123\t李伟\t建设银行\t比特币"
    )
    assert rows[0].fields["amount_fen"] == 120_000 and rows[0].fields["channel"] == "wechat"
    assert errors == [(2, "渠道应为：银行转账、支付宝、微信、网银、手机银行、ATM、现金")]
