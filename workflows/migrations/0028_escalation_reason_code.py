"""Automatic escalations keep their reason as a code and parameters, shown in the reader's language.

SQLite rebuilds workflows_escalation to add the columns, and the flag triggers that read that table would
break the rebuild: they are dropped for it and made again afterwards (PostgreSQL is untouched)."""

import datetime as dt
import re
from importlib import import_module

from django.db import migrations, models

# The sweep's reason as it wrote it, in whichever language: its step, then the due day it ran out on.
DUE = re.compile(r"(\d{2})/(\d{2})/(\d{4})\.?$")


def code_automatic_reasons(apps, schema_editor):
    """The escalations the sweep opened get the code of their reason, read from the clock it escalated and
    the due day its stored text names; a text naming no day keeps being shown as written."""
    Escalation = apps.get_model("workflows", "Escalation")
    automatic = Escalation.objects.filter(automatic=True, reason_code="", deadline__isnull=False)
    for pk, reason, step in automatic.values_list("pk", "reason", "deadline__step").iterator():
        found = DUE.search(reason.strip())
        if found is None:
            continue
        try:
            due_on = dt.date(int(found[3]), int(found[2]), int(found[1]))
        except ValueError:
            continue
        Escalation.objects.filter(pk=pk).update(
            reason_code="step_overdue", reason_params={"step_name": step, "due_on": due_on.isoformat()}
        )


_delivery = import_module("casework.inspections.migrations.0005_notice_delivery")


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0027_subject_request_rules"),
        ("inspections", "0018_explanation_receipt_from_trail"),
    ]

    operations = [
        migrations.RunPython(_delivery.drop_sqlite_flag_triggers, _delivery.make_sqlite_flag_triggers),
        migrations.AddField(
            model_name="escalation",
            name="reason_code",
            field=models.CharField(blank=True, max_length=32, verbose_name="mã lý do tự động"),
        ),
        migrations.AddField(
            model_name="escalation",
            name="reason_params",
            field=models.JSONField(blank=True, default=dict, verbose_name="tham số lý do tự động"),
        ),
        migrations.RunPython(_delivery.make_sqlite_flag_triggers, _delivery.drop_sqlite_flag_triggers),
        migrations.RunPython(code_automatic_reasons, migrations.RunPython.noop),
    ]
