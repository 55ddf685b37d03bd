"""The counterparty gate: only what names an account may become one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanzha.counterparty import Kind, Reason, account_of, classify
from fanzha.fields import BankAccount
from fanzha.identifiers import InvalidIdentifier
from fanzha.linking import values


@pytest.mark.parametrize(
    ("written", "reason", "tail"),
    [
        ("/", Reason.placeholder, ""),
        ("-", Reason.placeholder, ""),
        ("--", Reason.placeholder, ""),
        ("—", Reason.placeholder, ""),
        ("无", Reason.placeholder, ""),
        ("  ", Reason.empty, ""),
        ("wuq***@qq.com", Reason.masked, ""),
        ("6222****1234", Reason.masked, "1234"),
        ("中国工商银行储蓄卡(1234)", Reason.card_tail, "1234"),
        ("招商银行(5678)", Reason.card_tail, "5678"),
        ("中国工商银行", Reason.bank_name, ""),
        ("1234", Reason.too_short, ""),
        ("某某便利店", Reason.text, ""),
    ],
)
def test_descriptions_are_not_identifiers(written, reason, tail):
    verdict = classify(written)
    assert (verdict.kind, verdict.key, verdict.reason, verdict.tail) == (
        Kind.description,
        "",
        reason,
        tail,
    )
    assert verdict.message  # the officer is told why


@pytest.mark.parametrize(
    ("written", "kind", "key"),
    [
        ("6222 0212 3456 7890", Kind.account, "6222021234567890"),
        ("2088102122524333", Kind.account, "2088102122524333"),
        ("+86 138-1234-5678", Kind.phone, "13812345678"),
        ("Zho@163.com", Kind.email, "zho@163.com"),
        ("wxid_abc123", Kind.platform, "wxid_abc123"),
        (6222021234567890.0, Kind.account, "6222021234567890"),
    ],
)
def test_identifiers_keep_their_stored_form(written, kind, key):
    verdict = classify(written)
    assert (verdict.kind, verdict.key) == (kind, key)


@given(st.from_regex(r"\d{0,6}[*＊]{1,8}\d{0,6}", fullmatch=True))
def test_a_masked_number_is_never_an_account(written):
    assert not classify(written).is_identifier


@given(st.text(alphabet="/-—_ 　.·", max_size=6))
def test_punctuation_alone_is_never_an_account(written):
    assert classify(written).key == ""


@given(st.from_regex(r"62[0-9]{14,17}", fullmatch=True))
def test_card_numbers_are_accounts(number):
    assert classify(number).key == number


@pytest.mark.parametrize("written", ["/", "6222****1234", "中国工商银行储蓄卡(1234)"])
def test_typed_indicators_and_transfers_refuse_descriptions_with_the_reason(written):
    from pydantic import TypeAdapter, ValidationError

    with pytest.raises(InvalidIdentifier, match="不能作为串并要素"):
        values.normalize("account", written)
    with pytest.raises(ValidationError, match="不能作为串并要素"):
        TypeAdapter(BankAccount).validate_python(written)


def test_a_masked_alipay_login_is_no_indicator():
    with pytest.raises(InvalidIdentifier):
        values.normalize("alipay", "wuq***@qq.com")
    assert values.normalize("alipay", "Wuq@QQ.com") == "wuq@qq.com"


def test_a_pasted_placeholder_payer_is_no_account_and_the_receiving_one_is_refused():
    from pydantic import ValidationError

    from fanzha.cases.paste import parse_transfers
    from fanzha.cases.schemas import TransferIn

    rows, errors = parse_transfers(
        "2025-03-03 10:00\t5000\t/\t6217001111222233334\n2025-03-03 10:05\t100\t/\t/"
    )
    assert errors == []
    assert [r.fields["payer_account"] for r in rows] == ["", ""]
    assert TransferIn(**rows[0].fields).receiving_account == "6217001111222233334"
    with pytest.raises(ValidationError, match="占位符"):
        TransferIn(**rows[1].fields)


@given(
    st.one_of(
        st.from_regex(r"(?:\+?86)?1[0-9]{10}", fullmatch=True),
        st.text(alphabet="0123456789", max_size=34),
        st.text(max_size=12),
    )
)
def test_the_plain_digits_shortcut_agrees_with_the_gate(written):
    # account_of decides plain account numbers without the full classification: same answer
    assert account_of(written) == classify(written).key
