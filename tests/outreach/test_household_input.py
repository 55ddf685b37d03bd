"""The register form's input: invisible text is no text, and refusals name fields in Chinese."""

from __future__ import annotations

import pytest

from fanzha.i18n.validation import describe
from fanzha.outreach.households import HouseholdIn
from fanzha.web.forms import validate_form


@pytest.mark.parametrize("compound", ["\u200b", "\u200b\u3000\ufeff"])
def test_a_compound_of_invisible_characters_is_missing(compound):
    # It was stored: a door on the field page with no 小区 at all.
    data, errors = validate_form(HouseholdIn, {"grid_id": "1", "compound": compound})
    assert data is None and "compound" in errors


def test_a_refusal_names_the_register_fields_in_chinese():
    # A NUL in 联系人 was refused as "输入有误 — contact_name：含有不允许的控制字符".
    said = describe({"contact_name": "含有不允许的控制字符", "compound": "必填"})
    assert "联系人：" in said and "小区：" in said
    assert "contact_name" not in said and "compound" not in said


def test_visible_text_is_kept_trimmed():
    data, errors = validate_form(HouseholdIn, {"grid_id": "1", "compound": "\u200b翠苑 "})
    assert errors == {} and data.compound == "翠苑"
