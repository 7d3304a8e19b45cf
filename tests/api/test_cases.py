"""Cases through the API: intake, idempotency, list/filters, detail, timeline and actions."""

from __future__ import annotations

import pytest

from casework.api.models import IdempotencyKey
from casework.cases.models import Case, Kind, Status
from tests.builders import intake_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_case(cast, make_case):
    from casework.org.models import Role
    from tests.factories import UserFactory

    intake_e = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.other_sector)])
    return make_case(
        unit=cast.other_sector, actor=intake_e, title="Đơn ngành giáo dục", subject_unit=cast.other_grassroots
    )


# ---- intake --------------------------------------------------------------------------


def test_intake_creates_a_case_through_the_service(cast, api_as, frozen_clock):
    response = api_as(cast.intake).post("/api/cases/", intake_payload(cast), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert (case.status, case.unit, case.created_by) == (Status.RECEIVED, cast.sector, cast.intake)
    assert body["reference"] == case.reference
    assert [s["full_name"] for s in body["submitters"]] == ["Nguyễn Văn Gửi"]


def test_the_intake_answer_is_what_reading_the_case_gives(cast, api_as, frozen_clock):
    """The answer is built from the service's own copy of the new case, not a re-read: it must
    still say exactly what GET /api/cases/<id>/ says."""
    client = api_as(cast.intake)
    created = client.post("/api/cases/", intake_payload(cast), format="json")
    assert created.status_code == 201
    read = client.get(f"/api/cases/{created.json()['id']}/")
    assert created.json() == read.json()


def test_a_retried_intake_with_the_same_key_creates_one_case(cast, api_as, frozen_clock):
    client = api_as(cast.intake)
    headers = {"HTTP_IDEMPOTENCY_KEY": "intake-7f3a"}
    first = client.post("/api/cases/", intake_payload(cast), format="json", **headers)
    second = client.post("/api/cases/", intake_payload(cast), format="json", **headers)
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1


def test_the_same_key_with_another_body_is_422(cast, api_as, frozen_clock):
    client = api_as(cast.intake)
    headers = {"HTTP_IDEMPOTENCY_KEY": "intake-7f3a"}
    client.post("/api/cases/", intake_payload(cast), format="json", **headers)
    response = client.post("/api/cases/", intake_payload(cast, title="Đơn khác"), format="json", **headers)
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert Case.objects.count() == 1


def test_keys_belong_to_their_user(cast, api_as, frozen_clock):
    headers = {"HTTP_IDEMPOTENCY_KEY": "shared-key"}
    api_as(cast.intake).post("/api/cases/", intake_payload(cast), format="json", **headers)
    api_as(cast.officer).post("/api/cases/", intake_payload(cast), format="json", **headers)
    assert Case.objects.count() == 2


def test_a_failed_intake_does_not_burn_the_key(cast, api_as, frozen_clock):
    client = api_as(cast.intake)
    headers = {"HTTP_IDEMPOTENCY_KEY": "fix-and-retry"}
    bad = client.post("/api/cases/", intake_payload(cast, title=""), format="json", **headers)
    assert bad.status_code == 400
    assert "title" in bad.json()["fields"]
    assert not IdempotencyKey.objects.exists()
    good = client.post("/api/cases/", intake_payload(cast), format="json", **headers)
    assert good.status_code == 201


def test_intake_validation_errors_are_400_with_fields(cast, api_as, frozen_clock):
    response = api_as(cast.intake).post("/api/cases/", intake_payload(cast, content="  ", submitters=[]), format="json")
    assert response.status_code == 400
    assert {"content", "submitters"} <= set(response.json()["fields"])
    assert Case.objects.count() == 0


def test_intake_for_a_unit_outside_scope_is_404(cast, api_as, frozen_clock):
    response = api_as(cast.intake).post("/api/cases/", intake_payload(cast, unit=cast.other_sector.pk), format="json")
    assert response.status_code == 404
    assert Case.objects.count() == 0


def test_a_subject_unit_unknown_or_outside_what_the_intake_offers_is_the_same_400_and_stores_nothing(
    cast, api_as, frozen_clock
):
    from casework.audit.models import AuditEvent

    client = api_as(cast.intake)
    events = AuditEvent.objects.count()
    answers = []
    for pk in (cast.other_grassroots.pk, 987654):
        for extra in ({}, {"received_on": "ngày mai"}, {"title": " "}):
            response = client.post("/api/cases/", intake_payload(cast, subject_unit=pk, **extra), format="json")
            assert response.status_code == 400, response.content
            answers.append(response.json())
    assert answers[:3] == answers[3:]
    assert answers[0]["fields"] == {"subject_unit": ["Đơn vị bị khiếu nại, tố cáo không thuộc phạm vi của bạn."]}
    not_a_number = client.post("/api/cases/", intake_payload(cast, subject_unit="abc"), format="json")
    assert (not_a_number.status_code, list(not_a_number.json()["fields"])) == (400, ["subject_unit"])
    assert not Case.objects.exists() and AuditEvent.objects.count() == events
    assert not IdempotencyKey.objects.exists()

    offered = client.post("/api/cases/", intake_payload(cast, subject_unit=cast.clinic.pk), format="json")
    assert offered.status_code == 201, offered.content
    assert offered.json()["subject_unit"] == cast.clinic.pk


# ---- reading -------------------------------------------------------------------------


def test_list_is_scoped_and_filters_and_searches(cast, api_as, make_case, other_case):
    complaint = make_case(title="Chi sai quỹ phúc lợi")
    petition = make_case(kind=Kind.PETITION, title="Kiến nghị về giờ làm thêm")
    client = api_as(cast.officer)
    ids = {c["id"] for c in client.get("/api/cases/").json()["results"]}
    assert ids == {complaint.pk, petition.pk}
    assert [c["id"] for c in client.get("/api/cases/", {"kind": "petition"}).json()["results"]] == [petition.pk]
    assert [c["id"] for c in client.get("/api/cases/", {"q": "giờ làm"}).json()["results"]] == [petition.pk]
    assert client.get("/api/cases/", {"kind": "nonsense"}).status_code == 400


def test_detail_outside_scope_is_404(cast, api_as, make_case, other_case):
    client = api_as(cast.officer)
    assert client.get(f"/api/cases/{other_case.pk}/").status_code == 404
    assert client.get(f"/api/cases/{other_case.pk}/timeline/").status_code == 404


def test_detail_lists_the_actions_the_caller_may_take(cast, api_as, make_case):
    case = make_case()
    body = api_as(cast.intake).get(f"/api/cases/{case.pk}/").json()
    assert "accept" in body["allowed_actions"]
    assert "approve" not in body["allowed_actions"]


def test_timeline_shows_the_audit_events_of_the_case(cast, api_as, make_case):
    case = make_case()
    api_as(cast.intake).post(
        f"/api/cases/{case.pk}/accept/", {"legal_ground": "Luật Khiếu nại 2011", "subject_area": "khac"}, format="json"
    )
    events = api_as(cast.officer).get(f"/api/cases/{case.pk}/timeline/").json()
    assert [e["action"] for e in events] == ["case.intake", "case.accept"]


def test_list_queries_do_not_grow_with_the_page(cast, api_as, make_case, count_queries):
    for n in range(8):
        make_case(title=f"Đơn số {n}")
    client = api_as(cast.officer)
    assert count_queries(client, "/api/cases/?page_size=2") == count_queries(client, "/api/cases/?page_size=8")


# ---- actions -------------------------------------------------------------------------


def test_accept_moves_the_case_and_answers_its_new_state(cast, api_as, make_case):
    case = make_case()
    response = api_as(cast.intake).post(
        f"/api/cases/{case.pk}/accept/",
        {"legal_ground": "Luật Khiếu nại 2011 Điều 27", "subject_area": "khac"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted"
    case.refresh_from_db()
    assert (case.status, case.legal_ground) == (Status.ACCEPTED, "Luật Khiếu nại 2011 Điều 27")


def test_an_action_not_allowed_now_is_409_with_the_allowed_actions(cast, api_as, make_case):
    case = make_case()
    client = api_as(cast.chair)
    client.post(f"/api/cases/{case.pk}/accept/", {"legal_ground": "Điều 27", "subject_area": "khac"}, format="json")
    response = client.post(
        f"/api/cases/{case.pk}/accept/", {"legal_ground": "Điều 27", "subject_area": "khac"}, format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "transition_not_allowed"
    assert "assign" in body["allowed_actions"] and "accept" not in body["allowed_actions"]


def test_an_action_without_the_role_is_409_and_changes_nothing(cast, api_as, make_case):
    case = make_case()
    response = api_as(cast.auditor).post(
        f"/api/cases/{case.pk}/accept/", {"legal_ground": "Điều 27", "subject_area": "khac"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["allowed_actions"] == []
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_an_action_with_bad_input_is_400_naming_the_field(cast, api_as, make_case):
    case = make_case()
    response = api_as(cast.intake).post(
        f"/api/cases/{case.pk}/accept/", {"legal_ground": " ", "subject_area": "khac"}, format="json"
    )
    assert response.status_code == 400
    assert "legal_ground" in response.json()["fields"]
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_a_stale_version_is_a_409_conflict(cast, api_as, make_case):
    case = make_case()
    response = api_as(cast.intake).post(
        f"/api/cases/{case.pk}/accept/",
        {"legal_ground": "Điều 27", "version": case.version - 1, "subject_area": "khac"},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


def test_an_action_on_another_units_case_is_404(cast, api_as, other_case):
    response = api_as(cast.intake).post(
        f"/api/cases/{other_case.pk}/accept/", {"legal_ground": "Điều 27", "subject_area": "khac"}, format="json"
    )
    assert response.status_code == 404
    other_case.refresh_from_db()
    assert other_case.status == Status.RECEIVED


def test_merging_into_a_case_of_another_union_tree_is_404(cast, api_as, make_case):
    from casework.org.models import Role, Unit
    from tests.factories import UserFactory, make_unit

    elsewhere = make_unit(name="LĐLĐ tỉnh khác", kind=Unit.Kind.PROVINCIAL, code="P2")
    theirs = make_case(actor=UserFactory(roles=[(Role.INTAKE_OFFICER, elsewhere)]), unit=elsewhere, subject_unit=None)
    case = make_case()
    response = api_as(cast.intake).post(f"/api/cases/{case.pk}/merge/", {"into": theirs.pk}, format="json")
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_a_letter_merges_into_the_case_handled_at_another_level_of_the_tree(cast, api_as, make_case, other_case):
    case = make_case()
    response = api_as(cast.intake).post(f"/api/cases/{case.pk}/merge/", {"into": other_case.pk}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["merged_into"] == other_case.pk


def test_merge_into_a_duplicate_of_the_same_unit(cast, api_as, make_case):
    case, keeper = make_case(), make_case()
    response = api_as(cast.intake).post(f"/api/cases/{case.pk}/merge/", {"into": keeper.pk}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["merged_into"]) == ("merged", keeper.pk)


def test_assign_then_verify_by_the_assignee(cast, api_as, make_case):
    case = make_case()
    api_as(cast.intake).post(
        f"/api/cases/{case.pk}/accept/", {"legal_ground": "Điều 27", "subject_area": "khac"}, format="json"
    )
    assigned = api_as(cast.chair).post(f"/api/cases/{case.pk}/assign/", {"assignee": cast.officer.pk}, format="json")
    assert assigned.status_code == 200, assigned.json()
    assert (assigned.json()["status"], assigned.json()["assignee"]) == ("assigned", cast.officer.pk)
    verifying = api_as(cast.officer).post(f"/api/cases/{case.pk}/start_verification/", {}, format="json")
    assert verifying.status_code == 200, verifying.json()
    assert verifying.json()["status"] == "verifying"


def test_refuse_with_an_unknown_ground_is_400(cast, api_as, make_case):
    case = make_case()
    response = api_as(cast.intake).post(f"/api/cases/{case.pk}/refuse/", {"ground": "whatever"}, format="json")
    assert response.status_code == 400
    assert "ground" in response.json()["fields"]


def test_transfer_to_another_union_creates_the_linked_case(cast, api_as, make_case):
    case = make_case()
    response = api_as(cast.intake).post(
        f"/api/cases/{case.pk}/transfer/",
        {"reason": "Thuộc thẩm quyền ngành giáo dục", "target_unit": cast.other_sector.pk, "subject_area": "khac"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "transferred"
    assert Case.objects.get(pk=body["transfers"][0]).unit == cast.other_sector


def test_escalate_brings_the_case_to_the_leadership(cast, api_as, make_case):
    from workflows.models import Escalation

    case = make_case()
    blank = api_as(cast.officer).post(f"/api/cases/{case.pk}/escalate/", {"reason": ""}, format="json")
    assert blank.status_code == 400
    assert "reason" in blank.json()["fields"]
    response = api_as(cast.officer).post(
        f"/api/cases/{case.pk}/escalate/", {"reason": "Vụ việc phức tạp, cần ý kiến BTV"}, format="json"
    )
    assert response.status_code == 200, response.json()
    escalation = Escalation.objects.get(target_type="cases.case", target_id=str(case.pk))
    assert (escalation.unit, escalation.raised_by) == (cast.sector, cast.officer)
    listed = api_as(cast.leader).get("/api/escalations/", {"target_type": "cases.case"}).json()["results"]
    assert [e["id"] for e in listed] == [escalation.pk]
