from tests.cases.conftest import _clear_cache, make_case  # noqa: F401 - the real intake service, reused
