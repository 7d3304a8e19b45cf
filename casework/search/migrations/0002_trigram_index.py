"""PostgreSQL: a trigram index so that `text LIKE '%…%'` (the folded search) is an index scan at 200,000 cases.

SQLite scans the (small, local) table instead; the query is the same on both.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_document_text_trgm ON search_searchdocument USING gin (text gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_document_text_trgm")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
