"""`migrate` stops with a clear message on a SQLite without INSERT … RETURNING."""

from types import SimpleNamespace
from unittest import mock

from casework import rows
from casework.rows import check_returning


def fake(vendor: str, returning: bool) -> SimpleNamespace:
    return SimpleNamespace(vendor=vendor, features=SimpleNamespace(can_return_columns_from_insert=returning))


def test_an_old_sqlite_is_refused_with_the_reason():
    databases = {"old": fake("sqlite", False), "new": fake("sqlite", True), "pg": fake("postgresql", True)}
    with mock.patch.object(rows, "connections", databases):
        (error,) = check_returning(databases=["old", "new", "pg"])
    assert error.id == "casework.E001" and "3.35" in error.msg


def test_the_databases_in_use_pass_and_none_asked_is_no_error():
    assert check_returning(databases=["default"]) == []
    assert check_returning(databases=None) == []
