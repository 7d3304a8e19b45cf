"""Tampering with the audit table the way an attacker with database access would (the audit,
backup and metrics tests)."""

from __future__ import annotations

from django.db import connection

from casework.audit.canonical_sql import CONSTRAINT, PG_CANONICAL, TABLE, add_constraint_sql


class Tamper:
    """Raw SQL behind the model's back. On PostgreSQL the append-only trigger is switched off first,
    and the CHECK constraint binding the stored text to the columns is dropped: `set_field` re-adds
    it over a consistent table (the careful attacker, whose rewrite only the hashes betray);
    `set_field_leaving_constraint_off` does not (and the verifier sees the missing constraint)."""

    def _run(self, sql: str, params: list, *, restore_constraint: bool = True) -> None:
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                # Deferred foreign-key checks of rows inserted in this test's transaction would make
                # ALTER TABLE fail ("pending trigger events"): run them now.
                cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cur.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
                cur.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS {CONSTRAINT}")
            try:
                cur.execute(sql, params)
            finally:
                if connection.vendor == "postgresql":
                    if restore_constraint:
                        cur.execute(f"UPDATE {TABLE} SET canonical = {PG_CANONICAL}")
                        cur.execute(add_constraint_sql())
                    cur.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")
                    cur.execute("SET CONSTRAINTS ALL DEFERRED")

    def set_field(self, *, seq: int, column: str, value: str) -> None:
        assert column in {"reason", "prev_hash", "hash", "action", "actor_label"}
        self._run(f"UPDATE {TABLE} SET {column} = %s WHERE seq = %s", [value, seq])

    def set_field_leaving_constraint_off(self, *, seq: int, column: str, value: str) -> None:
        assert column in {"reason", "action", "canonical"}
        self._run(f"UPDATE {TABLE} SET {column} = %s WHERE seq = %s", [value, seq], restore_constraint=False)

    def delete(self, *, seq: int) -> None:
        self._run(f"DELETE FROM {TABLE} WHERE seq = %s", [seq])
