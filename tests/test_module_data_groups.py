"""A module whose tests share data built once for the module (a fixture of scope "module", the demo) keeps
those tests on one worker: `make test` distributes with `--dist loadgroup`, and a module split over two
workers would build its data on each."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).parent
# A fixture built once per module, or a test asking for the demo data (tests/conftest.py demo_data, which
# tests/web/conftest.py's `demo` wraps).
MODULE_DATA = re.compile(r'scope="module"|^def test_\w+\([^)]*\bdemo(?:_data)?\b', re.MULTILINE)
GROUPED = re.compile(r"pytest\.mark\.xdist_group\(__name__\)")


def test_every_module_with_module_data_runs_on_one_worker():
    ungrouped = [
        str(path.relative_to(TESTS))
        for path in sorted(TESTS.rglob("test_*.py"))
        if path != Path(__file__)
        if MODULE_DATA.search(text := path.read_text(encoding="utf-8")) and not GROUPED.search(text)
    ]
    assert not ungrouped, f"add pytestmark xdist_group(__name__) to: {ungrouped}"


def test_the_suite_distributes_by_group():
    makefile = (TESTS.parent / "Makefile").read_text(encoding="utf-8")
    assert "--dist loadgroup" in makefile
