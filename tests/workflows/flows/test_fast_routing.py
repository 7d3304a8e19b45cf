"""The bulk steps in `routing._start` and `routing._advance` write exactly the rows viewflow's own
activations write (StartHandle or execute → Switch → next View), so the inbox, the task list and viewflow's own tools see
the same process whichever path routed it; and a task someone else closed meanwhile is not
closed twice."""

from types import SimpleNamespace

import pytest
from viewflow.workflow.models import Task

from casework.cases.models import Kind
from casework.cases.services import (
    case_accept,
    case_approve,
    case_assign,
    case_close,
    case_decide,
    case_notify_result,
    case_propose,
    case_start_verification,
)
from workflows.flows import routing
from workflows.flows.routing import process_for

pytestmark = pytest.mark.django_db


def walk(cast, make_case):
    case = make_case(kind=Kind.COMPLAINT)
    case = case_accept(case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011, Đ.27")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng một phần", outcome="partly")
    case = case_approve(case=case, actor=cast.chair)
    case = case_decide(
        case=case, actor=cast.officer, decision_number="01/QĐ", decision_text="Quyết định", outcome="partly"
    )
    case = case_notify_result(case=case, actor=cast.officer)
    return case_close(case=case, actor=cast.officer)


def history(case):
    """Every task of the case's process, ids replaced by their order, times by whether they are set."""
    process = process_for(case)
    tasks = list(Task.objects.filter(process=process).order_by("pk").prefetch_related("previous"))
    order = {t.pk: n for n, t in enumerate(tasks)}
    rows = [
        (
            t.flow_task.name,
            t.flow_task_type,
            t.status,
            t.owner_id,
            t.owner_permission,
            str(t.token),
            t.data,
            t.started is not None,
            t.finished is not None,
            sorted(order[p.pk] for p in t.previous.all()),
        )
        for t in tasks
    ]
    return process.status, process.finished is not None, process.data, rows


def test_the_bulk_step_writes_what_viewflow_writes(cast, make_case, monkeypatch):
    calls = []
    real = routing._advance

    def counted(task, obj, *, data):
        calls.append(task.flow_task.name)
        return real(task, obj, data=data)

    real_start = routing._start

    def counted_start(flow_class, obj, owner):
        calls.append("start")
        return real_start(flow_class, obj, owner=owner)

    monkeypatch.setattr(routing, "_advance", counted)
    monkeypatch.setattr(routing, "_start", counted_start)
    fast = history(walk(cast, make_case))
    assert calls[0] == "start" and len(calls) >= 8  # the bulk steps did route the walk

    monkeypatch.setattr(routing, "_advance", lambda task, obj, data: False)
    monkeypatch.setattr(routing, "_start", lambda flow_class, obj, owner: False)
    slow = history(walk(cast, make_case))

    assert fast == slow
    names = [row[0] for row in fast[3]]
    assert names[:5] == ["start", "route", "triage", "route", "assign"]
    assert names[-1] == "end"


def test_a_task_closed_meanwhile_is_not_closed_twice(cast, make_case):
    case = make_case(kind=Kind.COMPLAINT)
    (task,) = Task.objects.filter(process=process_for(case), flow_task_type="HUMAN")
    Task.objects.filter(pk=task.pk).update(status="DONE")  # another writer got there first
    accepted = SimpleNamespace(status="accepted", unit=case.unit, assignee=None)
    before = Task.objects.count()
    assert routing._advance(task, accepted, data={"status": "accepted"}) is False
    assert Task.objects.count() == before


def inspection_walk(cast, number):
    from casework.inspections import services
    from tests.inspections.conftest import conclude, open_ad_hoc, raise_flag, recommend

    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)], number=number))
    rec = recommend(cast, inspection)
    inspection = services.inspection_conclusion_notify(inspection=inspection, actor=cast.inspector)
    report = services.followup_report(recommendation=rec, text="Đã thu hồi", actor=cast.subject_rep)
    services.followup_verify(report=report, verdict="returned", actor=cast.inspector2, reason="Thiếu chứng từ")
    report = services.followup_report(recommendation=rec, text="Bổ sung giấy nộp tiền", actor=cast.subject_rep)
    services.followup_verify(report=report, verdict="accepted", actor=cast.inspector2)
    return inspection, rec


def test_inspections_and_follow_ups_get_the_same_rows_both_ways(cast, frozen_clock, monkeypatch):
    fast = [history(obj) for obj in inspection_walk(cast, number="05/QĐ-UBKT")]
    monkeypatch.setattr(routing, "_advance", lambda task, obj, data: False)
    monkeypatch.setattr(routing, "_start", lambda flow_class, obj, owner: False)
    slow = [history(obj) for obj in inspection_walk(cast, number="06/QĐ-UBKT")]
    assert fast == slow
    assert [rows[0] for rows in fast] == ["DONE", "DONE"]  # both processes ran to their end
