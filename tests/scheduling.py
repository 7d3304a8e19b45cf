"""How `make test` shares the tests between its workers (pytest-xdist, `-n`): one test at a time, as xdist's
"load" distribution, except that the tests of a module that builds data once for the module go together to one
worker, which builds it once; split, each worker would build it again, and again each time another module's test
came between two of them. The grouped modules are sent first, the largest first, then the other tests one by one.

A module builds data once when one of its tests reaches, through the fixtures it asks for, a fixture of scope
"module": defined in the module, in a conftest.py above it, or imported from another test module (the demo data,
tests/conftest.py `demo_data`, reached through tests/web/conftest.py's `demo`; the walks' world that
tests/security/test_boundary_form_walk.py imports from test_hostile_walk.py). The fixtures are read from the
source (`ast`), as the controller that schedules has collected no test itself.

xdist's own grouping (`--dist loadgroup` and `xdist_group` marks) renames each test's node id, which
pytest 9 no longer reads; this scheduler reads each test's module from its node id instead."""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass, field
from pathlib import Path

from xdist.scheduler import LoadScopeScheduling


@dataclass
class _Module:
    """What one source file says about fixtures: those it defines (name → scope, arguments), the names
    its tests ask for, and the names it imports from other test modules (name → module path)."""

    fixtures: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    autouse: set[str] = field(default_factory=set)
    asked: set[str] = field(default_factory=set)
    imported: dict[str, Path] = field(default_factory=dict)


def _fixture(node: ast.FunctionDef) -> tuple[str, bool] | None:
    """(scope, autouse) of a fixture; None for another function."""
    for decorator in node.decorator_list:
        call = decorator if isinstance(decorator, ast.Call) else None
        target = call.func if call else decorator
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name != "fixture":
            continue
        given = {kw.arg: kw.value.value for kw in (call.keywords if call else []) if isinstance(kw.value, ast.Constant)}
        return str(given.get("scope", "function")), bool(given.get("autouse", False))
    return None


def _usefixtures(tree: ast.Module) -> set[str]:
    return {
        arg.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "usefixtures"
        for arg in node.args
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
    }


@functools.cache
def _read(path: Path, root: Path) -> _Module:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = _Module(asked=_usefixtures(tree))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            arguments = [arg.arg for arg in node.args.args]
            if (fixture := _fixture(node)) is not None:
                module.fixtures[node.name] = (fixture[0], arguments)
                if fixture[1]:
                    module.autouse.add(node.name)
            elif node.name.startswith("test_"):
                module.asked.update(arguments)
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for method in node.body:
                if isinstance(method, ast.FunctionDef) and method.name.startswith("test_"):
                    module.asked.update(arg.arg for arg in method.args.args)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "tests":
            source = root / Path(*node.module.split(".")).with_suffix(".py")
            if source.is_file():
                module.imported.update({alias.asname or alias.name: source for alias in node.names})
    return module


def _defined(path: Path, root: Path, seen: frozenset[Path] = frozenset()) -> dict[str, tuple[str, list[str]]]:
    """The fixtures a module defines or imports from another test module."""
    if path in seen:
        return {}
    module = _read(path, root)
    found: dict[str, tuple[str, list[str]]] = {}
    for name, source in module.imported.items():
        if name in (imported := _defined(source, root, seen | {path})):
            found[name] = imported[name]
    return found | module.fixtures


def _visible(path: Path, root: Path) -> tuple[dict[str, tuple[str, list[str]]], set[str]]:
    """The fixtures a test module's tests may ask for (the conftest.py files from the root down, then its own),
    and those of them every test uses (autouse)."""
    visible: dict[str, tuple[str, list[str]]] = {}
    autouse: set[str] = set()
    for source in [root / folder / "conftest.py" for folder in reversed(path.relative_to(root).parents)] + [path]:
        if source.is_file():
            visible |= _defined(source, root)
            autouse |= _read(source, root).autouse
    return visible, autouse


def builds_module_data(path: Path, root: Path) -> bool:
    """Whether a test of the module reaches a fixture of scope "module" (autouse fixtures included)."""
    visible, autouse = _visible(path, root)
    wanted, reached = [*_read(path, root).asked, *autouse], set()
    while wanted:
        name = wanted.pop()
        if name in reached or name not in visible or name == "django_db_setup":
            continue
        reached.add(name)
        scope, arguments = visible[name]
        if scope == "module":
            return True
        wanted += arguments
    return False


def modules_with_module_data(root: Path) -> frozenset[str]:
    """The test modules (paths relative to `root`, as in node ids) whose tests share module data."""
    return frozenset(
        path.relative_to(root).as_posix()
        for path in sorted((root / "tests").rglob("test_*.py"))
        if builds_module_data(path, root)
    )


def scope_of(nodeid: str, grouped: frozenset[str]) -> str:
    """The unit of work a test belongs to: its module when the module is grouped, else the test itself."""
    module = nodeid.split("::", 1)[0]
    return module if module in grouped else nodeid


class ModuleDataScheduling(LoadScopeScheduling):
    def __init__(self, config, log=None) -> None:
        super().__init__(config, log)
        self.grouped = modules_with_module_data(Path(config.rootpath))

    def _split_scope(self, nodeid: str) -> str:  # LoadScopeScheduling's extension point (as LoadFileScheduling)
        return scope_of(nodeid, self.grouped)
