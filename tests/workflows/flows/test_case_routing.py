"""Each step of a case becomes a viewflow task with the right owner or pool, in the inbox of
the right people only, and the process ends when the case is closed."""

import datetime as dt

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from casework.cases.models import Kind
from casework.cases.services import (
    case_accept,
    case_answer,
    case_approve,
    case_assign,
    case_close,
    case_decide,
    case_notify_result,
    case_propose,
    case_refuse,
    case_start_verification,
)
from core import clock
from tests.builders import DECISION_PARTS, before_dialogue, dialogued
from workflows.flows.inbox import task_list_inbox
from workflows.flows.routing import process_for

pytestmark = pytest.mark.django_db


def open_tasks(case):
    return list(Task.objects.filter(process=process_for(case), status__in=[STATUS.NEW, STATUS.ASSIGNED]))


def open_step(case):
    tasks = open_tasks(case)
    assert len(tasks) == 1, tasks
    return tasks[0].flow_task.name


def inbox_cases(user):
    return [t.process.artifact_object_id for t in task_list_inbox(user=user)]


def test_a_complaint_walks_through_its_flow_to_the_end(cast, make_case):
    with before_dialogue():  # accepted five days ago: its dialogue may be held today
        case = make_case(kind=Kind.COMPLAINT)
        assert open_step(case) == "triage"
        assert case.pk in inbox_cases(cast.intake)
        assert case.pk in inbox_cases(cast.officer2)  # case officers also triage letters in their unit
        assert case.pk not in inbox_cases(cast.inspector)
        assert case.pk not in inbox_cases(cast.other_officer)

        case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011, Đ.27")
    assert open_step(case) == "assign"
    assert case.pk in inbox_cases(cast.chair)

    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    assert open_step(case) == "verify"
    task = open_tasks(case)[0]
    assert task.owner == cast.officer
    assert case.pk in inbox_cases(cast.officer)
    assert case.pk not in inbox_cases(cast.officer2)

    case = case_start_verification(case=case, actor=cast.officer)
    assert open_step(case) == "verify"
    # Found partly founded, the result differs from the demands: the dialogue first (Luật Khiếu nại 2011 Đ.30).
    case = dialogued(case, cast.officer)
    assert open_step(case) == "verify"
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng một phần", outcome="partly")
    assert open_step(case) == "approve"
    case = case_approve(case=case, actor=cast.chair)
    assert open_step(case) == "issue"
    case = case_decide(case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Quyết định", outcome="partly")
    assert open_step(case) == "notify"
    case = case_notify_result(case=case, actor=cast.officer)
    assert open_step(case) == "close"
    case = case_close(case=case, actor=cast.officer)

    process = process_for(case)
    assert process.status == PROCESS.DONE
    assert open_tasks(case) == []
    done = Task.objects.filter(process=process, status=STATUS.DONE).values_list("flow_task", flat=True)
    assert len(done) >= 9


def test_a_refused_letter_ends_its_flow(cast, make_case):
    case = make_case(kind=Kind.COMPLAINT)
    case_refuse(subject_area="khac", case=case, actor=cast.intake, ground="court")
    assert process_for(case).status == PROCESS.DONE
    assert inbox_cases(cast.intake) == []


def test_a_petition_is_answered_and_closed(cast, make_case):
    case = make_case(kind=Kind.PETITION)
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Quy chế tiếp nhận kiến nghị")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer2)
    assert open_step(case) == "answer"
    assert open_tasks(case)[0].owner == cast.officer2
    case = case_answer(case=case, actor=cast.officer2, answer="Đã trả lời")
    assert open_step(case) == "close"


def test_reassignment_hands_the_open_task_over(cast, make_case):
    case = make_case(kind=Kind.DENUNCIATION)
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Tố cáo 2018, Đ.29")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer2)
    task = open_tasks(case)[0]
    assert task.owner == cast.officer2
    assert case.pk in inbox_cases(cast.officer2)
    assert case.pk not in inbox_cases(cast.officer)


def test_the_inbox_shows_due_dates_overdue_first(cast, make_case):
    first = make_case(kind=Kind.COMPLAINT)
    clock.advance(dt.timedelta(days=3))
    second = make_case(kind=Kind.COMPLAINT)
    tasks = list(task_list_inbox(user=cast.intake))
    assert [t.process.artifact_object_id for t in tasks] == [first.pk, second.pk]
    assert all(t.due_at is not None for t in tasks)


def test_a_rolled_back_service_leaves_no_task(cast, make_case):
    from core.errors import ValidationFailed

    case = make_case(kind=Kind.COMPLAINT)
    before = Task.objects.count()
    with pytest.raises(ValidationFailed):
        case_refuse(subject_area="khac", case=case, actor=cast.intake, ground="")
    assert Task.objects.count() == before
    assert open_step(case) == "triage"


def test_a_task_opened_before_tasks_carried_their_status_routes_as_before(cast, make_case):
    """Tasks opened while the process kept the routed status take it from the process (migration),
    then a reassignment hands the task over and a step completes it, as for a new task."""
    from importlib import import_module

    from django.apps import apps

    case = make_case(kind=Kind.COMPLAINT)
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011, Đ.27")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    (task,) = open_tasks(case)
    process = process_for(case)
    process.data = {"status": "assigned"}
    process.save(update_fields=["data"])
    task.data = {k: v for k, v in task.data.items() if k != "status"}
    task.save(update_fields=["data"])

    import_module("workflows.migrations.0011_open_task_status").stamp_open_tasks(apps, None)

    task.refresh_from_db()
    assert task.data["status"] == "assigned" and task.data["unit_path"] == case.unit.path
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer2)  # same step, new holder
    assert [(t.pk, t.owner_id) for t in open_tasks(case)] == [(task.pk, cast.officer2.pk)]
    case = case_start_verification(case=case, actor=cast.officer2)  # the step moves on
    assert open_step(case) == "verify" and open_tasks(case)[0].pk != task.pk
