"""Store each event's hashed text, and on PostgreSQL bind it to the columns with a CHECK constraint.

Existing rows get the text built from their columns (by PostgreSQL's expression there, which the
new constraint then validates; by the verifier's Python twin on SQLite). On PostgreSQL this rewrites every event,
validates the constraint and builds the index in one transaction (about 45 s a million events on two cores), and
nothing that writes an audit event commits meanwhile: run it in a maintenance window.
"""

from django.db import migrations, models

from casework.audit.canonical_sql import CONSTRAINT, PG_CANONICAL, TABLE, add_constraint_sql


def backfill(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        # The append-only trigger refuses UPDATE; this one fills a new column and changes nothing hashed.
        schema_editor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_no_update_delete")
        schema_editor.execute(f"UPDATE {TABLE} SET canonical = {PG_CANONICAL}")
        schema_editor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER audit_no_update_delete")
        schema_editor.execute(add_constraint_sql())
        return
    from casework.audit.verification import ROW_FIELDS, row_canonical_text

    AuditEvent = apps.get_model("audit", "AuditEvent")
    rows = AuditEvent.objects.order_by("seq").values_list("pk", *ROW_FIELDS).iterator(chunk_size=2000)
    with connection.cursor() as cursor:
        for pk, *row in rows:
            cursor.execute(f"UPDATE {TABLE} SET canonical = %s WHERE id = %s", [row_canonical_text(tuple(row)), pk])


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_chain_head")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="canonical",
            field=models.TextField(default="", editable=False, verbose_name="văn bản đã băm"),
            preserve_default=False,
        ),
        migrations.RunPython(backfill, drop_constraint),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["seq"], include=("prev_hash", "hash"), name="audit_seq_links"),
        ),
    ]
