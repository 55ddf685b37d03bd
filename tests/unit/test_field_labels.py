"""A refused form or API call names its fields in Chinese: the one-line summary
(`describe`, used by toasts and JSON messages) must never fall back to the English name."""

from __future__ import annotations

import importlib
import pkgutil

import fanzha
from fanzha.fields import InputModel
from fanzha.i18n import zh_CN
from fanzha.i18n.validation import describe


def _input_models() -> list[type[InputModel]]:
    for module in pkgutil.walk_packages(fanzha.__path__, "fanzha."):
        if module.name.endswith(".schemas"):
            importlib.import_module(module.name)
    found, todo = [], list(InputModel.__subclasses__())
    while todo:
        model = todo.pop()
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
