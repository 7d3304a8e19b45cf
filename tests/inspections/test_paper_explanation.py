"""A unit with no account explains the draft report on paper: the chair or the team lead records it (the day
the paper was received, its number, the text, the scan if any); the inspection keeps how, when and under
which paper it was received, the page and the API show it, and it counts as the unit's explanation: the
conclusion need not wait out the unit's time. A paper received after the unit's last day is taken while
the conclusion is not made, and reads as late (casework.inspections.explanation)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from viewflow.workflow.models import Task

from casework.audit.models import AuditEvent
from casework.files.models import Attachment
from casework.inspections import services
from casework.inspections.actions import inspection_actions
from casework.inspections.models import Flag, Inspection
from core import clock
from core.errors import OutOfScope, TransitionNotAllowed, ValidationFailed
from tests.builders import explanation_time_over, open_ad_hoc, raise_flag, walk_to_reporting
from tests.concurrency import at_once
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


RECEIPT = (
    "draft_report_sent_on",
    "explanation_due_on",
    "explanation_received_on",
    "explanation_on_paper",
    "explanation_paper_reference",
    "explanation_recorded_by",
    "explanation_received_late",
)


def _record_paper(inspection: Inspection, actor, *, received_on, reference: str = "12/CV-TYT") -> Inspection:
    return services.inspection_explain(
        inspection=inspection,
        text="Giải trình bằng văn bản",
        actor=actor,
        received_on_paper=True,
        received_on=received_on,
        paper_reference=reference,
    )


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
        {
            "received_on": f"{clock.today():%d/%m/%Y}",
            "paper_reference": "15/CV-TYT",
            "text": "Đơn vị giải trình: đã nộp bổ sung chứng từ",
            "files": [scan()],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    inspection.refresh_from_db()
    assert (inspection.status, inspection.explanation) == (
        Inspection.Status.EXPLAINED,
        "Đơn vị giải trình: đã nộp bổ sung chứng từ",
    )
    assert (
        inspection.explanation_on_paper,
        inspection.explanation_received_on,
        inspection.explanation_paper_reference,
        inspection.explanation_recorded_by,
        inspection.explanation_received_late,
    ) == (True, clock.today(), "15/CV-TYT", cast.chair, False)
    event = AuditEvent.objects.get(action="inspection.explain", target_id=str(inspection.pk))
    assert (event.actor_id, event.after["explanation_on_paper"], event.after["documents"]) == (cast.chair.pk, True, 1)
    shown = client.get(page).content.decode()
    assert "15/CV-TYT" in shown and f"nhận ngày {clock.today():%d/%m/%Y}" in shown
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
    paper = {"received_on": clock.today().isoformat(), "paper_reference": "07/BC-TYT"}
    # Not offered to a member who is not the lead; a unit's representative elsewhere does not see it.
    assert api_as(cast.inspector2).post(url, {**paper, "text": "Giải trình"}, format="multipart").status_code == 409
    assert api_as(cast.subject_rep).post(url, {**paper, "text": "Giải trình"}, format="multipart").status_code == 404
    assert api_as(cast.inspector).post(url, {**paper, "text": "  "}, format="multipart").status_code == 400
    response = api_as(cast.inspector).post(url, {**paper, "text": "Giải trình bằng văn bản"}, format="multipart")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "explained" and body["explanation"] == "Giải trình bằng văn bản"
    assert {k: body[k] for k in RECEIPT} == {
        "draft_report_sent_on": clock.today().isoformat(),
        "explanation_due_on": inspection.explanation_due_on.isoformat(),
        "explanation_received_on": clock.today().isoformat(),
        "explanation_on_paper": True,
        "explanation_paper_reference": "07/BC-TYT",
        "explanation_recorded_by": cast.inspector.pk,
        "explanation_received_late": False,
    }
    assert "conclude" not in body["allowed_actions"]  # the lead does not sign
    event = AuditEvent.objects.get(action="inspection.explain", target_id=str(inspection.pk))
    assert event.after == {
        "status": "explained",
        "explanation_received_on": clock.today().isoformat(),
        "explanation_on_paper": True,
        "explanation_paper_reference": "07/BC-TYT",
        "documents": 0,
    }
    # Recorded once: a second post finds the explanation there.
    again = api_as(cast.chair).post(url, {**paper, "text": "Lần nữa"}, format="multipart")
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
        services.inspection_explain(
            inspection=inspection,
            text=" ",
            actor=cast.chair,
            received_on_paper=True,
            received_on=clock.today(),
            paper_reference="1/CV",
        )
    assert set(err.value.fields) == {"text"}
    with pytest.raises(TransitionNotAllowed):
        _record_paper(inspection, cast.inspector2, received_on=clock.today())
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.REPORTING
    assert not AuditEvent.objects.filter(action="inspection.explain", target_id=str(inspection.pk)).exists()


def test_a_paper_received_in_time_but_recorded_after_the_last_day_counts_in_time(cast, frozen_clock, client):
    _flag, inspection = _draft_out_to_unit_without_account(cast)
    due = inspection.explanation_due_on
    explanation_time_over(inspection)  # the morning after the unit's last day
    # The hourly job has routed it to the signers before the lead brings the paper in.
    assert services.inspection_explanation_lapses() == "hết thời hạn giải trình: 1"
    assert _open_steps(inspection) == {"conclude"}

    inspection = _record_paper(inspection, cast.inspector, received_on=due)

    inspection.refresh_from_db()
    assert (inspection.status, inspection.explanation_received_on) == (Inspection.Status.EXPLAINED, due)
    assert not inspection.explanation_received_late
    assert _open_steps(inspection) == {"conclude"}  # one conclusion's task, still the signers'
    client.force_login(cast.chair)
    shown = client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).content.decode()
    assert f"nhận ngày {due:%d/%m/%Y}" in shown and "nhận sau hạn giải trình" not in shown


def test_a_paper_received_after_the_last_day_is_taken_before_the_conclusion_and_reads_late(
    cast, frozen_clock, client, api_as
):
    _flag, inspection = _draft_out_to_unit_without_account(cast)
    due = inspection.explanation_due_on
    explanation_time_over(inspection)
    late_day = clock.today()

    inspection = _record_paper(inspection, cast.chair, received_on=late_day)

    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.EXPLAINED and inspection.explanation_received_late
    event = AuditEvent.objects.get(action="inspection.explain", target_id=str(inspection.pk))
    assert (event.after["explanation_received_on"], event.after["explanation_due_on"]) == (
        late_day.isoformat(),
        due.isoformat(),
    )
    body = api_as(cast.chair).get(f"/api/inspections/{inspection.pk}/").json()
    assert (body["explanation_received_late"], body["explanation_received_on"]) == (True, late_day.isoformat())
    client.force_login(cast.chair)
    assert (
        "nhận sau hạn giải trình"
        in client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).content.decode()
    )
    # Once the conclusion is made, no explanation is taken any more.
    services.inspection_conclude(inspection=inspection, outcome="founded", text="Có vi phạm", actor=cast.chair)
    with pytest.raises(TransitionNotAllowed):
        _record_paper(Inspection.objects.get(pk=inspection.pk), cast.chair, received_on=late_day)


@pytest.mark.parametrize(
    ("days_from_draft", "reference", "field", "words"),
    [
        (1, "12/CV-TYT", "received_on", "không được sau ngày hôm nay"),
        (-1, "12/CV-TYT", "received_on", "không được trước ngày gửi dự thảo báo cáo (02/03/2026)"),
        (None, "12/CV-TYT", "received_on", "vui lòng nhập ngày"),
        (0, "  ", "paper_reference", "vui lòng nhập số văn bản"),
        (0, "1" * 65, "paper_reference", "tối đa 64 ký tự"),
    ],
)
def test_a_bad_receipt_day_or_number_names_the_field_and_changes_nothing(
    cast, frozen_clock, days_from_draft, reference, field, words
):
    _flag, inspection = _draft_out_to_unit_without_account(cast)
    sent_on = inspection.draft_report_sent_on
    assert sent_on == clock.today()
    received_on = None if days_from_draft is None else sent_on + dt.timedelta(days=days_from_draft)
    with pytest.raises(ValidationFailed) as err:
        _record_paper(inspection, cast.chair, received_on=received_on, reference=reference)
    assert set(err.value.fields) == {field} and words in " ".join(err.value.fields[field])
    inspection.refresh_from_db()
    assert (inspection.status, inspection.explanation_received_on, inspection.explanation_on_paper) == (
        Inspection.Status.REPORTING,
        None,
        False,
    )
    assert not AuditEvent.objects.filter(action="inspection.explain", target_id=str(inspection.pk)).exists()
    assert _open_steps(inspection) == {"explain"}


def test_the_page_and_the_api_name_the_field_of_a_day_in_the_future(cast, frozen_clock, client, api_as):
    _flag, inspection = _draft_out_to_unit_without_account(cast)
    tomorrow = clock.today() + dt.timedelta(days=1)
    client.force_login(cast.chair)
    response = client.post(
        reverse("inspections:inspection_act", args=[inspection.pk, "explain_paper"]),
        {"received_on": f"{tomorrow:%d/%m/%Y}", "paper_reference": "15/CV-TYT", "text": "Giải trình"},
    )
    assert response.status_code == 400
    assert "Ngày nhận văn bản giải trình không được sau ngày hôm nay." in response.content.decode()
    api = api_as(cast.inspector).post(
        f"/api/inspections/{inspection.pk}/explain_paper/",
        {"received_on": tomorrow.isoformat(), "paper_reference": "15/CV-TYT", "text": "Giải trình"},
        format="multipart",
    )
    assert api.status_code == 400 and "received_on" in api.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.REPORTING and inspection.explanation == ""


def test_someone_outside_the_units_scope_finds_neither_the_page_nor_the_api(cast, frozen_clock, client, api_as):
    _flag, inspection = _draft_out_to_unit_without_account(cast)
    paper = {"received_on": clock.today().isoformat(), "paper_reference": "15/CV-TYT", "text": "Giải trình"}
    for user in (cast.other_officer, cast.outsider):
        client.force_login(user)
        assert client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).status_code == 404
        assert (
            client.post(reverse("inspections:inspection_act", args=[inspection.pk, "explain_paper"]), paper).status_code
            == 404
        )
        assert api_as(user).get(f"/api/inspections/{inspection.pk}/").status_code == 404
        assert (
            api_as(user).post(f"/api/inspections/{inspection.pk}/explain_paper/", paper, format="multipart").status_code
            == 404
        )
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.REPORTING


def test_an_explanation_sent_in_the_system_keeps_its_day(cast, frozen_clock, api_as):
    inspection = walk_to_reporting(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    clock.advance(dt.timedelta(days=1))
    services.inspection_explain(inspection=inspection, text="Đơn vị giải trình", actor=cast.subject_rep)
    body = api_as(cast.chair).get(f"/api/inspections/{inspection.pk}/").json()
    assert (body["explanation_received_on"], body["explanation_on_paper"], body["explanation_recorded_by"]) == (
        clock.today().isoformat(),
        False,
        None,
    )
    assert body["draft_report_sent_on"] == (clock.today() - dt.timedelta(days=1)).isoformat()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_paper_recorded_while_the_hourly_job_runs_routes_the_inspection_once(cast, frozen_clock):
    _flag, inspection = _draft_out_to_unit_without_account(cast)
    due = inspection.explanation_due_on
    explanation_time_over(inspection)

    job, recorded = at_once(
        services.inspection_explanation_lapses,
        lambda: _record_paper(Inspection(pk=inspection.pk), cast.inspector, received_on=due),
    )

    assert job in ("hết thời hạn giải trình: 0", "hết thời hạn giải trình: 1"), job
    assert isinstance(recorded, Inspection), recorded
    inspection.refresh_from_db()
    assert (inspection.status, inspection.explanation_received_on) == (Inspection.Status.EXPLAINED, due)
    assert _open_steps(inspection) == {"conclude"}
    lapses = AuditEvent.objects.filter(action="inspection.explanation_lapsed", target_id=str(inspection.pk)).count()
    assert lapses == int(job.endswith("1"))
    assert services.inspection_explanation_lapses() == "hết thời hạn giải trình: 0"
