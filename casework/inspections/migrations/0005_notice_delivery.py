"""Where the chair or the team lead records the notice's delivery to a unit that has no account.

SQLite rebuilds inspections_inspection to add a foreign key, and the flag triggers that read that table
would break the rebuild: they are dropped for it and made again afterwards (PostgreSQL is untouched).
"""

from importlib import import_module

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


_ground = import_module("casework.inspections.migrations.0004_flag_end_ground")


def drop_sqlite_flag_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for kind in ("inspected", "decided"):
            for op in ("insert", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS insp_flag_{kind}_{op}")


def make_sqlite_flag_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _ground.triggers_forward(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0004_flag_end_ground"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_flag_triggers, make_sqlite_flag_triggers),
        migrations.AddField(
            model_name="inspection",
            name="notice_delivered_on",
            field=models.DateField(blank=True, null=True, verbose_name="ngày giao thông báo"),
        ),
        migrations.AddField(
            model_name="inspection",
            name="notice_delivery_means",
            field=models.CharField(
                blank=True,
                choices=[
                    ("hand", "Giao trực tiếp, có ký nhận"),
                    ("post", "Bưu điện, có phiếu báo phát"),
                    ("email", "Thư điện tử chính thức của đơn vị"),
                    ("other", "Hình thức khác, có xác nhận"),
                ],
                max_length=8,
                verbose_name="hình thức giao thông báo",
            ),
        ),
        migrations.AddField(
            model_name="inspection",
            name="notice_delivery_recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(make_sqlite_flag_triggers, drop_sqlite_flag_triggers),
    ]
