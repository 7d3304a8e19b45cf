"""POST /api/intake/: 202 at once with a Location to follow; bad letters 400 naming the field,
units outside scope 404, keys replayed or refused (422); nothing stored when refused."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.cases.models import Case, IntakeSubmission
from casework.cases.services import intake_queue_drain
from core import clock
from tests.builders import intake_payload

pytestmark = pytest.mark.django_db


def test_a_letter_is_accepted_at_once_and_its_location_shows_the_case_once_registered(cast, api_as, frozen_clock):
    client = api_as(cast.intake)
    response = client.post("/api/intake/", intake_payload(cast), format="json")
    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["status"], body["status_label"], body["case"], body["reference"]) == (
        "queued",
        "Chờ đăng ký",
        None,
        "",
    )
    assert response["Location"].endswith(f"/api/intake/{body['id']}/")
    assert Case.objects.count() == 0

    intake_queue_drain()
    followed = client.get(response["Location"]).json()
    case = Case.objects.get()
    assert (followed["status"], followed["case"], followed["reference"]) == ("registered", case.pk, case.reference)
    assert client.get(f"/api/cases/{case.pk}/").json()["title"] == intake_payload(cast)["title"]


def test_bad_input_is_400_naming_the_field_in_vietnamese_and_stores_nothing(cast, api_as, frozen_clock):
    client = api_as(cast.intake)
    response = client.post("/api/intake/", intake_payload(cast, content="  ", received_on="ngày mai"), format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"received_on"}  # types first, as the synchronous intake
    response = client.post("/api/intake/", intake_payload(cast, content="  "), format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["content"] == ["Phải nhập nội dung đơn."]
    response = client.post("/api/intake/", intake_payload(cast, subject_unit=10**20), format="json")
    assert response.status_code == 400 and "subject_unit" in response.json()["fields"]
    assert IntakeSubmission.objects.count() == 0


def test_units_outside_scope_are_404_and_no_intake_role_is_409(cast, api_as, frozen_clock):
    outside = api_as(cast.intake).post("/api/intake/", intake_payload(cast, unit=cast.other_sector.pk), format="json")
    assert (outside.status_code, outside.json()["code"]) == (404, "not_found")
    no_role = api_as(cast.inspector).post("/api/intake/", intake_payload(cast), format="json")
    assert no_role.status_code == 409
    assert api_as(None).post("/api/intake/", intake_payload(cast), format="json").status_code in (401, 403)
    assert IntakeSubmission.objects.count() == 0


def test_a_retry_with_the_key_is_replayed_and_the_key_with_another_letter_is_422(cast, api_as, frozen_clock):
    client = api_as(cast.intake)
    headers = {"HTTP_IDEMPOTENCY_KEY": "scan-0042"}
    first = client.post("/api/intake/", intake_payload(cast), format="json", **headers)
    again = client.post("/api/intake/", intake_payload(cast), format="json", **headers)
    assert (first.status_code, again.status_code) == (202, 202)
    assert again.json()["id"] == first.json()["id"] and again["Idempotent-Replayed"] == "true"
    other = client.post("/api/intake/", intake_payload(cast, title="Đơn khác"), format="json", **headers)
    assert (other.status_code, other.json()["code"]) == (422, "idempotency_key_reused")
    too_long = client.post("/api/intake/", intake_payload(cast), format="json", HTTP_IDEMPOTENCY_KEY="k" * 256)
    assert too_long.status_code == 400 and "Idempotency-Key" in too_long.json()["fields"]
    assert IntakeSubmission.objects.count() == 1


def test_a_refused_letter_says_why(cast, api_as, frozen_clock):
    client = api_as(cast.intake)
    location = client.post("/api/intake/", intake_payload(cast), format="json")["Location"]
    cast.intake.is_active = False  # left the union before the worker came
    cast.intake.save()
    intake_queue_drain()
    cast.intake.is_active = True
    cast.intake.save()
    body = client.get(location).json()
    assert body["status"] == "rejected"
    assert "không có quyền tiếp nhận" in body["errors"]["unit"][0]


def test_others_do_not_see_the_submission_and_the_list_is_scoped(cast, api_as, frozen_clock):
    response = api_as(cast.intake).post("/api/intake/", intake_payload(cast), format="json")
    pk = response.json()["id"]
    for stranger in (cast.other_officer, cast.outsider, cast.inspector):
        assert api_as(stranger).get(f"/api/intake/{pk}/").status_code == 404
        assert api_as(stranger).get("/api/intake/").json()["results"] == []
    colleague = api_as(cast.officer)  # receives letters for the same unit
    assert [s["id"] for s in colleague.get("/api/intake/?status=queued").json()["results"]] == [pk]
    assert colleague.get("/api/intake/?status=registered").json()["results"] == []
    assert api_as(cast.intake).get("/api/intake/abc/").status_code == 404


def test_an_administrator_sees_every_units_queue(cast, api_as, frozen_clock):
    pk = api_as(cast.intake).post("/api/intake/", intake_payload(cast), format="json").json()["id"]
    admin = api_as(cast.admin)
    assert [s["id"] for s in admin.get("/api/intake/").json()["results"]] == [pk]
    assert admin.get(f"/api/intake/{pk}/").status_code == 200


def test_the_written_out_answer_is_what_the_declared_fields_give(cast, api_as, frozen_clock):
    from rest_framework import serializers

    from casework.api.resources.intake_queue import IntakeSubmissionSerializer

    api_as(cast.intake).post("/api/intake/", intake_payload(cast), format="json")
    api_as(cast.intake).post("/api/intake/", intake_payload(cast, title=" "), format="json")  # refused: not stored
    intake_queue_drain()
    for submission in IntakeSubmission.objects.select_related("case"):
        written = IntakeSubmissionSerializer(submission).data
        declared = serializers.Serializer.to_representation(IntakeSubmissionSerializer(), submission)
        assert written == declared


def test_a_token_that_is_wrong_or_of_an_inactive_user_is_refused(cast, api_as, frozen_clock):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token khong-co-that")
    wrong = client.post("/api/intake/", intake_payload(cast), format="json")
    assert (wrong.status_code, wrong.json()["code"]) == (401, "authentication_failed")
    assert wrong["WWW-Authenticate"] == "Token"  # what to send instead
    inactive = api_as(cast.intake)
    cast.intake.is_active = False
    cast.intake.save()
    refused = inactive.post("/api/intake/", intake_payload(cast), format="json")
    assert (refused.status_code, refused.json()["code"]) == (401, "authentication_failed")
    assert IntakeSubmission.objects.count() == 0


def test_a_too_long_field_is_refused_in_vietnamese_naming_the_field(cast, api_as):
    payload = intake_payload(cast)
    payload["submitters"] = [{"full_name": "Nguyễn Văn A", "phone": "0" * 33}]
    response = api_as(cast.intake).post("/api/intake/", payload, format="json", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert response.json()["fields"] == {"submitters.0.phone": ["Trường này không được dài quá 32 ký tự."]}
    assert not IntakeSubmission.objects.exists()  # nothing stored


def test_with_the_second_factor_enforced_a_queued_letter_is_two_reads_and_one_insert(
    cast, api_as, frozen_clock, settings
):
    """As in production: one read gives the token, the sender, today's roles and whether a device is
    confirmed (the second-factor rule and the scope checks use them); then the units; then one INSERT."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workflows.policy_cache import policy_snapshot

    settings.OTP_ENFORCED = True
    client = api_as(cast.intake)
    policy_snapshot()  # the received date is checked against the policy, loaded once per process
    # A first letter loads what a process keeps (the policy, the calendar's years), whatever ran before.
    assert client.post("/api/intake/", intake_payload(cast), format="json").status_code == 202
    with CaptureQueriesContext(connection) as ctx:
        response = client.post("/api/intake/", intake_payload(cast, title="Đơn thứ hai"), format="json")
    assert response.status_code == 202, response.content
    verbs = [q["sql"].split()[0] for q in ctx.captured_queries]
    assert verbs == ["SELECT", "SELECT", "INSERT"], [q["sql"][:120] for q in ctx.captured_queries]
    assert IntakeSubmission.objects.count() == 2


def test_a_role_revoked_between_two_letters_refuses_the_second_at_once(cast, api_as, frozen_clock):
    """The request's checks are never remembered: an authorisation is read fresh each time."""
    from casework.org.models import RoleAssignment

    client = api_as(cast.intake)
    assert client.post("/api/intake/", intake_payload(cast), format="json").status_code == 202
    RoleAssignment.objects.filter(user=cast.intake).delete()
    response = client.post("/api/intake/", intake_payload(cast), format="json")
    assert response.status_code in (403, 404), response.content
    assert IntakeSubmission.objects.count() == 1


def test_a_complaints_limitation_dates_are_checked_at_once_and_reach_the_case(cast, api_as, frozen_clock):
    """Luật Khiếu nại Đ.9: the date of knowledge and the obstacle days, checked as case_intake checks
    them before the letter is stored, and registered with the case."""
    client = api_as(cast.intake)
    knew_on = (clock.today() - dt.timedelta(days=40)).isoformat()
    petition = client.post("/api/intake/", intake_payload(cast, kind="petition", knew_on=knew_on), format="json")
    assert (petition.status_code, set(petition.json()["fields"])) == (400, {"knew_on"})
    no_note = client.post("/api/intake/", intake_payload(cast, knew_on=knew_on, obstacle_days=5), format="json")
    assert (no_note.status_code, set(no_note.json()["fields"])) == (400, {"obstacle_note"})
    later = client.post("/api/intake/", intake_payload(cast, knew_on="2999-01-01"), format="json")
    assert (later.status_code, set(later.json()["fields"])) == (400, {"knew_on"})
    assert IntakeSubmission.objects.count() == 0

    body = intake_payload(cast, knew_on=knew_on, obstacle_days=5, obstacle_note="Ốm nằm viện")
    assert client.post("/api/intake/", body, format="json").status_code == 202
    assert intake_queue_drain()["registered"] == 1
    case = Case.objects.get()
    assert (case.knew_on.isoformat(), case.obstacle_days, case.obstacle_note) == (knew_on, 5, "Ốm nằm viện")


def test_a_subject_unit_unknown_or_outside_what_the_intake_offers_is_the_same_400_and_stores_nothing(
    cast, api_as, frozen_clock
):
    from casework.audit.models import AuditEvent

    client = api_as(cast.intake)
    events = AuditEvent.objects.count()
    answers = []
    for pk in (cast.other_grassroots.pk, 987654):
        for extra in ({}, {"received_on": "ngày mai"}, {"title": " "}):
            response = client.post("/api/intake/", intake_payload(cast, subject_unit=pk, **extra), format="json")
            assert response.status_code == 400, response.content
            answers.append(response.json())
    assert answers[:3] == answers[3:]
    assert answers[0]["fields"] == {"subject_unit": ["Đơn vị bị khiếu nại, tố cáo không thuộc phạm vi của bạn."]}
    assert not IntakeSubmission.objects.exists() and AuditEvent.objects.count() == events

    offered = client.post("/api/intake/", intake_payload(cast, subject_unit=cast.clinic.pk), format="json")
    assert offered.status_code == 202, offered.content
    intake_queue_drain()
    assert Case.objects.get().subject_unit == cast.clinic


def test_checking_the_subject_unit_reads_nothing_more(cast, api_as, frozen_clock):
    """The subject unit comes in the units' one query and is checked against the roles the token's
    read brought: a letter naming one costs what a letter naming none costs, and one outside what
    the intake offers is refused after the same reads, with no INSERT."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workflows.policy_cache import policy_snapshot

    client = api_as(cast.intake)
    policy_snapshot()
    assert client.post("/api/intake/", intake_payload(cast), format="json").status_code == 202

    def queries(**overrides) -> tuple[int, list[str]]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.post("/api/intake/", intake_payload(cast, **overrides), format="json")
        return response.status_code, [q["sql"] for q in ctx.captured_queries]

    named, named_sql = queries(title="Đơn có đơn vị", subject_unit=cast.hospital.pk)
    bare, bare_sql = queries(title="Đơn không có đơn vị", subject_unit=None)
    outside, outside_sql = queries(title="Đơn đơn vị khác", subject_unit=cast.other_grassroots.pk)
    assert (named, bare, outside) == (202, 202, 400)
    assert len(named_sql) == len(bare_sql)
    assert [q.split()[0] for q in outside_sql] == [q.split()[0] for q in named_sql][:-1]
    assert named_sql[-1].startswith("INSERT")


def test_a_complaint_through_a_representative_is_queued_with_it_and_bad_particulars_are_400(cast, api_as, frozen_clock):
    from casework.cases.models import ComplaintRepresentative

    client = api_as(cast.intake)
    lawyer = {
        "capacity": "lawyer",
        "full_name": "Luật sư Phạm Văn Luật",
        "id_number": "001099012345",
        "document_on": "2026-02-20",
        "scope": "Khiếu nại quyết định chi trợ cấp",
    }
    for bad, field in (
        ({**lawyer, "capacity": "king"}, "representative_capacity"),
        ({**lawyer, "id_number": "1; DROP TABLE"}, "representative_id_number"),
        ({**lawyer, "document_on": "2026-12-31"}, "representative_document_on"),
    ):
        refused = client.post("/api/intake/", intake_payload(cast, representative=bad), format="json")
        assert refused.status_code == 400 and field in refused.json()["fields"], refused.content
    petition = client.post("/api/intake/", intake_payload(cast, kind="petition", representative=lawyer), format="json")
    assert petition.status_code == 400 and "representative_capacity" in petition.json()["fields"]
    assert IntakeSubmission.objects.count() == 0

    queued = client.post("/api/intake/", intake_payload(cast, representative=lawyer), format="json")
    assert queued.status_code == 202, queued.content
    assert "001099012345" not in str(IntakeSubmission.objects.get().payload)  # sealed while it waits
    intake_queue_drain()
    row = ComplaintRepresentative.objects.get(case=Case.objects.get())
    assert (row.capacity, row.full_name, row.document_on, row.scope) == (
        "lawyer",
        "Luật sư Phạm Văn Luật",
        dt.date(2026, 2, 20),
        "Khiếu nại quyết định chi trợ cấp",
    )
    assert row.id_number_sealed and "001099012345" not in row.id_number_sealed
    shown = client.get(f"/api/cases/{row.case_id}/").json()["representative"]
    assert shown["id_number"] == "001099012345"
