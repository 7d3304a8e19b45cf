"""What a leadership ending names: the record merged into (its reference) and the referral paper's number.

SQLite rebuilds workflows_escalation to add a NOT NULL column, and the flag triggers that read that
table would break the rebuild: they are dropped for it and made again afterwards (PostgreSQL is
untouched), by the helpers of inspections 0005.
"""

from importlib import import_module

from django.db import migrations, models

_triggers = import_module("casework.inspections.migrations.0005_notice_delivery")


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0035_conclusion_publication_rule"),
        ("inspections", "0019_followup_paper_report"),
    ]

    operations = [
        migrations.RunPython(_triggers.drop_sqlite_flag_triggers, _triggers.make_sqlite_flag_triggers),
        migrations.AddField(
            model_name="escalation",
            name="merged_into",
            field=models.CharField(blank=True, max_length=64, verbose_name="gộp vào"),
        ),
        migrations.AddField(
            model_name="escalation",
            name="referral_ref",
            field=models.CharField(blank=True, max_length=64, verbose_name="số văn bản chuyển"),
        ),
        migrations.RunPython(_triggers.make_sqlite_flag_triggers, _triggers.drop_sqlite_flag_triggers),
    ]
