"""core/ holds the shared infrastructure (clock, errors, task kick, broker circuit) below every app:
it imports none of them, so any app may import it and it can be read without the apps."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "core"
# Every top-level package of ours that is not core: the apps, the settings, the benches and the tests.
OURS = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name != "core"}


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_the_project_has_apps_to_keep_out():
    assert {"casework", "workflows", "notifications", "settings"} <= OURS


def test_no_module_of_core_imports_an_app():
    modules = sorted(CORE.glob("*.py"))
    assert {p.stem for p in modules} >= {"clock", "errors", "task_kick", "broker"}
    for path in modules:
        ours = {name for name in _imported(path) if name.split(".")[0] in OURS}
        assert not ours, f"{path.relative_to(ROOT)} imports {sorted(ours)}"


def test_importing_core_loads_no_app():
    probe = (
        "import sys, core.clock, core.errors, core.task_kick, core.broker\n"
        f"ours = {sorted(OURS)!r}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ours))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
