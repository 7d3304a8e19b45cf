"""The canonical text of an audit event as PostgreSQL writes it, and the constraint built on it.

Each event stores the exact text that was hashed (`AuditEvent.canonical`). On PostgreSQL a CHECK
constraint makes the database refuse any row whose stored text is not the text of its columns,
on INSERT and on UPDATE alike; unlike a trigger or a foreign key, a CHECK constraint cannot be
switched off, only dropped or re-added, which the verifier sees in the catalog. So while the
constraint is in place and validated, hashing the stored text is hashing the columns.

The expression is `verification.row_canonical_text` in SQL: the JSON columns already hold
canonical text (CanonicalJSONField), to_json() escapes strings exactly as json.dumps(ensure_ascii=
False) does (\\b \\f \\n \\r \\t \\" \\\\ and \\u00xx below 0x20, nothing else), numbers and nulls print
the same. prev_hash needs no escaping: it is compared with the previous row's hash (hex) before
this row is trusted. Every other string keeps to_json(): unescaped text could be crafted to shift
a forged row's bytes onto an honest row's canonical text.
"""

from __future__ import annotations

TABLE = "audit_auditevent"
CONSTRAINT = "audit_canonical_is_the_columns"

PG_CANONICAL = """
'{"action":' || to_json(action)::text
|| ',"actor_id":' || coalesce(actor_id::text, 'null')
|| ',"actor_label":' || to_json(actor_label)::text
|| ',"actor_role":' || to_json(actor_role)::text
|| ',"actor_unit_id":' || coalesce(actor_unit_id::text, 'null')
|| ',"after":' || after
|| ',"at":"' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
|| '","before":' || before
|| ',"meta":' || meta
|| ',"prev_hash":"' || prev_hash || '"'
|| ',"reason":' || to_json(reason)::text
|| ',"seq":' || seq::text
|| ',"target_id":' || to_json(target_id)::text
|| ',"target_type":' || to_json(target_type)::text
|| ',"unit_id":' || coalesce(unit_id::text, 'null') || '}'
"""


def add_constraint_sql(table: str = TABLE, name: str = CONSTRAINT) -> str:
    return f"ALTER TABLE {table} ADD CONSTRAINT {name} CHECK (canonical = ({PG_CANONICAL}))"
