"""The coverage proof holds every current clock of a flag or an inspection that is met or cancelled to
the step the trail records stopping it (the "closed" of that step's event). Clocks stopped before steps
recorded it would read as stopped by hand: one event per target records, at this point, the steps whose
current clock stands stopped now (`deadline.recorded`). From here the trail proves them; how a clock
stopped before this point rests on the data as it stood, and the event says so. Through the current code
(the audit chain is written only by its service); on a database with no such clock it writes nothing."""

from django.db import migrations


def record_stopped_clocks(apps, schema_editor):
    from casework.audit.services import audit_record
    from casework.inspections.models import FLAG_TARGET_TYPE
    from casework.inspections.selectors import INSPECTION_TARGET_TYPE, superseded_clock
    from workflows.models import Deadline

    stopped = (
        Deadline.objects.filter(
            target_type__in=[FLAG_TARGET_TYPE, INSPECTION_TARGET_TYPE],
            status__in=[Deadline.Status.MET, Deadline.Status.CANCELLED],
        )
        .exclude(superseded_clock())
        .order_by("target_type", "target_id", "step", "pk")
        # The columns it reads only: the current model may have more than the table has at this point.
        .only("pk", "target_type", "target_id", "step", "unit")
    )
    by_target: dict[tuple[str, str], list] = {}
    for deadline in stopped:
        by_target.setdefault((deadline.target_type, deadline.target_id), []).append(deadline)
    for (target_type, target_id), deadlines in by_target.items():
        audit_record(
            actor=None,
            action="deadline.recorded",
            target=(target_type, target_id),
            unit=deadlines[0].unit_id,
            after={"closed": sorted({d.step for d in deadlines})},
            reason="Ghi nhận vào nhật ký các thời hạn đã kết thúc, từ đây đối chiếu với nhật ký.",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0011_recommendation_from_case"),
        ("audit", "0007_stored_canonical_text"),
        ("workflows", "0018_expertise_conclusion_rules"),
    ]

    operations = [migrations.RunPython(record_stopped_clocks, migrations.RunPython.noop)]
