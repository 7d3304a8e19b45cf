"""A unit with no account explains the draft report on paper: the chair or the team lead records it (text,
the scan if any), the trail says it was received on paper, and it counts as the unit's explanation: the
conclusion need not wait out the unit's time."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from viewflow.workflow.models import Task

from casework.audit.models import AuditEvent
from casework.files.models import Attachment
from casework.inspections import services
from casework.inspections.actions import inspection_actions
from casework.inspections.models import Flag, Inspection
from core import clock
from core.errors import OutOfScope, TransitionNotAllowed, ValidationFailed
from tests.builders import open_ad_hoc, raise_flag, walk_to_reporting
from tests.factories import make_unit
from workflows.flows.routing import OPEN_TASK_STATUSES


def scan(name: str = "giai-trinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", "application/pdf")


def _draft_out_to_unit_without_account(cast):
    no_account = make_unit(parent=cast.sector, name="CĐCS Trạm y tế xã", code="TYT")
    flag = raise_flag(cast, unit=no_account)
    inspection = services.inspection_open(unit=cast.sector, subject_unit=no_account, actor=cast.inspector, flags=[flag])
    services.inspection_team_set(
        inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.inspector
    )
    inspection = services.inspection_decide(inspection=inspection, actor=cast.chair)
    inspection = services.inspection_notify(
        inspection=inspection, text="Đề nghị chuẩn bị sổ sách", actor=cast.inspector
    )
    inspection = services.inspection_notice_delivered(
        inspection=inspection, actor=cast.inspector, delivered_on=clock.today(), means="hand", uploads=[scan("kn.pdf")]
    )
    for item in inspection.checklist.all():
        services.checklist_mark(item=item, actor=cast.inspector2)
    inspection = services.inspection_report_draft(inspection=inspection, text="Dự thảo", actor=cast.inspector)
    return flag, inspection


def _open_steps(inspection: Inspection) -> set[str]:
    tasks = Task.objects.filter(status__in=OPEN_TASK_STATUSES, process__artifact_object_id=inspection.pk)
    return {task.flow_task.name for task in tasks}


def test_the_chair_records_the_units_paper_explanation_on_the_page_and_the_conclusion_goes_ahead(
    cast, frozen_clock, client
):
    flag, inspection = _draft_out_to_unit_without_account(cast)
    assert inspection.explanation_due_on > clock.today()  # the unit's time to explain still runs
    assert "conclude" not in inspection_actions(user=cast.chair, inspection=inspection)
    assert "explain_paper" in inspection_actions(user=cast.inspector, inspection=inspection)  # the team lead
    assert "explain_paper" not in inspection_actions(user=cast.inspector2, inspection=inspection)
    assert "explain_paper" not in inspection_actions(user=cast.auditor, inspection=inspection)
    assert _open_steps(inspection) == {"explain"}

    client.force_login(cast.chair)
    page = reverse("inspections:inspection_detail", args=[inspection.pk])
    assert 'id="action-explain_paper"' in client.get(page).content.decode()
    response = client.post(
        reverse("inspections:inspection_act", args=[inspection.pk, "explain_paper"]),
        {"text": "Đơn vị giải trình: đã nộp bổ sung chứng từ", "files": [scan()]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    inspection.refresh_from_db()
    assert (inspection.status, inspection.explanation) == (
        Inspection.Status.EXPLAINED,
        "Đơn vị giải trình: đã nộp bổ sung chứng từ",
    )
    event = AuditEvent.objects.get(action="inspection.explain", target_id=str(inspection.pk))
    assert (event.actor_id, event.after["received_on_paper"], event.after["documents"]) == (cast.chair.pk, True, 1)
    assert Attachment.objects.filter(kind="explanation", target_id=str(inspection.pk)).count() == 1
    # It counts as the unit's explanation: the conclusion's step opens before the unit's time runs out.
    assert _open_steps(inspection) == {"conclude"}
    assert "conclude" in inspection_actions(user=cast.chair, inspection=inspection)
    services.inspection_conclude(inspection=inspection, outcome="founded", text="Có vi phạm", actor=cast.chair)
    flag.refresh_from_db()
    assert flag.status == Flag.Status.INSPECTED


def test_the_team_lead_records_it_through_the_api_without_a_scan(cast, frozen_clock, api_as):
    _flag, inspection = _draft_out_to_unit_without_account(cast)
    url = f"/api/inspections/{inspection.pk}/explain_paper/"
    # Not offered to a member who is not the lead; a unit's representative elsewhere does not see it.
    assert api_as(cast.inspector2).post(url, {"text": "Giải trình"}, format="multipart").status_code == 409
    assert api_as(cast.subject_rep).post(url, {"text": "Giải trình"}, format="multipart").status_code == 404
    assert api_as(cast.inspector).post(url, {"text": "  "}, format="multipart").status_code == 400
    response = api_as(cast.inspector).post(url, {"text": "Giải trình bằng văn bản"}, format="multipart")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "explained" and body["explanation"] == "Giải trình bằng văn bản"
    assert "conclude" not in body["allowed_actions"]  # the lead does not sign
    event = AuditEvent.objects.get(action="inspection.explain", target_id=str(inspection.pk))
    assert event.after == {"status": "explained", "received_on_paper": True, "documents": 0}
    # Recorded once: a second post finds the explanation there.
    again = api_as(cast.chair).post(url, {"text": "Lần nữa"}, format="multipart")
    assert again.status_code == 409, again.content
    assert AuditEvent.objects.filter(action="inspection.explain", target_id=str(inspection.pk)).count() == 1


def test_nobody_explains_on_paper_for_a_unit_that_has_an_account(cast, frozen_clock):
    inspection = walk_to_reporting(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    assert "explain_paper" not in inspection_actions(user=cast.chair, inspection=inspection)
    with pytest.raises(TransitionNotAllowed):
        services.inspection_explain(inspection=inspection, text="Thay đơn vị", actor=cast.chair, received_on_paper=True)
    with pytest.raises(OutOfScope):  # and staff cannot explain as the unit itself
        services.inspection_explain(inspection=inspection, text="Thay đơn vị", actor=cast.chair)
    inspection.refresh_from_db()
    assert (inspection.status, inspection.explanation) == (Inspection.Status.REPORTING, "")


def test_a_blank_paper_explanation_names_the_field_and_changes_nothing(cast, frozen_clock):
    _flag, inspection = _draft_out_to_unit_without_account(cast)
    with pytest.raises(ValidationFailed) as err:
        services.inspection_explain(inspection=inspection, text=" ", actor=cast.chair, received_on_paper=True)
    assert "text" in err.value.fields
    with pytest.raises(TransitionNotAllowed):
        services.inspection_explain(inspection=inspection, text="x", actor=cast.inspector2, received_on_paper=True)
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.REPORTING
    assert not AuditEvent.objects.filter(action="inspection.explain", target_id=str(inspection.pk)).exists()
