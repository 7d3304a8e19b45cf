"""Fixtures to tamper with the audit table the way an attacker with database access would."""

from __future__ import annotations

import pytest
from django.db import connection


class Tamper:
    """Raw SQL behind the model's back; on PostgreSQL the append-only trigger is switched off first."""

    def _run(self, sql: str, params: list) -> None:
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                # Deferred foreign-key checks of rows inserted in this test's transaction would make
                # ALTER TABLE fail ("pending trigger events"): run them now.
                cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
            try:
                cur.execute(sql, params)
            finally:
                if connection.vendor == "postgresql":
                    cur.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
                    cur.execute("SET CONSTRAINTS ALL DEFERRED")

    def set_field(self, *, seq: int, column: str, value: str) -> None:
        assert column in {"reason", "prev_hash", "hash", "action", "actor_label"}
        self._run(f"UPDATE audit_auditevent SET {column} = %s WHERE seq = %s", [value, seq])

    def delete(self, *, seq: int) -> None:
        self._run("DELETE FROM audit_auditevent WHERE seq = %s", [seq])


@pytest.fixture
def tamper() -> Tamper:
    return Tamper()
