"""A flag ended by leadership names what it was merged into (a flag or an inspection) or the authority
and the paper that referred it. Flags ended before keep these empty (shown "không ghi").

SQLite rebuilds inspections_flag to add the constraints, which drops its triggers: they are dropped
first and made again afterwards (PostgreSQL is untouched), by the helpers of 0005.
"""

from importlib import import_module

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


_triggers = import_module("casework.inspections.migrations.0005_notice_delivery")


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0003_area_names_in_english"),
        ("inspections", "0019_followup_paper_report"),
        ("workflows", "0036_escalation_ending_named"),
        ("org", "0008_unit_name_folded"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(_triggers.drop_sqlite_flag_triggers, _triggers.make_sqlite_flag_triggers),
        migrations.AddField(
            model_name="flag",
            name="merged_into_flag",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="merged_flags",
                to="inspections.flag",
                verbose_name="gộp vào dấu hiệu vi phạm",
            ),
        ),
        migrations.AddField(
            model_name="flag",
            name="merged_into_inspection",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="merged_flags",
                to="inspections.inspection",
                verbose_name="gộp vào cuộc kiểm tra",
            ),
        ),
        migrations.AddField(
            model_name="flag",
            name="referral_ref",
            field=models.CharField(blank=True, max_length=64, verbose_name="số văn bản chuyển"),
        ),
        migrations.AddField(
            model_name="flag",
            name="referred_to",
            field=models.CharField(blank=True, max_length=255, verbose_name="cơ quan có thẩm quyền nhận"),
        ),
        migrations.AddConstraint(
            model_name="flag",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("merged_into_flag__isnull", True), ("merged_into_inspection__isnull", True), _connector="OR"
                ),
                name="insp_flag_merged_into_one",
            ),
        ),
        migrations.AddConstraint(
            model_name="flag",
            constraint=models.CheckConstraint(
                condition=models.Q(("merged_into_flag", models.F("pk")), _negated=True),
                name="insp_flag_not_merged_into_itself",
            ),
        ),
        migrations.RunPython(_triggers.make_sqlite_flag_triggers, _triggers.drop_sqlite_flag_triggers),
    ]
