"""A reason or required text made only of characters nobody sees (zero-width spaces, joiners,
the BOM, NBSP, the ideographic space U+3000) is as empty as "": the shared field types and the
kernel's named moves refuse it, whatever route it comes through."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from fanzha.fields import InputModel, Reason, Text, visible_text
from fanzha.kernel.states import NamedMove, ReasonRequired
from tests.kernel.test_states import _machine

# The fillers that draw nothing (Hangul fillers, the blank braille cell) count as nobody sees.
INVISIBLE = (
    "\u200b\u200c\u200d\u2060\ufeff\u3000\u00a0\u2028\u202f\u180e \t\r\n"
    "\u3164\u2800\uffa0\u115f\u1160"
)


class Form(InputModel):
    reason: Reason
    title: Text
    note: str = "none"


@given(st.text(alphabet=INVISIBLE))
def test_invisible_text_is_empty(text: str) -> None:
    assert visible_text(text) == ""


@given(st.text(alphabet=INVISIBLE), st.text(alphabet=INVISIBLE))
def test_visible_text_keeps_what_a_reader_sees(before: str, after: str) -> None:
    assert visible_text(before + "已抓获\u200b嫌疑人" + after) == "已抓获\u200b嫌疑人"


@pytest.mark.parametrize("blank", ["\u200b", "\u3000\u3000", "\u00a0\ufeff", "\u2060 \u200d"])
def test_an_invisible_reason_is_missing(blank: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Form.model_validate({"reason": blank, "title": blank, "note": blank})
    missing = {(e["loc"][0], e["type"]) for e in refused.value.errors()}
    assert missing == {("reason", "missing"), ("title", "missing")}


def test_a_reason_is_trimmed_of_invisible_ends() -> None:
    form = Form.model_validate({"reason": "\u200b误止付\u3000", "title": "\ufeff标题"})
    assert (form.reason, form.title) == ("误止付", "标题")


def test_a_named_move_refuses_an_invisible_reason() -> None:
    fix = NamedMove("更正", frozenset({"c"}), frozenset({"c"}), "thing.fixed")
    machine = _machine({"a": {"c"}, "b": set(), "c": set()}, named=[fix])
    with pytest.raises(ReasonRequired):
        machine.check("c", "c", via="更正", reason="\u200b\u3000")


@pytest.mark.parametrize("value", ["\x00", "\x00\u200b", " \x07 "])
def test_an_optional_field_of_control_characters_is_refused_not_dropped(value: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Form(reason="已核实", title="标题", note=value)
    assert raised.value.errors()[0]["type"] == "control_char"
