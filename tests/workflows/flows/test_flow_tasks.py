"""The tasks our flows leave behind are viewflow's own activations: every step of a walk is one
human task, passed through the flow's `route` switch (first matching case, the `Default` last), in
a single chain of `previous` links from the start to the end."""

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from casework.cases.models import Kind
from casework.cases.services import (
    case_accept,
    case_approve,
    case_assign,
    case_close,
    case_decide,
    case_notify_result,
    case_propose,
    case_refuse,
    case_start_verification,
)
from tests.builders import DECISION_PARTS, before_dialogue, dialogued
from workflows.flows.routing import process_advance, process_for

pytestmark = pytest.mark.django_db


def history(obj):
    """(node name, status, owner id) of every task of the object's process, oldest first, after
    checking that each task follows the one before it."""
    tasks = list(Task.objects.filter(process=process_for(obj)).order_by("pk").prefetch_related("previous"))
    for before, task in zip(tasks, tasks[1:], strict=False):
        assert [p.pk for p in task.previous.all()] == [before.pk], task
    return [(t.flow_task.name, t.status, t.owner_id) for t in tasks]


def steps(obj):
    return [name for name, _status, _owner in history(obj) if name != "route"]


def test_a_complaint_leaves_one_chain_of_tasks_from_start_to_end(cast, make_case):
    with before_dialogue():  # accepted five days ago: its dialogue may be held today
        case = make_case(kind=Kind.COMPLAINT)
        case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011, Đ.27")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = dialogued(case, cast.officer)  # the result differs from the demands (Luật Khiếu nại 2011 Đ.30)
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng một phần", outcome="partly")
    case = case_approve(case=case, actor=cast.chair)
    case = case_decide(case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Quyết định", outcome="partly")
    case = case_notify_result(case=case, actor=cast.officer)
    case = case_close(case=case, actor=cast.officer)

    rows = history(case)
    assert steps(case) == [
        "start", "triage", "assign", "verify", "verify", "verify", "approve", "issue", "notify", "close", "end",
    ]  # fmt: skip
    assert all(status == STATUS.DONE for _name, status, _owner in rows)
    owners = {name: owner for name, _status, owner in rows if name in ("verify", "issue", "notify", "close")}
    assert set(owners.values()) == {cast.officer.pk}  # the resolving officer's steps were theirs
    process = process_for(case)
    assert process.status == PROCESS.DONE and process.finished is not None
    # Each step's task was opened for the status the case then had (routing compares it on the next save).
    opened_for = Task.objects.filter(process=process, flow_task_type="HUMAN").order_by("pk")
    assert [t.data["status"] for t in opened_for] == [
        "received", "accepted", "assigned", "verifying", "dialogue", "proposed", "approved", "decided", "notified",
    ]  # fmt: skip


def test_a_status_no_case_names_takes_the_default_branch(cast, make_case):
    case = make_case(kind=Kind.COMPLAINT)
    case_refuse(subject_area="khac", case=case, actor=cast.intake, ground="court")
    assert steps(case) == ["start", "triage", "end"]
    assert process_for(case).status == PROCESS.DONE


def test_advancing_an_object_already_in_step_writes_nothing(cast, make_case):
    case = make_case(kind=Kind.COMPLAINT)
    before = history(case)
    process_advance(obj=case)
    assert history(case) == before


def test_inspections_and_follow_ups_leave_one_chain_each(cast, frozen_clock):
    from casework.inspections import services
    from tests.builders import conclude, open_ad_hoc, raise_flag, recommend

    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    rec = recommend(cast, inspection)
    inspection = services.inspection_conclusion_notify(inspection=inspection, actor=cast.inspector)
    report = services.followup_report(recommendation=rec, text="Đã thu hồi", actor=cast.subject_rep)
    services.followup_verify(report=report, verdict="returned", actor=cast.inspector2, reason="Thiếu chứng từ")
    report = services.followup_report(recommendation=rec, text="Bổ sung giấy nộp tiền", actor=cast.subject_rep)
    services.followup_verify(report=report, verdict="accepted", actor=cast.inspector2)

    assert steps(inspection) == [
        "start", "form_team", "decide", "notify", "acknowledge", "fieldwork", "explain", "conclude",
        "notify_conclusion", "end",
    ]  # fmt: skip
    assert steps(rec) == ["start", "report", "verify", "report", "verify", "end"]
    assert process_for(inspection).status == PROCESS.DONE
    assert process_for(rec).status == PROCESS.DONE
