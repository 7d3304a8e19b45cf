"""transition_vs_naive_stack: our case accept (state, hash-chained audit event, deadlines, flow
routing, notification and e-mail) versus a plain stack doing the same job on a bench-only model,
in one transaction: the row re-read under lock; the actor's roles today read once, for the intake
role in the case's unit and the recusal (the person concerned, a leader of the unit concerned, a
namesake holding a role there); the subject area chosen at triage checked against the taxonomy
offered today; the django-fsm-2 transition and save with its django-fsm-log StateLog and
django-simple-history row; the next task routed by viewflow's own activations
(benchmarks/naive/flows.py); the acceptance clock closed and the resolution clock opened; the
unit's chairs, less the people recused from the case, and the stand-ins of absent chairs told
in-app and by e-mail (if they have an address and want e-mail), each once per event (the unique
keys skip whoever was told already), all with the plain ORM. No hash chain. Target ≤ 1.0× (we are
not slower). Both sides do the same work, so the ratio measures the stack, not a difference in
what is done."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_fsm_log.models import StateLog
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from benchmarks.fixtures import intake_cases, org
from benchmarks.harness import ratio_result
from benchmarks.naive.flows import NaiveFlow
from benchmarks.naive.models import NaiveCase
from casework.areas.models import SubjectAreaVersion
from casework.cases.recusal import RECUSED_LEADERSHIP_ROLES, person_key
from casework.cases.services import case_accept
from casework.org.models import Absence, RoleAssignment
from casework.org.selectors import nearest_with_role, users_with_role
from core import clock
from notifications.models import Notification, OutboxMessage
from workflows.flows.cases import INTAKE
from workflows.models import Deadline

N = int(os.environ.get("BENCH_NAIVE_TRANSITIONS", "200"))
REPEAT = int(os.environ.get("BENCH_NAIVE_REPEAT", "3"))
LEGAL_GROUND = "Luật Khiếu nại 2011, Đ.27"
NAIVE_TARGET = "naive.naivecase"


def naive_cases(n: int, *, prefix: str, unit, subject_unit=None) -> list[NaiveCase]:
    """n received cases of the plain stack, each with its viewflow process (triage task open) and
    its running acceptance clock, as our copies have theirs, about the same unit as ours."""
    rows = [
        NaiveCase(
            reference=f"{prefix}{i}", title=f"Đơn số {i}", content=f"Nội dung đơn thư số {i}.", unit=unit,
            subject_unit=subject_unit,
        )
        for i in range(n)
    ]  # fmt: skip
    # bulk_create skips history on purpose: only the measured transitions are the stack's work.
    cases = NaiveCase.objects.bulk_create(rows, batch_size=2000)
    now = clock.now()
    due_at = now + dt.timedelta(days=10)
    with transaction.atomic():
        for case in cases:
            NaiveFlow.start.run(obj=case)
        Deadline.objects.bulk_create(
            Deadline(
                target_type=NAIVE_TARGET, target_id=str(c.pk), unit_id=c.unit_id, step="accept", starts_on=now.date(),
                days=10, day_unit="working", due_on=due_at.date(), due_at=due_at,
            )
            for c in cases
        )  # fmt: skip
    return cases


def naive_accept(*, case: NaiveCase, actor, subject_area: str = "khac") -> NaiveCase:
    """The plain stack's accept: the same job as case_accept, written the way the libraries'
    documentation shows, without our hash chain."""
    with transaction.atomic():
        case = NaiveCase.objects.select_for_update().select_related("unit").get(pk=case.pk)
        today = clock.today()
        # The actor's roles today, read once: an intake role in the case's unit (or above it), and
        # not recused (the person concerned, a leader of the unit concerned, a namesake holding a role there).
        held = list(RoleAssignment.objects.active_on(today).filter(user=actor).select_related("unit"))
        may_triage = actor.is_superuser or any(
            ra.role in INTAKE and case.unit.path.startswith(ra.unit.path) for ra in held
        )
        actor_key = person_key(actor.full_name)
        recused_actor = case.subject_user_id == actor.pk or any(
            ra.unit_id == case.subject_unit_id
            and (ra.role in RECUSED_LEADERSHIP_ROLES or (actor_key and actor_key == case.subject_person_key))
            for ra in held
        )
        if not actor.is_active or not may_triage or recused_actor:
            raise PermissionError(actor)
        # The subject area chosen at triage must be offered today (in force, not retired).
        version = (
            SubjectAreaVersion.objects.filter(area__code=subject_area, valid_from__lte=today)
            .select_related("area")
            .order_by("-valid_from", "-pk")
            .first()
        )
        if version is None or version.retired:
            raise ValueError(subject_area)
        case.accept(by=actor, description=LEGAL_GROUND)
        case.legal_ground = LEGAL_GROUND
        case.accepted_on = today
        case.subject_area = version.area
        case.version += 1
        case.save()
        process = Process.objects.get(
            artifact_content_type=ContentType.objects.get_for_model(NaiveCase), artifact_object_id=case.pk
        )
        with NaiveFlow.lock(process.pk):
            for task in Task.objects.filter(process=process, status__in=[STATUS.NEW, STATUS.ASSIGNED]):
                activation = task.flow_task.activation_class(task)
                if task.status == STATUS.NEW:
                    activation.assign(actor)
                activation.start(request=None)
                activation.execute()
        now = clock.now()
        Deadline.objects.filter(
            target_type=NAIVE_TARGET, target_id=str(case.pk), step="accept", status=Deadline.Status.OPEN
        ).update(status=Deadline.Status.MET, closed_at=now)
        due_at = now + dt.timedelta(days=30)
        Deadline.objects.create(
            target_type=NAIVE_TARGET,
            target_id=str(case.pk),
            unit_id=case.unit_id,
            step="resolve",
            starts_on=now.date(),
            days=30,
            day_unit="working",
            due_on=due_at.date(),
            due_at=due_at,
        )
        # Nobody recused from the case is told of it: the person concerned, the leaders of the unit
        # concerned and a namesake holding a role there.
        recused = {case.subject_user_id} - {None}
        if case.subject_unit_id:
            holders = RoleAssignment.objects.active_on(today).filter(unit_id=case.subject_unit_id)
            for user_id, role, full_name in holders.values_list("user_id", "role", "user__full_name"):
                if role in RECUSED_LEADERSHIP_ROLES or (
                    case.subject_person_key and person_key(full_name) == case.subject_person_key
                ):
                    recused.add(user_id)
        chairs = users_with_role(unit=case.unit, roles=("committee_chair",))
        recipients = {u.pk: u for u in chairs if u.pk not in recused}
        # Whoever stands in for an absent chair is told too (once, and never someone recused); a chair
        # away with nobody able to stand in (none named, or one recused) leaves it to the nearest chairs.
        away = Absence.objects.filter(starts_on__lte=today, ends_on__gte=today, user_id__in=list(recipients))
        uncovered = set()
        for absence in away.select_related("substitute").order_by("starts_on", "pk"):
            if absence.substitute_id is None or absence.substitute_id in recused:
                uncovered.add(absence.user_id)
            else:
                recipients.setdefault(absence.substitute_id, absence.substitute)
        if uncovered:
            for chair in nearest_with_role(unit=case.unit, roles=("committee_chair",), exclude=recused | uncovered):
                recipients.setdefault(chair.pk, chair)
        title = f"{case.reference}: Đã thụ lý, cần phân công người giải quyết"
        key = f"naive:{case.pk}:accept"
        # One note and one e-mail per person and event: the unique keys skip whoever has them already.
        Notification.objects.bulk_create(
            (
                Notification(user=u, title=title, url=f"/naive/{case.pk}/", unit=case.unit, key=key, created_at=now)
                for u in recipients.values()
            ),
            ignore_conflicts=True,
        )
        OutboxMessage.objects.bulk_create(
            (
                OutboxMessage(
                    key=f"{key}:email:{u.pk}", user=u, recipient=u.email, subject=title, body=f"/naive/{case.pk}/",
                    next_attempt_at=now, created_at=now,
                )
                for u in recipients.values()
                if u.email and u.email_notifications
            ),
            ignore_conflicts=True,
        )  # fmt: skip
    return case


def run():
    sector, hospital, users = org()
    officer = users["tiepnhan"]
    ours_batches = [intake_cases(N) for _ in range(REPEAT)]
    tag = uuid.uuid4().hex[:6]  # unique references even when run twice on one database
    naive_batches = [naive_cases(N, prefix=f"N{tag}-{r}-", unit=sector, subject_unit=hospital) for r in range(REPEAT)]
    # Warm both paths (imports, caches, prepared plans) outside the measurement; count statements.
    ours_warm = intake_cases(1)[0]
    with CaptureQueriesContext(connection) as ours_q:
        case_accept(subject_area="khac", case=ours_warm, actor=officer, legal_ground=LEGAL_GROUND)
    warm = naive_cases(1, prefix=f"N{tag}-w-", unit=sector, subject_unit=hospital)[0]
    with CaptureQueriesContext(connection) as naive_q:
        naive_accept(case=warm, actor=officer)

    ours_t, naive_t = [], []
    for ours_batch, naive_batch in zip(ours_batches, naive_batches, strict=True):
        start = time.perf_counter()
        for case in naive_batch:
            naive_accept(case=case, actor=officer)
        naive_t.append(time.perf_counter() - start)
        start = time.perf_counter()
        for case in ours_batch:
            case_accept(subject_area="khac", case=case, actor=officer, legal_ground=LEGAL_GROUND)
        ours_t.append(time.perf_counter() - start)
    # The plain stack did the whole job: accepted, logged, routed to the assigners, clocked, told.
    done = NaiveCase.objects.filter(reference__startswith=f"N{tag}-", status="accepted", subject_area__code="khac")
    assert done.count() == N * REPEAT + 1
    ids = [str(pk) for pk in done.values_list("pk", flat=True)]
    assert StateLog.objects.filter(object_id__in=ids, transition="accept").count() == len(ids)
    assert Task.objects.filter(
        process__artifact_object_id__in=ids, flow_task=NaiveFlow.assign, status=STATUS.NEW
    ).count() == len(ids)
    assert Deadline.objects.filter(target_type=NAIVE_TARGET, target_id__in=ids, step="resolve").count() == len(ids)
    assert Notification.objects.filter(key__startswith="naive:").values("key").distinct().count() == len(ids)
    ratios = [o / f for o, f in zip(ours_t, naive_t, strict=True)]
    return ratio_result(
        "transition_vs_naive_stack",
        f"case accept through its service vs the same job on django-fsm-2 + fsm-log + simple-history, "
        f"routed by viewflow's activations, plain ORM ({N} transitions)",
        statistics.median(ours_t),
        statistics.median(naive_t),
        max(ratios) - min(ratios),
        target=1.0,
        detail={
            "transitions": N,
            "repeat": REPEAT,
            "our_statements_per_accept": len(ours_q.captured_queries),
            "naive_statements_per_accept": len(naive_q.captured_queries),
        },
    )
