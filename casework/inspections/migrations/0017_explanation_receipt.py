"""The draft report's day out and the explanation's receipt, kept on the inspection
(casework.inspections.explanation); inspections 0018 fills them in from the trail.

SQLite rebuilds inspections_inspection to add the flag and the foreign key, and the flag triggers that
read that table would break the rebuild: they are dropped for it and made again afterwards (PostgreSQL
is untouched)."""

from importlib import import_module

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

_delivery = import_module("casework.inspections.migrations.0005_notice_delivery")


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0016_explanation_due_on_of_drafts_out"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(_delivery.drop_sqlite_flag_triggers, _delivery.make_sqlite_flag_triggers),
        migrations.AddField(
            model_name="inspection",
            name="draft_report_sent_on",
            field=models.DateField(blank=True, null=True, verbose_name="ngày gửi dự thảo báo cáo"),
        ),
        migrations.AddField(
            model_name="inspection",
            name="explanation_on_paper",
            field=models.BooleanField(default=False, verbose_name="giải trình bằng văn bản giấy"),
        ),
        migrations.AddField(
            model_name="inspection",
            name="explanation_paper_reference",
            field=models.CharField(blank=True, max_length=64, verbose_name="số, ký hiệu văn bản giải trình"),
        ),
        migrations.AddField(
            model_name="inspection",
            name="explanation_received_on",
            field=models.DateField(blank=True, null=True, verbose_name="ngày nhận giải trình"),
        ),
        migrations.AddField(
            model_name="inspection",
            name="explanation_recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người ghi nhận văn bản giải trình",
            ),
        ),
        migrations.RunPython(_delivery.make_sqlite_flag_triggers, _delivery.drop_sqlite_flag_triggers),
    ]
