"""The workers of `make test` get a module's tests together when the module builds data once for them."""

from __future__ import annotations

from pathlib import Path

from tests.scheduling import modules_with_module_data, scope_of

ROOT = Path(__file__).parent.parent


def test_modules_building_shared_data_are_found_and_others_are_not():
    grouped = modules_with_module_data(ROOT)
    # a module-scoped world, the demo data through tests/web/conftest.py's `demo`, a module-scoped loader,
    # and a world imported from another test module
    assert {
        "tests/security/test_role_matrix.py",
        "tests/web/test_no_internal_codes.py",
        "tests/cases/test_demo.py",
        "tests/security/test_boundary_form_walk.py",
    } <= grouped
    assert "tests/cases/test_views.py" not in grouped
    assert "tests/test_scheduling.py" not in grouped


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


MODULE_FIXTURE = 'import pytest\n\n@pytest.fixture(scope="module")\ndef world():\n    return 1\n'


def test_a_module_fixture_is_found_through_fixtures_conftests_and_imports(tmp_path):
    root = _tree(
        tmp_path,
        {
            "tests/conftest.py": MODULE_FIXTURE + "\n@pytest.fixture\ndef built(world):\n    return world\n",
            "tests/web/conftest.py": "import pytest\n\n@pytest.fixture\ndef page(built):\n    return built\n",
            # through two fixtures of two conftests
            "tests/web/test_through_conftests.py": "def test_a(page):\n    pass\n",
            # a fixture of the module itself, asked for by a class's test
            "tests/test_own.py": MODULE_FIXTURE + "\nclass TestA:\n    def test_a(self, world):\n        pass\n",
            # imported from another test module
            "tests/test_imported.py": "from tests.test_own import world  # noqa: F401\n\ndef test_a(world):\n    pass\n",
            # an autouse fixture of the module that reaches it
            "tests/test_autouse.py": "import pytest\n\n@pytest.fixture(autouse=True)\ndef uses(built):\n"
            "    pass\n\ndef test_a():\n    pass\n",
            # nothing module-scoped: a same-named function-scoped fixture of the module hides the conftest's
            "tests/test_plain.py": "import pytest\n\n@pytest.fixture\ndef built():\n    return 0\n\n"
            "def test_a(built):\n    pass\n",
            "tests/test_none.py": "def test_a(tmp_path):\n    pass\n",
        },
    )
    assert modules_with_module_data(root) == {
        "tests/web/test_through_conftests.py",
        "tests/test_own.py",
        "tests/test_imported.py",
        "tests/test_autouse.py",
    }


def test_a_grouped_module_is_one_unit_of_work_and_other_tests_are_one_each():
    grouped = frozenset({"tests/cases/test_demo.py"})
    assert scope_of("tests/cases/test_demo.py::test_a", grouped) == "tests/cases/test_demo.py"
    assert scope_of("tests/cases/test_demo.py::test_b[x::y]", grouped) == "tests/cases/test_demo.py"
    assert scope_of("tests/cases/test_views.py::test_a", grouped) == "tests/cases/test_views.py::test_a"
