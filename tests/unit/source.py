"""Walk the application's source as syntax trees (for the tests that keep text and errors in
their place)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import fanzha
from fanzha.errors import DomainError

SRC = Path(fanzha.__file__).parent
# Han ideographs: all Chinese text has some (full-width punctuation alone, such as the
# separators a parser accepts, is not text).
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def modules() -> Iterator[tuple[str, ast.Module]]:
    """(dotted module name, its syntax tree) for every module of the fanzha package."""
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def docstrings(tree: ast.Module) -> set[int]:
    """ids of the string constants that are docstrings (module, class, function)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def chinese_constants(node: ast.AST, skip: set[int] = frozenset()) -> Iterator[ast.Constant]:
    """String constants under `node` (f-string parts included) that hold Chinese text."""
    for child in ast.walk(node):
        if (
            isinstance(child, ast.Constant)
            and isinstance(child.value, str)
            and id(child) not in skip
            and CJK.search(child.value)
        ):
            yield child


def called_name(call: ast.Call) -> str:
    """`Conflict` for `Conflict(...)` and for `errors.Conflict(...)`."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def error_classes() -> list[type[DomainError]]:
    """DomainError and every subclass of it, once every fanzha module is imported."""
    for info in pkgutil.walk_packages(fanzha.__path__, "fanzha."):
        importlib.import_module(info.name)
    found: list[type[DomainError]] = []
    todo = [DomainError]
    while todo:
        cls = todo.pop()
        if cls.__module__.startswith("fanzha."):  # not a test's throw-away subclass
            found.append(cls)
        todo += cls.__subclasses__()
    return found
