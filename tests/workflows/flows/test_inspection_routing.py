"""An inspection's steps and each recommendation's follow-up become tasks for the team lead,
the chair, or the subject unit's representative, and only theirs."""

import datetime as dt

import pytest
from django.urls import reverse
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from casework.inspections import services
from core import clock
from tests.builders import at, conclude, open_ad_hoc, raise_flag, recommend, walk_to_reporting
from workflows.flows.inbox import task_list_inbox
from workflows.flows.routing import process_for
from workflows.models import Deadline

pytestmark = pytest.mark.django_db


def open_steps(obj):
    tasks = Task.objects.filter(process=process_for(obj), status__in=[STATUS.NEW, STATUS.ASSIGNED])
    return sorted(t.flow_task.name for t in tasks)


def inbox_objects(user):
    return [(t.process.artifact_content_type.model, t.process.artifact_object_id) for t in task_list_inbox(user=user)]


def test_an_inspection_is_routed_from_decision_to_conclusion_notice(cast, frozen_clock):
    flag = raise_flag(cast)
    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[flag]
    )
    # The committee forms the team first; the decision, which names it, waits on its signers after.
    assert open_steps(inspection) == ["form_team"]
    assert ("inspection", inspection.pk) in inbox_objects(cast.chair)
    assert ("inspection", inspection.pk) not in inbox_objects(cast.subject_rep)

    services.inspection_team_set(
        inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.inspector
    )
    assert open_steps(inspection) == ["decide"]
    assert ("inspection", inspection.pk) in inbox_objects(cast.chair)
    inspection = services.inspection_decide(inspection=inspection, actor=cast.chair)
    assert open_steps(inspection) == ["notify"]
    task = Task.objects.get(process=process_for(inspection), status=STATUS.ASSIGNED)
    assert task.owner == cast.inspector  # the team lead

    inspection = services.inspection_notify(inspection=inspection, text="Chuẩn bị chứng từ", actor=cast.inspector)
    assert open_steps(inspection) == ["acknowledge"]
    assert ("inspection", inspection.pk) in inbox_objects(cast.subject_rep)
    assert ("inspection", inspection.pk) not in inbox_objects(cast.inspector2)


def test_the_whole_path_ends_the_process_and_routes_follow_ups(cast, frozen_clock):
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    inspection = conclude(cast, inspection)
    assert open_steps(inspection) == ["notify_conclusion"]
    rec = recommend(cast, inspection)
    assert open_steps(rec) == ["report"]
    assert ("recommendation", rec.pk) in inbox_objects(cast.subject_rep)

    inspection = services.inspection_conclusion_notify(inspection=inspection, actor=cast.inspector)
    assert process_for(inspection).status == PROCESS.DONE

    report = services.followup_report(recommendation=rec, text="Đã thu hồi, nộp quỹ", actor=cast.subject_rep)
    assert open_steps(rec) == ["verify"]
    assert ("recommendation", rec.pk) in inbox_objects(cast.inspector2)
    assert ("recommendation", rec.pk) not in inbox_objects(cast.subject_rep)

    services.followup_verify(report=report, verdict="returned", actor=cast.inspector2, reason="Thiếu chứng từ nộp quỹ")
    assert open_steps(rec) == ["report"]
    report = services.followup_report(recommendation=rec, text="Bổ sung giấy nộp tiền", actor=cast.subject_rep)
    services.followup_verify(report=report, verdict="accepted", actor=cast.inspector2)
    assert process_for(rec).status == PROCESS.DONE


def test_the_units_explanation_task_shows_the_units_own_last_day(cast, frozen_clock, client):
    """The representative's task to explain the draft report is due on the unit's last day to explain
    (explanation_due_on, the day the notice gives), not on the committee's conclusion clock; overdue in
    their list once that day has ended."""
    inspection = walk_to_reporting(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    due = inspection.explanation_due_on
    client.force_login(cast.subject_rep)

    def explain_row():
        (row,) = [r for r in client.get(reverse("tasks")).context["rows"] if "Giải trình dự thảo" in r["label"]]
        return row

    row = explain_row()
    assert row["due"] == f"{due:%d/%m/%Y}" and not row["overdue"] and row["status"].due_on == due
    running = Deadline.objects.get(target_type="inspections.inspection", target_id=str(inspection.pk), status="open")
    assert running.due_on != due  # the object's own clock (the conclusion's) says another day

    clock.set_now(at(due, 16))  # the last day itself: still on time (Bộ luật Dân sự 2015 Đ.148)
    assert not explain_row()["overdue"]
    clock.set_now(at(due + dt.timedelta(days=1), 7))  # before the hourly job routes it to the signers
    row = explain_row()
    assert row["overdue"] and row["due"] == f"{due:%d/%m/%Y}" and row["status"].days_overdue == 1
