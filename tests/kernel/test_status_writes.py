"""No module assigns a record's `.status` outside the state-machine kernel: every status
change goes through `fanzha.kernel.states.move` (checked, stamped, audited), a new record's
first status through `begin` or its constructor."""

from __future__ import annotations

import ast
from pathlib import Path

import fanzha

SOURCE = Path(fanzha.__file__).parent
KERNEL = SOURCE / "kernel"


def _targets(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Assign):
        found = list(node.targets)
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        found = [node.target]
    else:
        return []
    flat = []
    while found:
        target = found.pop()
        if isinstance(target, ast.Tuple | ast.List):
            found.extend(target.elts)
        elif isinstance(target, ast.Starred):
            found.append(target.value)
        else:
            flat.append(target)
    return flat


def status_writes(source: str) -> list[int]:
    """Line numbers where `source` assigns an attribute named `status` (plain, augmented,
    annotated, inside a tuple) or sets it with setattr(x, "status", ...)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        for target in _targets(node):
            if isinstance(target, ast.Attribute) and target.attr == "status":
                lines.append(node.lineno)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "setattr"
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value == "status"
        ):
            lines.append(node.lineno)
    return sorted(lines)


def test_the_finder_sees_every_form_of_status_write() -> None:
    source = """
warning.status = "closed"
person.status, person.note = "ready", ""
job.status += "x"
task.status: str = "open"
setattr(case, "status", "voided")
other.state = "fine"
status = "a local name is no record"
"""
    assert status_writes(source) == [2, 3, 4, 5, 6]


def test_no_module_assigns_status_outside_the_kernel() -> None:
    offenders = [
        f"{path.relative_to(SOURCE.parent)}:{line}"
        for path in sorted(SOURCE.rglob("*.py"))
        if KERNEL not in path.parents
        for line in status_writes(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "use fanzha.kernel.states.move (or begin for a new record)"
