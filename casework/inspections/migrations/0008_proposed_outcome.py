"""The conclusion the team proposes in its draft report (the chair's conclusion starts from it).

SQLite rebuilds inspections_inspection to add the column, and the flag triggers that read that table
would break the rebuild: they are dropped for it and made again afterwards (PostgreSQL is untouched).
"""

from importlib import import_module

from django.db import migrations, models

_delivery = import_module("casework.inspections.migrations.0005_notice_delivery")


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0007_decision_number_from_register"),
    ]

    operations = [
        migrations.RunPython(_delivery.drop_sqlite_flag_triggers, _delivery.make_sqlite_flag_triggers),
        migrations.AddField(
            model_name="inspection",
            name="proposed_outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("founded", "Có vi phạm"),
                    ("partly", "Có vi phạm một phần"),
                    ("unfounded", "Không có vi phạm"),
                ],
                max_length=12,
                verbose_name="kết luận đề xuất",
            ),
        ),
        migrations.RunPython(_delivery.make_sqlite_flag_triggers, _delivery.drop_sqlite_flag_triggers),
    ]
