"""A limit counted in days ends at 24:00 of its last day (Bộ luật Dân sự 2015 Đ.148 khoản 1 and khoản 6):
its due moment is the last instant of that day, 23:59:59.999999 in the project's time zone
(workflows.calendar.end_of_day), not 23:59:59.000000, which left the last second of the day late.

The instants the services derived from the close of a day move with it:
- a clock's `due_at` at the old close of its own due day (`due_on`), which the sweep, the lists, the reports
  and the coverage proof (its `due_at` must be the close of its `due_on`) read;
- a `breached_at` at the old close of a day: a step that ended past its clock's due moment before the sweep
  came round keeps that due moment as its breach (deadline_close);
- a `closed_at` at the old close of a day: a report on paper stops its clock as of the close of the day it
  was received (casework.inspections.services.followups), and 0019 stopped clocks at the close of their
  object's decision day.
Only the services write an instant at exactly 23:59:59.000000 local time (every other one is read from the
clock, to the microsecond). The audit trail is not touched: its events are sealed as they were written.
Reversible: backwards moves the same instants back to 23:59:59.000000."""

import datetime as dt

from django.db import migrations
from django.db.models import F
from django.utils import timezone

OLD_CLOSE = dt.time(23, 59, 59)
NEW_CLOSE = dt.time.max
SHIFT = dt.datetime.combine(dt.date.min, NEW_CLOSE) - dt.datetime.combine(dt.date.min, OLD_CLOSE)
CHUNK = 500


def _move(apps, *, at: dt.time, by: dt.timedelta) -> None:
    Deadline = apps.get_model("workflows", "Deadline")
    zone = timezone.get_default_timezone()
    # A due moment moves only when it is the close of the clock's own due day, as end_of_day set it.
    due = [
        pk
        for pk, due_on, due_at in Deadline.objects.filter(due_at__time=at)
        .values_list("pk", "due_on", "due_at")
        .iterator()
        if timezone.localtime(due_at, zone) == timezone.make_aware(dt.datetime.combine(due_on, at), zone)
    ]
    for start in range(0, len(due), CHUNK):
        Deadline.objects.filter(pk__in=due[start : start + CHUNK]).update(due_at=F("due_at") + by)
    for field in ("breached_at", "closed_at"):
        moved = [
            pk
            for pk, value in Deadline.objects.filter(**{f"{field}__time": at}).values_list("pk", field).iterator()
            if timezone.localtime(value, zone).time() == at
        ]
        for start in range(0, len(moved), CHUNK):
            Deadline.objects.filter(pk__in=moved[start : start + CHUNK]).update(**{field: F(field) + by})


def forwards(apps, schema_editor):
    _move(apps, at=OLD_CLOSE, by=SHIFT)


def backwards(apps, schema_editor):
    _move(apps, at=NEW_CLOSE, by=-SHIFT)


class Migration(migrations.Migration):
    dependencies = [("workflows", "0038_flag_extension_rule")]

    operations = [migrations.RunPython(forwards, backwards)]
