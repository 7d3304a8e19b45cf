"""`migrate` stops with a clear message on a SQLite without INSERT … RETURNING."""

from unittest import mock

import pytest
from django.db import connection

from casework.rows import check_returning


@pytest.mark.skipif(connection.vendor != "sqlite", reason="about SQLite")
def test_an_old_sqlite_is_refused_with_the_reason():
    assert check_returning(databases=["default"]) == []
    with mock.patch.object(connection.features, "can_return_columns_from_insert", False):
        (error,) = check_returning(databases=["default"])
    assert error.id == "casework.E001" and "3.35" in error.msg


def test_no_database_asked_no_error():
    assert check_returning(databases=None) == []
