"""An inspection's steps and each recommendation's follow-up become tasks for the team lead,
the chair, or the subject unit's representative, and only theirs."""

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from casework.inspections import services
from tests.builders import conclude, open_ad_hoc, raise_flag, recommend
from workflows.flows.inbox import task_list_inbox
from workflows.flows.routing import process_for

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
