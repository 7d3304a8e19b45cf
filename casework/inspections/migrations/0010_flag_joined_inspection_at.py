"""A flag keeps the moment it joined its inspection (`Flag.joined_inspection_at`), from which the
coverage figures count its inspection's clocks as covering it.

Flags already in an inspection are dated from the best evidence there is:
1. the trail's join event (`flag.assign` about the flag: the moment it records, else its own instant);
2. else the flag's own clock to open an inspection, when joining stopped it: its latest clock of that
   step, met, with the moment it was stopped;
3. else nothing: the field stays empty and the coverage selectors read the flag from its own clock.

A flag ended by leadership keeps when (`closed_at`, which the decision sets): one without it is dated
from its escalation's `decided_at`, else from the trail's `flag.decide` event about it; one with
neither stays undated (read as ended at any instant).

A row the database's end check refuses to update (data older than that check) is left as it is.
Historical models only; the same code on SQLite and PostgreSQL.
"""

import datetime as dt

from django.db import IntegrityError, migrations, models, transaction

FLAG = "inspections.flag"
OWN_STEP = "open_inspection"


def _latest_events(AuditEvent, action: str, flag_ids: list[str]) -> dict[str, tuple]:
    """{flag id: (at, after)} of the last event of `action` about each flag."""
    latest: dict[str, tuple] = {}
    events = AuditEvent.objects.filter(target_type=FLAG, action=action, target_id__in=flag_ids).order_by("seq")
    for target_id, at, after in events.values_list("target_id", "at", "after"):
        latest[target_id] = (at, after if isinstance(after, dict) else {})
    return latest


def _join_moment(event, clock) -> object:
    if event is not None:
        at, after = event
        recorded = after.get("joined_inspection_at")
        if recorded:
            return dt.datetime.fromisoformat(recorded)
        return at
    if clock is not None and clock[0] == "met" and clock[1] is not None:
        return clock[1]
    return None


def _set(Flag, pk: int, **values) -> None:
    try:
        with transaction.atomic():  # savepoint: a refused row must not spoil the others
            Flag.objects.filter(pk=pk).update(**values)
    except IntegrityError:
        pass


def date_joins_and_decisions(apps, schema_editor):
    Flag = apps.get_model("inspections", "Flag")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Deadline = apps.get_model("workflows", "Deadline")
    Escalation = apps.get_model("workflows", "Escalation")

    joined = list(
        Flag.objects.filter(inspection__isnull=False, joined_inspection_at__isnull=True).values_list("pk", flat=True)
    )
    if joined:
        ids = [str(pk) for pk in joined]
        events = _latest_events(AuditEvent, "flag.assign", ids)
        clocks: dict[str, tuple] = {}
        own = Deadline.objects.filter(target_type=FLAG, target_id__in=ids, step=OWN_STEP).order_by("pk")
        for target_id, status, closed_at in own.values_list("target_id", "status", "closed_at"):
            clocks[target_id] = (status, closed_at)
        for pk in joined:
            moment = _join_moment(events.get(str(pk)), clocks.get(str(pk)))
            if moment is not None:
                _set(Flag, pk, joined_inspection_at=moment)

    undated = list(
        Flag.objects.filter(status="decided", closed_at__isnull=True).values_list("pk", "escalation_id")
    )
    if undated:
        decided_at = dict(
            Escalation.objects.filter(
                pk__in=[e for _pk, e in undated if e is not None], decided_at__isnull=False
            ).values_list("pk", "decided_at")
        )
        events = _latest_events(AuditEvent, "flag.decide", [str(pk) for pk, _e in undated])
        for pk, escalation_id in undated:
            event = events.get(str(pk))
            moment = decided_at.get(escalation_id) or (event[0] if event is not None else None)
            if moment is not None:
                _set(Flag, pk, closed_at=moment)


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0009_running_clocks_in_trail"),
        ("audit", "0007_stored_canonical_text"),
        ("workflows", "0017_complaint_decision_sending_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="flag",
            name="joined_inspection_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="đưa vào cuộc kiểm tra lúc"),
        ),
        migrations.RunPython(date_joins_and_decisions, migrations.RunPython.noop),
    ]
