from tests.cases.conftest import _clear_cache  # noqa: F401 - every flow test starts from an empty cache
