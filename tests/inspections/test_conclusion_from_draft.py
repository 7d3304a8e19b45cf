"""The chair's conclusion starts from the team's draft report; concluding otherwise than the team
proposed needs a stated reason, on the page and through the API alike (one rule in the service)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from casework.audit.models import AuditEvent
from casework.audit.timeline import event_reason
from casework.inspections import services
from casework.inspections.models import Inspection
from core.errors import ValidationFailed
from tests.builders import explanation_time_over, open_ad_hoc, raise_flag, walk_to_reporting

pytestmark = pytest.mark.django_db

DRAFT = "Đơn vị chi hỗ trợ 12.500.000 đồng không có chứng từ: vi phạm một phần."


def _drafted(cast, outcome="partly"):
    inspection = walk_to_reporting(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    explanation_time_over(inspection)  # the unit did not explain in its time: the conclusion is due
    # walk_to_reporting drafted without a proposal: the team's draft with one is this step's form.
    Inspection.objects.filter(pk=inspection.pk).update(draft_report=DRAFT, proposed_outcome=outcome)
    inspection.refresh_from_db()
    return inspection


def test_the_team_proposes_an_outcome_with_its_draft_report(cast, frozen_clock, client):
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    inspection = services.inspection_notify(inspection=inspection, text="Chuẩn bị sổ sách", actor=cast.inspector)
    inspection = services.inspection_acknowledge(inspection=inspection, actor=cast.subject_rep)
    for item in inspection.checklist.all():
        services.checklist_mark(item=item, actor=cast.inspector2, note="Đã đối chiếu")
    client.force_login(cast.inspector)
    response = client.post(
        reverse("inspections:inspection_act", args=[inspection.pk, "report_draft"]),
        {"text": DRAFT, "outcome": "partly"},
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert (inspection.status, inspection.proposed_outcome) == (Inspection.Status.REPORTING, "partly")


def test_the_conclusion_form_is_filled_in_from_the_draft(cast, frozen_clock, client):
    inspection = _drafted(cast)
    client.force_login(cast.chair)
    page = client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).content.decode()
    start = page.index(reverse("inspections:inspection_act", args=[inspection.pk, "conclude"]))
    form = page[start : page.index("</form>", start)]
    assert '<option value="partly" selected>' in form and DRAFT in form
    assert 'data-depends-on="outcome"' in form


def test_a_departing_conclusion_needs_a_reason_on_the_page_and_changes_nothing_without(cast, frozen_clock, client):
    inspection = _drafted(cast)
    client.force_login(cast.chair)
    url = reverse("inspections:inspection_act", args=[inspection.pk, "conclude"])
    data = {"outcome": "unfounded", "text": "Không vi phạm.", "confirm": "on"}
    refused = client.post(url, data)
    assert refused.status_code == 400 and "khác với đề xuất trong dự thảo báo cáo" in refused.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.REPORTING and inspection.outcome == ""
    reason = "Đơn vị đã nộp bổ sung chứng từ hợp lệ khi giải trình."
    assert client.post(url, {**data, "deviation_reason": reason}).status_code == 302
    inspection.refresh_from_db()
    assert (inspection.status, inspection.outcome) == (Inspection.Status.CONCLUDED, "unfounded")
    event = AuditEvent.objects.get(action="inspection.conclude", target_id=str(inspection.pk))
    assert event_reason(event) == reason


def test_the_service_and_the_api_enforce_the_same_rule(cast, frozen_clock):
    inspection = _drafted(cast)
    with pytest.raises(ValidationFailed) as refused:
        services.inspection_conclude(inspection=inspection, outcome="founded", text="Có vi phạm.", actor=cast.chair)
    assert "deviation_reason" in refused.value.fields
    api = APIClient()
    api.force_authenticate(cast.chair)
    response = api.post(
        f"/api/inspections/{inspection.pk}/conclude/", {"outcome": "founded", "text": "Có vi phạm."}, format="json"
    )
    assert response.status_code == 400 and "deviation_reason" in response.json()["fields"]
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.REPORTING
    same = api.post(f"/api/inspections/{inspection.pk}/conclude/", {"outcome": "partly", "text": DRAFT}, format="json")
    assert same.status_code == 200, same.json()
