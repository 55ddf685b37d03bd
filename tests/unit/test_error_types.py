"""Errors are types: one DomainError subclass per condition, each with its own stable code and
a Chinese message in fanzha.i18n, never a generic error carrying its text inline."""

from __future__ import annotations

import ast
import re
import string

import pytest

from fanzha.errors import Conflict, DomainError, InvalidInput, NotFound
from fanzha.i18n.errors import MESSAGES
from tests.unit.source import called_name, chinese_constants, error_classes, modules

# The generic bases: subclass them, do not raise them (NotFound and the two refusals are a
# single condition each, so they may be raised as they are).
ABSTRACT = {"DomainError", "Conflict", "InvalidInput"}


CODE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


ERROR_CLASSES = error_classes()
BY_NAME: dict[str, list[type[DomainError]]] = {}
for _cls in ERROR_CLASSES:
    BY_NAME.setdefault(_cls.__name__, []).append(_cls)


def _fields(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_each_error_class_declares_its_own_code_and_message(cls: type[DomainError]) -> None:
    assert "code" in cls.__dict__, "a condition of its own needs a code of its own"
    assert CODE.match(cls.code), cls.code
    assert cls.code in MESSAGES, f"no message for {cls.code} in fanzha.i18n"


def test_codes_are_unique() -> None:
    seen: dict[str, str] = {}
    for cls in ERROR_CLASSES:
        name = f"{cls.__module__}.{cls.__name__}"
        assert cls.code not in seen, f"{cls.code}: {seen.get(cls.code)} and {name}"
        seen[cls.code] = name


def test_every_message_belongs_to_an_error() -> None:
    codes = {cls.code for cls in ERROR_CLASSES}
    assert set(MESSAGES) - codes == set()


def _raise_problems(module: str, tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Raise) or node.exc is None:
            continue
        where = f"{module}:{node.lineno}"
        if any(True for _ in chinese_constants(node)):
            found.append(f"{where} Chinese text in a raise")
        if not isinstance(node.exc, ast.Call):
            continue
        call, name = node.exc, called_name(node.exc)
        classes = BY_NAME.get(name, [])
        own_init = any("__init__" in c.__dict__ for c in classes)
        if not classes:
            continue
        if name in ABSTRACT:
            found.append(f"{where} raises the generic {name}: declare a condition")
        elif call.args and not own_init:
            found.append(f"{where} {name} given an inline message")
        elif not own_init:
            # The keyword arguments must be exactly the message's placeholders.
            given = {k.arg for k in call.keywords if k.arg} - {"field"}
            wanted = [_fields(MESSAGES.get(c.code, "")) for c in classes]
            splat = any(k.arg is None for k in call.keywords)
            if not splat and given not in wanted:
                found.append(f"{where} {name} given {sorted(given)}, wants {wanted}")
    return found


def test_raises_name_a_condition_and_carry_no_text() -> None:
    found = [problem for module, tree in modules() for problem in _raise_problems(module, tree)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        'raise Conflict("该案件已办结")',
        "raise InvalidInput(field='name')",
        'raise NotFound("记录不存在")',
        "raise ValueError(f'无法识别：{text}')",
        "raise NotFound(case_id=3)",
    ],
)
def test_the_raise_rule_catches(source: str) -> None:
    assert _raise_problems("fanzha.example", ast.parse(source))


def test_a_generic_error_with_inline_text_cannot_be_raised() -> None:
    with pytest.raises(TypeError):
        Conflict("该案件已办结")  # type: ignore[misc]
    with pytest.raises(TypeError):
        InvalidInput("请填写姓名", field="name")  # type: ignore[misc]


def test_the_message_comes_from_i18n_by_code() -> None:
    assert NotFound().message == MESSAGES["not_found"]
    assert str(NotFound()) == MESSAGES["not_found"]
