"""Django, DRF, viewflow and django-fsm-2 are used through their public APIs only.

Outside tests/, the project's code may not import an underscore-private name of these libraries,
read one of their underscore-private attributes (`obj._x`, `getattr(obj, "_x")`), or override one
of their underscore-private methods in a subclass: the next release can change any of them
without notice. A private name is one that starts with a single underscore and that the
libraries' own source defines; a name the project defines itself in the same file (its own
helpers and attributes) is not theirs.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIBRARIES = ("django", "rest_framework", "viewflow", "django_fsm")
SKIPPED_DIRS = {"tests", ".venv", "node_modules", ".git"}

# Each entry: the name, and why using it is fine.
ALLOWED = {
    "_meta": "Django's documented Model API (Model._meta, the Options API).",
}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


@functools.cache
def library_private_names() -> frozenset[str]:
    """Every underscore-private name the libraries' source defines (functions, classes, attributes)."""
    names: set[str] = set()
    for library in LIBRARIES:
        spec = importlib.util.find_spec(library)
        assert spec is not None and spec.submodule_search_locations, library
        for location in spec.submodule_search_locations:
            for path in Path(location).rglob("*.py"):
                try:
                    tree = ast.parse(path.read_text(encoding="utf-8"))
                except (SyntaxError, UnicodeDecodeError):
                    continue
                for node in ast.walk(tree):
                    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                        name = node.name
                    elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                        name = node.attr
                    elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                        name = node.id
                    elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
                        name = node.value  # set by name: attrs["_declared_fields"] = ..., setattr(obj, "_x", ...)
                    else:
                        continue
                    if _private(name):
                        names.add(name)
    return frozenset(names)


def _own_names(tree: ast.AST) -> set[str]:
    """Underscore names the file defines itself: its own helpers and attributes."""
    own: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            own.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            own.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            own.add(node.id)
    return {name for name in own if _private(name)}


def _overridden(path: Path, class_name: str, method: str) -> bool:
    """Whether the class's method replaces a private one that a library base class defines."""
    module_name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except Exception:  # noqa: BLE001 - a module that cannot be imported here is judged by the name alone
        return True
    return any(base.__module__.split(".")[0] in LIBRARIES and method in vars(base) for base in cls.__mro__[1:])


def violations_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    theirs = library_private_names() - set(ALLOWED)
    own = _own_names(tree)
    found = []

    def report(node: ast.AST, what: str) -> None:
        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in LIBRARIES:
            parts = node.module.split(".")
            if any(_private(part) for part in parts):
                report(node, f"imports the private module {node.module}")
            for alias in node.names:
                if _private(alias.name) and alias.name not in ALLOWED:
                    report(node, f"imports the private name {alias.name} from {node.module}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] in LIBRARIES and any(_private(part) for part in parts):
                    report(node, f"imports the private module {alias.name}")
        elif isinstance(node, ast.Attribute) and node.attr in theirs and node.attr not in own:
            report(node, f"uses the private attribute .{node.attr}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value in theirs
            and node.args[1].value not in own
        ):
            report(node, f"uses the private attribute {node.args[1].value!r} through {node.func.id}")
        elif isinstance(node, ast.ClassDef) and node.bases and node in tree.body:
            for item in node.body:
                if (
                    isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                    and item.name in theirs
                    and _overridden(path, node.name, item.name)
                ):
                    report(item, f"overrides the private method {item.name} in {node.name}")
    return found


def project_files() -> list[Path]:
    return [path for path in sorted(ROOT.rglob("*.py")) if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts)]


def test_the_project_uses_only_the_libraries_public_apis():
    found = [line for path in project_files() for line in violations_in(path)]
    assert found == [], "\n".join(found)


def test_the_check_sees_each_kind_of_private_use(tmp_path, monkeypatch):
    """The check itself: each way of reaching into a library is reported, public use is not."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    reads = tmp_path / "reads_sample.py"
    reads.write_text(
        "from django.db.models.query import _ModelIterable\n"
        "import django.utils._os\n"
        "def route(switch, serializer, case):\n"
        "    nodes = switch._branches\n"
        "    fields = getattr(serializer, '_declared_fields')\n"
        "    return case._meta, case._own_helper\n"
        "def _own_helper():\n"
        "    return 1\n"
    )
    found = violations_in(reads)
    assert len(found) == 4, found
    assert any("_ModelIterable" in line for line in found)
    assert any("django.utils._os" in line for line in found)
    assert any("._branches" in line for line in found)
    assert any("_declared_fields" in line for line in found)

    nodes = tmp_path / "nodes_sample.py"
    nodes.write_text(
        "from viewflow.workflow import flow\n"
        "class Task(flow.View):\n"
        "    def _resolve(self, instance):\n"
        "        return instance\n"
        "    def _json(self):\n"  # a name some library class has, but not View: the project's own
        "        return self._json\n"
    )
    assert "_json" in library_private_names()
    (found,) = violations_in(nodes)
    assert "overrides the private method _resolve in Task" in found
