from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone


def _rearmed_relimits(apps, deadline_id, before=None):
    DeadlineChange = apps.get_model("workflows", "DeadlineChange")
    qs = DeadlineChange.objects.filter(deadline_id=deadline_id, kind="relimit", rearmed=True)
    return qs.filter(at__lte=before).count() if before is not None else qs.count()


def _cycles(apps, schema_editor):
    """Each clock's run: its extensions, and each new limit that moved the due day of a clock that ran on
    after it (its new due day still ahead at the change, or paused before that day; not one whose new due day
    had gone by then: it had run out under either limit, one breach). An automatic escalation's `breach_seq`
    (the extensions its clock had when it breached) becomes the run it escalated: more by the new limits
    before it, renumbered from the highest so no two of a clock meet."""
    Deadline = apps.get_model("workflows", "Deadline")
    DeadlineChange = apps.get_model("workflows", "DeadlineChange")
    Escalation = apps.get_model("workflows", "Escalation")
    DeadlineChange.objects.filter(kind="extend").update(rearmed=True)
    relimits = DeadlineChange.objects.filter(kind="relimit").exclude(due_on_before=models.F("due_on_after"))
    for change in relimits:
        # As the clock stood at the change (deadline_relimit): its new due day still ahead then, or a pause
        # begun before that day (the resume moves it on), it ran on; else it had run out under the new limit
        # too, whatever became of its breach afterwards (an extension, a later breach).
        ran_on = change.due_on_after >= timezone.localdate(change.at)
        if not ran_on:
            last = (
                DeadlineChange.objects.filter(deadline_id=change.deadline_id, kind__in=("pause", "resume"))
                .filter(at__lte=change.at)
                .order_by("-at", "-pk")
                .first()
            )
            ran_on = last is not None and last.kind == "pause" and timezone.localdate(last.at) <= change.due_on_after
        if ran_on:
            DeadlineChange.objects.filter(pk=change.pk).update(rearmed=True)
    count = (
        DeadlineChange.objects.filter(deadline=OuterRef("pk"), kind="relimit", rearmed=True)
        .order_by()
        .values("deadline")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Deadline.objects.update(cycle=models.F("extensions") + Coalesce(Subquery(count), Value(0)))
    moved = DeadlineChange.objects.filter(kind="relimit", rearmed=True).values("deadline_id")
    escalations = Escalation.objects.filter(automatic=True, deadline_id__in=moved, breach_seq__isnull=False)
    for escalation in escalations.order_by("-breach_seq"):
        more = _rearmed_relimits(apps, escalation.deadline_id, before=escalation.created_at)
        if more:
            Escalation.objects.filter(pk=escalation.pk).update(breach_seq=escalation.breach_seq + more)


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0031_escalation_overtaken_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadline",
            name="cycle",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="lượt tính hạn"),
        ),
        migrations.AddField(
            model_name="deadlinechange",
            name="rearmed",
            field=models.BooleanField(default=False, verbose_name="bắt đầu lượt tính hạn mới"),
        ),
        # Undone, the fields go and the escalations keep the runs they name: a clock escalated again after a
        # new limit has two breaches the extensions alone cannot number apart.
        migrations.RunPython(_cycles, migrations.RunPython.noop),
    ]
