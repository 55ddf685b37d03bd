"""All user-facing Chinese lives in fanzha.i18n or in templates: a Chinese string constant in
any other module fails here, unless the module is listed below as holding domain data."""

from __future__ import annotations

import ast

import pytest

from tests.unit.source import chinese_constants, docstrings, modules

# Modules whose Chinese is data the platform reads or generates, not text shown as UI.
# Their raise statements are still checked: an error's text belongs in i18n all the same.
DATA_MODULES = {
    "fanzha.demo": "seed data of the example city (names, addresses, case narratives)",
    "fanzha.fundflow.statements": "column headers and values of banks' statement files, to parse",
    "fanzha.fundflow.cells": "cell values as banks write them (无, 借/贷, 年月日), to parse",
    "fanzha.cases.banks": "bank and region name patterns, to recognise a bank branch",
    "fanzha.cases.classifier": "keywords of each fraud type, to classify a case's narrative",
    "fanzha.warnings.routing": "address patterns (号, 栋, 单元...), to match an address to a grid",
    "fanzha.clock": "date-time patterns as Chinese exports write them (年月日时分秒), to parse",
    "fanzha.counterparty": "placeholders and bank words statements write for a counterparty",
    "fanzha.money": "amount units and currency marks (万, 亿, 元, 人民币), to parse",
    "fanzha.config": "default settings of a deployment (its province and city names)",
    "fanzha.liaison.places": "administrative division suffixes (省, 自治区, 市), to read a place",
}


def _exempt(module: str, table: dict[str, str] | set[str]) -> bool:
    return any(module == name or module.startswith(name + ".") for name in table)


def _chinese_outside_i18n(module: str, tree: ast.Module) -> list[str]:
    if module.startswith("fanzha.i18n"):
        return []
    if _exempt(module, DATA_MODULES):
        places: list[ast.AST] = [n for n in ast.walk(tree) if isinstance(n, ast.Raise)]
    else:
        places = [tree]
    skip = docstrings(tree)
    return [
        f"{module}:{c.lineno} {c.value[:30]!r}"
        for place in places
        for c in chinese_constants(place, skip)
    ]


def test_no_chinese_string_outside_i18n() -> None:
    found = [line for module, tree in modules() for line in _chinese_outside_i18n(module, tree)]
    assert not found, "Chinese text outside fanzha.i18n:\n" + "\n".join(sorted(set(found)))


@pytest.mark.parametrize(
    ("module", "source", "flagged"),
    [
        ("fanzha.cases.views", 'error = "请选择受理单位"', True),
        ("fanzha.cases.views", 'summary = f"{case_no} 已受理"', True),
        ("fanzha.cases.views", 'def f():\n    """受理 a draft."""', False),
        ("fanzha.cases.views", 'sep = "、"', False),
        ("fanzha.demo.city", 'NAMES = ["张伟"]', False),
        ("fanzha.money", 'raise InvalidAmount(f"无法识别的金额：{raw}")', True),
        ("fanzha.i18n.cases", 'X = "案件"', False),
    ],
)
def test_the_rule_flags_text_and_spares_data(module: str, source: str, flagged: bool) -> None:
    assert bool(_chinese_outside_i18n(module, ast.parse(source))) is flagged


def test_the_exempt_modules_exist() -> None:
    # A renamed module must not leave a stale exemption behind that would cover a new one.
    names = {module for module, _ in modules()}
    for listed in DATA_MODULES:
        assert any(n == listed or n.startswith(listed + ".") for n in names), listed
