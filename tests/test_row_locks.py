"""A row lock taken with its related rows joined locks only the row meant (`of=("self",)`).

`select_for_update()` combined with `select_related(...)` locks, on PostgreSQL, every joined row as
well: the units, the session, the user. Any row written meanwhile that names one of them (an audit
event, an escalation, a notice: a foreign key takes a key-share lock on the row it names) then waits
for the step, while the step may wait for a lock the writer holds (the audit chain's head, a clock):
a deadlock. A lock that must cover a related row takes that row by name, on its own.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("casework", "workflows", "core", "notifications")


def _chain(call: ast.Call) -> list[ast.Call]:
    """The method calls of one chained expression, outermost first: a.b().c().d() → d, c, b."""
    calls = []
    node: ast.AST = call
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        calls.append(node)
        node = node.func.value
    return calls


def _locks_joined_rows(chain: list[ast.Call]) -> ast.Call | None:
    names = [call.func.attr for call in chain]  # type: ignore[attr-defined]
    if "select_related" not in names:
        return None
    for call in chain:
        if call.func.attr == "select_for_update" and not any(kw.arg == "of" for kw in call.keywords):  # type: ignore[attr-defined]
            return call
    return None


def offending_locks(source: str) -> list[int]:
    """Lines of the `select_for_update()` calls that also lock the rows their chain's select_related joins."""
    lines = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and (call := _locks_joined_rows(_chain(node))) is not None:
            lines.add(call.lineno)
    return sorted(lines)


def test_the_check_finds_a_lock_of_joined_rows_in_either_order():
    assert offending_locks('Case.objects.select_for_update().select_related("unit").get(pk=1)') == [1]
    assert offending_locks('Case.objects.select_related("unit").select_for_update().get(pk=1)') == [1]
    assert offending_locks('Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=1)') == []
    assert offending_locks("Case.objects.select_for_update().get(pk=1)") == []


def test_no_lock_in_the_project_takes_the_rows_it_only_reads():
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        for line in offending_locks(path.read_text(encoding="utf-8"))
    ]
    assert found == []
