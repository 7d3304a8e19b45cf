"""The benchmarks' data builders work on tiny sizes (no timing is asserted anywhere here).

The builders use PostgreSQL (COPY, generate_series, writable CTEs), as `make bench` does.
"""

from __future__ import annotations

import pytest
from django.db import connection
from viewflow.workflow.models import Task

from benchmarks import bench_audit_verify, bench_inbox, bench_report, bench_sweep
from benchmarks.data import clone_cases, copy_audit_events
from benchmarks.fixtures import intake_cases
from casework.audit.verification import audit_chain_verify
from casework.cases.models import Case
from casework.reports.selectors import quarterly_report
from workflows.models import Deadline, DeadlineChange, DeadlineRule

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the builders use PostgreSQL SQL"),
    pytest.mark.django_db,
]


def test_intake_cases_registers_one_and_copies_it_with_its_rows():
    from casework.audit.models import AuditEvent
    from casework.cases.models import Submitter
    from casework.privacy.models import CaseKey

    cases = intake_cases(3)
    assert len({c.pk for c in cases}) == 3
    assert {c.status for c in cases} == {"received"}
    ids = [str(c.pk) for c in cases]
    assert AuditEvent.objects.filter(action="case.intake", target_id=ids[0]).exists()  # the service's
    accept = Deadline.objects.filter(target_type="cases.case", target_id__in=ids, status="open")
    assert accept.count() == 3
    assert len(set(accept.values_list("step", "due_at"))) == 1  # the copies keep the original's clock
    assert Submitter.objects.filter(case__in=cases).count() == 3
    assert CaseKey.objects.filter(case__in=cases, destroyed_at__isnull=True).count() == 3  # made at intake
    assert Task.objects.filter(process__artifact_object_id__in=[c.pk for c in cases], status="NEW").count() == 3


def test_clone_cases_copies_case_process_task_and_deadline():
    template = intake_cases(1)[0]
    owner = bench_inbox._owner("smoke-owner", template.subject_unit)
    clone_cases(template.pk, 5, tag="SMOKE", owner_id=owner.pk)
    copies = Case.objects.filter(reference__startswith="SMOKE-")
    assert copies.count() == 5
    ids = [str(pk) for pk in copies.values_list("pk", flat=True)]
    assert Deadline.objects.filter(target_type="cases.case", target_id__in=ids, status="open").count() == 5
    assert Task.objects.filter(owner=owner, status="ASSIGNED").count() == 5


def test_inbox_build_gives_the_owner_their_tasks():
    built = bench_inbox.build(few=2, many=4, cases=10)
    assert Task.objects.filter(owner=built["few_user"]).count() == 2
    assert Task.objects.filter(owner=built["many_user"]).count() == 4


def test_report_builder_and_reference_sql_count_the_same():
    province = bench_report.build(400)  # receipts spread over a year: some land in the quarter
    figures = quarterly_report(unit=province, year=bench_report.YEAR, quarter=bench_report.QUARTER, user=None).figures
    with connection.cursor() as cur:
        cur.execute(bench_report.report_sql(), bench_report.report_params(province))
        raw = dict(zip([c.name for c in cur.description], cur.fetchone(), strict=True))
    # Every kind of figure the reference computes is met in the data, so equality checks something.
    for key in ("received_total", "resolved", "resolved_late", "terminated", "terminated_withdrawn", "open_overdue"):
        assert raw[key] > 0, key
    # Some clocks were moved after the quarter (extended, or paused over its end and resumed): both
    # compute the due day and the pause in force on its last day from that history.
    assert {"extend", "resume"} <= set(DeadlineChange.objects.values_list("kind", flat=True))
    assert {k: figures[k] for k in raw} == raw
    # The copied clocks fall due when the application's own do: at the end of the due day (BLDS Đ.148).
    from workflows.calendar import end_of_day

    copied = Deadline.objects.filter(target_type="cases.case", step="resolve").order_by("-pk")[:50]
    assert copied and all(d.due_at == end_of_day(d.due_on) for d in copied)


def test_copied_audit_chain_verifies():
    # The trail is emptied first, though other tables point at its events (PostgreSQL refuses to
    # truncate a referenced table alone), so the copied chain starts at the genesis.
    bench_audit_verify.chain_reset()
    payloads = copy_audit_events(20)
    assert len(payloads) == 20
    assert audit_chain_verify().ok


def test_sweep_deadlines_builder():
    from benchmarks.fixtures import BENCH_NOW, org

    sector, _h, _u = org()
    rule = DeadlineRule.objects.get(version__number=1, subject="complaint_1", step="resolve", variant="normal")
    bench_sweep._deadlines(7, prefix="smoke-", due_at=BENCH_NOW, unit=sector, rule=rule)
    made = Deadline.objects.filter(target_type="bench.item", target_id__startswith="smoke-")
    assert sorted(made.values_list("target_id", flat=True)) == [f"smoke-{i}" for i in range(7)]
    assert set(made.values_list("status", "due_at", "rule_id", "unit_id")) == {("open", BENCH_NOW, rule.pk, sector.pk)}


def test_sweep_reset_puts_the_due_rows_back_and_removes_what_the_pass_made():
    from benchmarks.fixtures import BENCH_NOW, org
    from notifications.models import Notification
    from workflows.models import Escalation
    from workflows.sweep import sweep_run

    sector, _h, _u = org()
    rule = DeadlineRule.objects.get(version__number=1, subject="complaint_1", step="resolve", variant="normal")
    bench_sweep._deadlines(
        3, prefix="due-", due_at=BENCH_NOW - bench_sweep.dt.timedelta(hours=1), unit=sector, rule=rule
    )
    due_ids = list(Deadline.objects.filter(target_id__startswith="due-").values_list("pk", flat=True))
    marks = bench_sweep._marks()
    before = (Escalation.objects.count(), Notification.objects.count(), Deadline.objects.count())
    outcomes = set()
    for _ in range(2):
        bench_sweep._reset(due_ids, marks)
        result = sweep_run(now=BENCH_NOW)
        assert result.breached == 3 and result.escalated == 3
        outcomes.add(str(result))
    assert len(outcomes) == 1
    bench_sweep._reset(due_ids, marks)
    assert (Escalation.objects.count(), Notification.objects.count(), Deadline.objects.count()) == before
    assert set(Deadline.objects.filter(pk__in=due_ids).values_list("status", flat=True)) == {"open"}


def test_cloned_cases_with_submitters_are_accepted_like_the_original():
    from casework.cases.models import Submitter
    from casework.cases.services import case_accept
    from casework.org.models import User

    template = intake_cases(1)[0]
    clone_cases(template.pk, 3, tag="RACE", with_submitters=True)
    copies = list(Case.objects.filter(reference__startswith="RACE-"))
    assert len(copies) == 3
    assert Submitter.objects.filter(case__in=copies).count() == 3
    officer = User.objects.get(username="tiepnhan")
    for case in [template, copies[0]]:
        accepted = case_accept(subject_area="khac", case=case, actor=officer, legal_ground="Luật Khiếu nại 2011, Đ.27")
        assert accepted.status == "accepted"
        assert Deadline.objects.filter(
            target_type="cases.case", target_id=str(case.pk), step="resolve", status="open"
        ).exists()
        assert Task.objects.filter(process__artifact_object_id=case.pk, status="NEW").exists()
