"""A clock stopped past its due moment before the sweep marked it breached was stopped with no `breached_at`,
and every reader of lateness (clock_state, the reports, the coverage proof) read it as met in time. Each
gets its due moment as the moment it ran out, as deadline_close now records it
(workflows.services.deadlines.late_stop_breached_at): met or cancelled after its due moment, and not paused
before it (a clock stopped while paused keeps its `paused_at`; one paused in time had its due day waiting
for a resume, and was not late)."""

from django.db import migrations
from django.db.models import F, Q


def date_late_stops(apps, schema_editor):
    Deadline = apps.get_model("workflows", "Deadline")
    Deadline.objects.filter(
        Q(paused_at__isnull=True) | Q(paused_at__gt=F("due_at")),
        status__in=["met", "cancelled"],
        breached_at__isnull=True,
        closed_at__gt=F("due_at"),
    ).update(breached_at=F("due_at"))


class Migration(migrations.Migration):
    dependencies = [("workflows", "0020_second_round_decision_sent_in_days")]
    operations = [migrations.RunPython(date_late_stops, migrations.RunPython.noop)]
