"""A refused form or API call names its fields in Chinese: the one-line summary
(`describe`, used by toasts and JSON messages) must never fall back to the English name."""

from __future__ import annotations

import importlib
import pkgutil

import fanzha
from fanzha.fields import InputModel
from fanzha.i18n import zh_CN
from fanzha.i18n.validation import describe, field_errors


def _input_models() -> list[type[InputModel]]:
    for module in pkgutil.walk_packages(fanzha.__path__, "fanzha."):
        if module.name.endswith(".schemas"):
            importlib.import_module(module.name)
    found, todo = [], list(InputModel.__subclasses__())
    while todo:
        model = todo.pop()
        # Only the platform's own forms: other tests define throw-away models of their own.
        if model.__module__.startswith("fanzha."):
            found.append(model)
        todo.extend(model.__subclasses__())
    return found


def test_every_input_field_has_a_chinese_label():
    models = _input_models()
    assert len(models) > 15
    missing = sorted(
        f"{model.__module__}.{model.__name__}.{name}"
        for model in models
        for name in model.model_fields
        if name not in zh_CN.FIELDS
    )
    assert missing == []


def test_the_summary_of_a_refused_reason_is_all_chinese():
    message = describe({"reason": "至少2个字符"})
    assert message == "输入有误 — 理由：至少2个字符"


def test_a_body_that_is_not_json_names_no_field():
    # FastAPI locates a JSON syntax error at ("body", <character position>).
    error = {"type": "json_invalid", "loc": ("body", 1), "msg": "JSON decode error", "ctx": {}}
    assert field_errors([error]) == {"_": "请求体不是有效的JSON"}
    assert describe(field_errors([error])) == "输入有误 — 请求体不是有效的JSON"
