"""Masked personal data: what lists and exports show by default."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fanzha.masking import (
    mask_address,
    mask_bank_account,
    mask_id_number,
    mask_name,
    mask_phone,
)

digits = st.text("0123456789", min_size=8, max_size=25)
han = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=6
)


def test_the_documented_shapes():
    assert mask_name("张小三") == "张*三"
    assert mask_name("张三") == "张*"
    assert mask_phone("+8613812341234") == "138****1234"
    assert mask_id_number("32010219900101123X") == "3201**********123X"
    assert mask_bank_account("6222021234561234") == "6222 **** **** 1234"


@given(han)
def test_a_masked_name_keeps_its_length_and_hides_all_but_the_ends(name: str):
    masked = mask_name(name)
    assert len(masked) == len(name)
    assert sum(c != "*" for c in masked) <= 2


@given(st.text("0123456789", min_size=11, max_size=11))
def test_a_masked_mobile_shows_seven_digits_at_most(number: str):
    masked = mask_phone("+86" + number)
    assert masked[:3] == number[:3] and masked[-4:] == number[-4:]
    assert masked.count("*") == 4


@given(digits)
def test_a_masked_account_shows_only_its_first_and_last_four(number: str):
    masked = mask_bank_account(number)
    shown = masked.replace(" ", "").replace("*", "")
    assert len(shown) <= 8
    assert masked.endswith(number[-4:])


@given(st.text("0123456789X", min_size=18, max_size=18))
def test_a_masked_id_number_hides_birth_date(number: str):
    masked = mask_id_number(number)
    assert masked[4:14] == "*" * 10
    assert len(masked) == 18


def test_empty_values_stay_empty():
    assert mask_name(None) == mask_phone("") == mask_id_number(None) == mask_bank_account("") == ""


def test_a_masked_address_stops_at_the_street():
    assert mask_address("江滨区石家庄路378号明珠苑3栋501") == "江滨区石家庄路****"
    assert mask_address("江滨区幸福小区") == "江滨区****"
    assert mask_address("") == ""


@given(st.text(max_size=40).filter(bool))
def test_a_masked_address_shows_no_number_and_at_most_half(address: str):
    masked = mask_address(address)
    shown = masked.removesuffix("****")
    assert masked.endswith("****") and address.startswith(shown)
    assert len(shown) <= len(address) // 2
    assert not any(ch.isdigit() for ch in shown)
