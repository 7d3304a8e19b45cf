"""The workers of `make test` get a module's tests together when the module builds data once for them."""

from __future__ import annotations

from pathlib import Path

from tests.scheduling import modules_with_module_data, scope_of

ROOT = Path(__file__).parent.parent


def test_modules_building_shared_data_are_found_and_others_are_not():
    grouped = modules_with_module_data(ROOT)
    # a module-scoped world, the demo data through tests/web/conftest.py's `demo`, a module-scoped loader
    assert {
        "tests/security/test_role_matrix.py",
        "tests/web/test_no_internal_codes.py",
        "tests/cases/test_demo.py",
    } <= grouped
    assert "tests/cases/test_views.py" not in grouped
    assert "tests/test_scheduling.py" not in grouped


def test_a_grouped_module_is_one_unit_of_work_and_other_tests_are_one_each():
    grouped = frozenset({"tests/cases/test_demo.py"})
    assert scope_of("tests/cases/test_demo.py::test_a", grouped) == "tests/cases/test_demo.py"
    assert scope_of("tests/cases/test_demo.py::test_b[x::y]", grouped) == "tests/cases/test_demo.py"
    assert scope_of("tests/cases/test_views.py::test_a", grouped) == "tests/cases/test_views.py::test_a"
