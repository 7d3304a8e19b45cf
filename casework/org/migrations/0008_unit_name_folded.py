from django.db import migrations, models

from casework.search.text import fold


def fill(apps, schema_editor):
    Unit = apps.get_model("org", "Unit")
    for unit in Unit.objects.only("pk", "name").iterator():
        Unit.objects.filter(pk=unit.pk).update(name_folded=fold(unit.name))


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0007_data_protection_role'),
    ]

    operations = [
        migrations.AddField(
            model_name='unit',
            name='name_folded',
            field=models.CharField(blank=True, editable=False, max_length=512),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
