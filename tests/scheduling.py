"""How `make test` shares the tests between its workers (pytest-xdist, `-n`): one test at a time, as xdist's
"load" distribution, except that the tests of a module that builds data once for the module (a fixture of
scope "module", or the demo data) go together to one worker, which builds it once; split, each worker would
build it again. The grouped modules are sent first, the largest first, then the other tests one by one.

xdist's own grouping (`--dist loadgroup` and `xdist_group` marks) renames each test's node id, which
pytest 9 no longer reads; this scheduler reads each test's module from its node id instead."""

from __future__ import annotations

import re
from pathlib import Path

from xdist.scheduler import LoadScopeScheduling

# A fixture built once per module, or a test asking for the demo data (tests/conftest.py demo_data, which
# tests/web/conftest.py's `demo` wraps).
MODULE_DATA = re.compile(r'@pytest\.fixture\(scope="module"\)|^def test_\w+\([^)]*\bdemo(?:_data)?\b', re.MULTILINE)


def modules_with_module_data(root: Path) -> frozenset[str]:
    """The test modules (paths relative to `root`, as in node ids) whose tests share module data."""
    return frozenset(
        path.relative_to(root).as_posix()
        for path in (root / "tests").rglob("test_*.py")
        if MODULE_DATA.search(path.read_text(encoding="utf-8"))
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
