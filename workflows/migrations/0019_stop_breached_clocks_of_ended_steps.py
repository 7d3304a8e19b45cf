"""The step that ends an object, or one of its steps, stops that step's clock, also one already run out
(workflows.services.deadlines.deadline_close): met late, or cancelled after its breach, its `breached_at`
kept. A clock that ran out before its step ended stood breached and read as running (overdue in the lists,
the filters and the home page): each is stopped here as its step's end stops it, at the moment the rows
record that end (the next step's clock opened with it; else the object's own end), now when none does.
The steps whose clocks of a flag or an inspection stop here are recorded in the trail (the "closed" of one
`deadline.recorded` event per target), as the coverage proof holds every stopped clock to a step that
recorded stopping it (casework.inspections.migrations.0012_stopped_clocks_in_trail). A clock still to be
met after its case ended (sending a decision) and one whose step goes on stay as they are. Through the
current code (the audit chain is written only by its service); on a database with no such clock it
changes nothing."""

import datetime as dt

from django.db import migrations


def stop_breached_clocks_of_ended_steps(apps, schema_editor):
    from casework.audit.services import audit_record
    from casework.cases.models import FINAL_STATUSES, Case
    from casework.cases.models import Status as CaseStatus
    from casework.cases.services.sending import SENDING_STEPS
    from casework.inspections.models import FLAG_TARGET_TYPE, Flag, Inspection, Recommendation
    from casework.inspections.selectors import INSPECTION_TARGET_TYPE
    from core import clock
    from workflows.calendar import end_of_day
    from workflows.models import Deadline, Escalation
    from workflows.services.escalations import ESCALATION_TARGET

    now = clock.now()
    # The columns it reads only: the current model may have more than the table has at this point.
    columns = ("pk", "target_type", "target_id", "step", "due_at", "breached_at", "created_at", "unit")
    met, cancelled = Deadline.Status.MET, Deadline.Status.CANCELLED

    def day_end(day: dt.date | None) -> dt.datetime | None:
        return None if day is None else min(end_of_day(day), now)

    def next_clock(deadline: Deadline, *, same_step: bool = False) -> Deadline | None:
        """The clock the same target opened after this one (the next step's, opened as this one ended)."""
        later = Deadline.objects.filter(
            target_type=deadline.target_type, target_id=deadline.target_id, pk__gt=deadline.pk
        )
        return (later.filter(step=deadline.step) if same_step else later).order_by("pk").only(*columns).first()

    def case_end(deadline: Deadline) -> tuple[str, dt.datetime | None] | None:
        case = Case.objects.filter(pk=int(deadline.target_id)).first()
        if case is None:
            return None
        if case.status in FINAL_STATUSES and deadline.step not in SENDING_STEPS:
            ended_by_cancel = case.status in (CaseStatus.WITHDRAWN, CaseStatus.TERMINATED, CaseStatus.MERGED)
            return (cancelled if ended_by_cancel else met), day_end(case.closed_on or case.decided_on)
        if deadline.step == "accept" and case.accepted_on is not None:
            return met, day_end(case.accepted_on)
        if deadline.step == "resolve" and case.decided_on is not None:
            return met, day_end(case.decided_on)
        return None

    def flag_end(deadline: Deadline) -> tuple[str, dt.datetime | None] | None:
        flag = Flag.objects.filter(pk=int(deadline.target_id)).first()
        if flag is None:
            return None
        if flag.inspection_id is not None or flag.status in (Flag.Status.INSPECTED, Flag.Status.DECIDED):
            return met, flag.joined_inspection_at or flag.closed_at
        returned = next_clock(deadline, same_step=True)  # leadership returned it: a fresh clock
        return (met, returned.created_at) if returned else None

    def inspection_end(deadline: Deadline) -> tuple[str, dt.datetime | None] | None:
        following = next_clock(deadline)
        if following is not None:
            return met, following.created_at
        inspection = Inspection.objects.filter(pk=int(deadline.target_id)).first()
        if inspection is not None and inspection.status == Inspection.Status.CLOSED:
            return met, inspection.conclusion_notified_at
        return None

    def recommendation_end(deadline: Deadline) -> tuple[str, dt.datetime | None] | None:
        following = next_clock(deadline)
        if following is not None:
            return met, following.created_at
        rec = Recommendation.objects.filter(pk=int(deadline.target_id)).first()
        if rec is not None and rec.status == Recommendation.Status.ACCEPTED:
            return met, rec.accepted_at
        return None

    def escalation_end(deadline: Deadline) -> tuple[str, dt.datetime | None] | None:
        moved_up = next_clock(deadline, same_step=True)  # the superior's leadership got a fresh clock
        if moved_up is not None:
            return cancelled, moved_up.created_at
        escalation = Escalation.objects.filter(pk=int(deadline.target_id)).first()
        if escalation is not None and escalation.status != Escalation.Status.PENDING:
            return met, escalation.decided_at
        return None

    ends = {
        "cases.case": case_end,
        FLAG_TARGET_TYPE: flag_end,
        INSPECTION_TARGET_TYPE: inspection_end,
        "inspections.recommendation": recommendation_end,
        ESCALATION_TARGET: escalation_end,
    }
    recorded: dict[tuple[str, str], list[Deadline]] = {}
    for deadline in Deadline.objects.filter(status=Deadline.Status.BREACHED).order_by("pk").only(*columns):
        end = ends.get(deadline.target_type)
        found = end(deadline) if end is not None and deadline.target_id.isdigit() else None
        if found is None:
            continue
        status, at = found
        # Never before its breach: the step ended after the sweep marked it (else it had been met in time).
        closed_at = max(at or now, deadline.breached_at or deadline.due_at)
        Deadline.objects.filter(pk=deadline.pk, status=Deadline.Status.BREACHED).update(
            status=status, closed_at=closed_at, next_reminder_at=None
        )
        if deadline.target_type in (FLAG_TARGET_TYPE, INSPECTION_TARGET_TYPE):
            recorded.setdefault((deadline.target_type, deadline.target_id), []).append(deadline)
    for (target_type, target_id), deadlines in recorded.items():
        audit_record(
            actor=None,
            action="deadline.recorded",
            target=(target_type, target_id),
            unit=deadlines[0].unit_id,
            after={"closed": sorted({d.step for d in deadlines})},
            reason="Ghi nhận vào nhật ký các thời hạn đã quá hạn mà bước của chúng đã kết thúc.",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0018_expertise_conclusion_rules"),
        ("cases", "0027_expertise_request_verifier_by_law"),
        ("inspections", "0014_signer_task_pools"),
        ("audit", "0007_stored_canonical_text"),
    ]

    operations = [migrations.RunPython(stop_breached_clocks_of_ended_steps, migrations.RunPython.noop)]
