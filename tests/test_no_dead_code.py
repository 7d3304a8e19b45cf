"""No dead code: every top-level function, class and constant of casework/, workflows/,
notifications/ and core/ is named somewhere besides its own definition: in code, a template, the
settings (a dotted path), a migration or a test; a mention in a comment or a docstring is not a use.

What a framework finds by itself is not looked for: decorated definitions (signal receivers, Celery
tasks, registrations), app configs, the format modules Django reads by name, and the classes listed
in FOUND_BY_THE_FRAMEWORK. A name is counted as a whole word, in a template too and inside any string
(a dotted path, getattr): a method or a local of the same name counts as a use, so the test may miss
dead code, and never calls live code dead.
"""

from __future__ import annotations

import ast
import functools
import io
import re
import tokenize
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("casework", "workflows", "notifications", "core")
READ = (*CHECKED, "settings", "tests")
# Django reads a format module's constants by name (FORMAT_MODULE_PATH).
NOT_CHECKED = ("casework/formats/",)

# Each entry: the file, the name, and what finds it.
FOUND_BY_THE_FRAMEWORK = {
    ("casework/security/api_auth.py", "CsrfSessionScheme"): "drf-spectacular registers an extension by subclassing",
}

# Unused, in files whose owners change them on other branches: to remove there. The test fails on an
# entry that is used again or gone, so the list only shrinks.
UNUSED_KEPT: set[tuple[str, str]] = set()


@functools.cache
def _texts() -> dict[str, str]:
    return {
        str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
        for top in READ
        for path in (ROOT / top).rglob("*")
        if path.is_file() and path.suffix in {".py", ".html", ".txt"} and path != Path(__file__)
    }


def _definitions(source: str) -> list[str]:
    """The top-level names `source` defines that nothing but a reader of the name would use."""
    names = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if node.decorator_list:
                continue
            if isinstance(node, ast.ClassDef) and any(ast.unparse(b).endswith("AppConfig") for b in node.bases):
                continue
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name) and t.id.isupper()]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id.isupper():
            names.append(node.target.id)
    return names


def _code_words(source: str) -> list[str]:
    """The words of Python `source` less its comments and docstrings (strings such as dotted paths count)."""
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and body:
            first = body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                docstrings.add(first.lineno)
    words = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT or (token.type == tokenize.STRING and token.start[0] in docstrings):
            continue
        words += re.findall(r"\w+", token.string)
    return words


@functools.cache
def _words() -> Counter[str]:
    words: Counter[str] = Counter()
    for where, text in _texts().items():
        words.update(_code_words(text) if where.endswith(".py") else re.findall(r"\w+", text))
    return words


def _uses(name: str) -> int:
    return _words()[name]


def _unused() -> set[tuple[str, str]]:
    found = set()
    for where, source in _texts().items():
        if not where.startswith(CHECKED) or where.startswith(NOT_CHECKED) or "/migrations/" in where:
            continue
        if not where.endswith(".py"):
            continue
        for name in _definitions(source):
            if (where, name) not in FOUND_BY_THE_FRAMEWORK and _uses(name) <= 1:
                found.add((where, name))
    return found


def test_the_check_sees_top_level_definitions():
    source = (
        "X = 1\nlower = 2\n\n@register\ndef hook():\n    pass\n\ndef helper():\n    pass\n\nclass Form:\n    pass\n"
    )
    assert _definitions(source) == ["X", "helper", "Form"]
    assert _definitions("class WebConfig(AppConfig):\n    name = 'web'\n") == []
    words = _code_words('def f():\n    """Like g."""\n    # and h\n    return getattr(x, "k"), "a.b.m"\n')
    assert {"f", "k", "m"} <= set(words) and not {"g", "h"} & set(words)
    assert _uses("escalation_rows") >= 2  # defined in workflows/selectors.py, read by the views


def test_nothing_in_the_apps_is_defined_and_never_used():
    unused = _unused() - UNUSED_KEPT
    assert not unused, "Định nghĩa không được dùng ở đâu (xóa đi):\n" + "\n".join(
        f"  {where}: {name}" for where, name in sorted(unused)
    )


def test_the_unused_kept_are_still_there_and_still_unused():
    assert UNUSED_KEPT <= _unused(), "remove from UNUSED_KEPT what is used again or gone"
