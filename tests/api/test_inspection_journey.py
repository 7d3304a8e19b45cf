"""Through the API alone: a flag raised by hand against a unit with no account reaches its approved conclusion;
and every action any `allowed_actions` offers on the way has a route that answers (never a 404 or 405)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.inspections.models import Flag, Inspection
from core import clock
from tests.builders import explanation_time_over
from tests.factories import UserFactory, make_unit

pytestmark = pytest.mark.django_db


def _pdf(name: str = "ky-nhan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", "application/pdf")


def _post(client, url: str, data: dict | None = None, *, multipart: bool = False):
    response = client.post(url, data or {}, format="multipart" if multipart else "json")
    assert response.status_code in (200, 201), (url, response.status_code, response.content[:400])
    return response.json()


def test_from_raising_the_flag_to_the_approved_conclusion_with_a_unit_that_has_no_account(cast, api_as, frozen_clock):
    no_account = make_unit(parent=cast.sector, name="CĐCS Trạm y tế xã", code="TYT")
    inspector, chair = api_as(cast.inspector), api_as(cast.chair)

    raised = inspector.post(
        "/api/flags/",
        {
            "unit": no_account.pk,
            "category": "finance_spending",
            "subject_area": "tai_chinh_cong_doan",
            "severity": "high",
            "evidence": "Chi sai 5.000.000 đồng",
        },
        format="json",
    )
    assert raised.status_code == 201, raised.content
    flag = raised.json()
    assert (flag["status"], flag["bucket"]) == ("raised", "in_progress")
    assert {"open_inspection", "escalate"} <= set(flag["allowed_actions"])
    bad = inspector.post("/api/flags/", {"unit": no_account.pk, "category": "nope", "evidence": ""}, format="json")
    assert bad.status_code == 400 and {"category"} <= set(bad.json().get("fields", bad.json()))

    _post(inspector, f"/api/flags/{flag['id']}/open_inspection/", {"unit": cast.sector.pk})
    flag = inspector.get(f"/api/flags/{flag['id']}/").json()
    url = f"/api/inspections/{flag['inspection']}/"
    body = chair.get(url).json()
    assert {"team", "escalate", "assign_rep"} <= set(body["allowed_actions"])
    # Grouping more flags in is offered only while the subject unit has a raised flag left.
    assert "add_flags" not in body["allowed_actions"]
    more = {"unit": no_account.pk, "category": "finance_spending", "subject_area": "tai_chinh_cong_doan"}
    more |= {"severity": "low", "evidence": "Thiếu chứng từ"}
    second = inspector.post("/api/flags/", more, format="json")
    assert second.status_code == 201, second.content
    assert "add_flags" in chair.get(url).json()["allowed_actions"]
    _post(inspector, url + "add_flags/", {"flags": [second.json()["id"]]})
    assert "add_flags" not in chair.get(url).json()["allowed_actions"]
    assert "decide" not in body["allowed_actions"]  # the decision names the team: offered once it is formed
    team = {"members": [cast.inspector2.pk, cast.inspector3.pk], "lead": cast.inspector.pk}
    _post(inspector, url + "team/", team)
    assert "decide" in chair.get(url).json()["allowed_actions"]
    _post(chair, url + "decide/", {})
    _post(inspector, url + "notify/", {"text": "Đề nghị chuẩn bị sổ sách, chứng từ"})

    body = inspector.get(url).json()
    assert body["status"] == "notified" and "deliver_notice" in body["allowed_actions"]
    delivery = {"delivered_on": clock.today().isoformat(), "means": "hand", "uploads": [_pdf()]}
    _post(inspector, url + "deliver_notice/", delivery, multipart=True)

    body = inspector.get(url).json()
    assert (body["status"], body["notice_delivery_means"]) == ("fieldwork", "hand")
    assert body["checklist"], "the detail lists the checklist items the check action takes"
    for item in body["checklist"]:
        _post(api_as(cast.inspector2), url + "check/", {"item": item["id"], "note": "Đã đối chiếu"})
    _post(inspector, url + "finding/", {"topic": "finance_spending", "description": "Chi sai mục đích"})
    _post(inspector, url + "report_draft/", {"text": "Dự thảo báo cáo"})
    # A unit with no account explains on paper, if at all: the conclusion waits out its time.
    assert "conclude" not in chair.get(url).json()["allowed_actions"]
    explanation_time_over(Inspection.objects.get(pk=flag["inspection"]))
    body = chair.get(url).json()
    assert "conclude" in body["allowed_actions"]
    _post(chair, url + "conclude/", {"outcome": "founded", "text": "Có vi phạm"})

    flag = inspector.get(f"/api/flags/{flag['id']}/").json()
    assert (flag["status"], flag["bucket"]) == (Flag.Status.INSPECTED, "inspected")
    coverage = chair.get("/api/reports/coverage/").json()
    assert (coverage["totals"]["inspected"], coverage["totals"]["raised"]) == (2, 2)


def _walk_targets(cast, api_as) -> list[tuple[object, str, dict]]:
    """(client, detail url, detail body) for flags, inspections and escalations at every step a cast member sees."""
    from tests.builders import conclude, open_ad_hoc, raise_flag, walk_to_reporting

    flag = raise_flag(cast)
    running = open_ad_hoc(cast, [raise_flag(cast)])
    reporting = walk_to_reporting(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    done = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    from workflows.services.escalations import escalation_open

    escalation = escalation_open(target=flag, unit=cast.hospital, reason="Chậm mở kiểm tra", actor=cast.inspector)
    people = [cast.inspector, cast.chair, cast.subject_rep, cast.leader, cast.auditor]
    found = []
    for person in people:
        client = api_as(person)
        for url in (
            f"/api/flags/{raise_flag(cast).pk}/",
            f"/api/inspections/{running.pk}/",
            f"/api/inspections/{reporting.pk}/",
            f"/api/inspections/{done.pk}/",
            f"/api/escalations/{escalation.pk}/",
        ):
            response = client.get(url)
            if response.status_code == 200:
                found.append((client, url, response.json()))
    return found


def test_every_action_offered_in_allowed_actions_has_a_route(cast, api_as, frozen_clock):
    """An empty body is posted to each offered action: the route must exist and answer with its own verdict
    (done, or a 400 naming the missing field, or a 409), never 404/405 for a route nobody wrote."""
    UserFactory(username="spare")
    offered = 0
    for client, url, body in _walk_targets(cast, api_as):
        assert "allowed_actions" in body, url
        for action in body["allowed_actions"]:
            response = client.post(f"{url}{action}/", {}, format="json")
            assert response.status_code not in (404, 405, 500), (url, action, response.status_code)
            offered += 1
    assert offered >= 10
    # Auditors read everything in scope, escalations included.
    listed = api_as(cast.auditor).get("/api/escalations/")
    assert listed.status_code == 200 and len(listed.json()["results"]) >= 1
