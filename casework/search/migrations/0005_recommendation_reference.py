from django.db import migrations


def renamed(apps, schema_editor):
    """A followed recommendation reads "KNTD-<n>" (casework.inspections.models.RECOMMENDATION_PREFIX), so
    that it is never mistaken for a complaint ("KN-<year>-<n>"): the index holds the folded reference."""
    SearchDocument = apps.get_model("search", "SearchDocument")
    for document in SearchDocument.objects.filter(kind="recommendation", reference__startswith="kn-"):
        new = "kntd-" + document.reference.removeprefix("kn-")
        text = document.text
        if text.startswith(document.reference):
            text = new + text.removeprefix(document.reference)
        SearchDocument.objects.filter(pk=document.pk).update(reference=new, text=text)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_plans_recommendations_searched")]

    operations = [migrations.RunPython(renamed, migrations.RunPython.noop)]
