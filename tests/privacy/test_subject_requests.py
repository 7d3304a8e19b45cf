"""Requests of data subjects (Luật Bảo vệ dữ liệu cá nhân 2025 Đ.4; Nghị định 356/2025/NĐ-CP): recorded with the
requester sealed, acknowledged within 02 working days, answered within the days of the right asked, both on the
deadline engine; only the administrators of the receiving unit see and act on them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.org.models import Role
from casework.privacy.models import RequestStatus, SubjectAccessRequest
from casework.privacy.subject_requests import (
    subject_request_acknowledge,
    subject_request_answer,
)
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from notifications.models import Notification
from tests.builders import subject_request
from tests.factories import UserFactory
from workflows.models import Deadline
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db

NAME, PHONE = "Phạm Thị Yêu Cầu", "0912 345 678"
# Wednesday 29/04/2026, 09:00 ICT: 30/04 and 01/05 are holidays, 02-03/05 a weekend.
RECEIVED = dt.datetime(2026, 4, 29, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def other_admin(cast):
    return UserFactory(username="other_admin", roles=[(Role.ADMIN, cast.other_sector)])


def _clocks(request) -> dict[str, Deadline]:
    return {
        d.step: d
        for d in Deadline.objects.filter(target_type="privacy.subjectaccessrequest", target_id=str(request.pk))
    }


@pytest.fixture
def received(cast, sector_admin):
    clock.set_now(RECEIVED)
    return subject_request(sector_admin, cast.hospital)


def test_a_recorded_request_opens_its_two_clocks_counted_past_the_holidays(received):
    clocks = _clocks(received)
    # 02 working days: 30/04 and 01/05 are holidays, 02-03/05 a weekend → Mon 04/05, Tue 05/05.
    assert clocks["sar_acknowledge"].due_on == dt.date(2026, 5, 5)
    assert clocks["sar_acknowledge"].day_unit == "working"
    # 10 days from 29/04 end on Saturday 09/05: the limit runs to the next working day (Bộ luật Dân sự Đ.148).
    assert clocks["sar_answer_access"].due_on == dt.date(2026, 5, 11)
    assert received.status == RequestStatus.RECEIVED
    event = AuditEvent.objects.get(action="privacy.subject_request_record")
    assert event.after["due"] == {"sar_acknowledge": "2026-05-05", "sar_answer_access": "2026-05-11"}
    # The requester is sealed on the row and never in the trail.
    stored = SubjectAccessRequest.objects.filter(pk=received.pk).values_list("requester_ciphertext", flat=True)[0]
    trail = json.dumps([event.before, event.after, event.reason], ensure_ascii=False)
    assert NAME not in stored and NAME not in trail and "0912" not in trail


def test_a_stop_request_is_answered_within_fifteen_days(cast, sector_admin, frozen_clock):
    request = subject_request(sector_admin, cast.sector, right="object")
    assert _clocks(request)["sar_answer_stop"].due_on == dt.date(2026, 3, 17)  # Mon 02/03 + 15 days


def test_acknowledging_stops_the_first_clock_and_answering_the_second(received, sector_admin):
    clock.set_now(RECEIVED + dt.timedelta(days=1))
    subject_request_acknowledge(actor=sector_admin, request=received)
    clocks = _clocks(received)
    assert clocks["sar_acknowledge"].status == Deadline.Status.MET
    assert clocks["sar_answer_access"].status == Deadline.Status.OPEN
    subject_request_answer(actor=sector_admin, request=received, outcome="fulfilled")
    received.refresh_from_db()
    assert (received.status, received.outcome) == (RequestStatus.ANSWERED, "fulfilled")
    assert _clocks(received)["sar_answer_access"].status == Deadline.Status.MET
    answer = AuditEvent.objects.get(action="privacy.subject_request_answer")
    assert answer.after["closed"] == ["sar_answer_access"]
    with pytest.raises(TransitionNotAllowed):
        subject_request_answer(actor=sector_admin, request=received, outcome="fulfilled")


def test_a_partial_answer_needs_its_reason_and_a_refusal_its_ground(received, sector_admin):
    with pytest.raises(ValidationFailed) as partly:
        subject_request_answer(actor=sector_admin, request=received, outcome="partly", text="  ")
    assert "text" in partly.value.fields
    with pytest.raises(ValidationFailed):
        subject_request_answer(actor=sector_admin, request=received, outcome="refused")
    received.refresh_from_db()
    assert received.status == RequestStatus.RECEIVED
    assert _clocks(received)["sar_acknowledge"].status == Deadline.Status.OPEN


def test_time_past_the_due_day_marks_the_request_late_and_tells_its_administrator(cast, received, sector_admin):
    from casework.privacy.selectors import subject_requests_for_user

    sweep_run(now=dt.datetime(2026, 5, 6, 2, 0, tzinfo=dt.UTC))  # Wed 06/05, the day after the due day
    ack = _clocks(received)["sar_acknowledge"]
    assert ack.status == Deadline.Status.BREACHED
    row = subject_requests_for_user(user=sector_admin).get(pk=received.pk)
    assert row.late and row.ack_due == dt.date(2026, 5, 5)
    told = set(Notification.objects.filter(title__contains=received.reference).values_list("user__username", flat=True))
    assert "sector_admin" in told
    assert "chair" not in told  # the committee chair does not administer the unit: not told of the request
    assert not Notification.objects.filter(body__contains=NAME).exists()


def test_hostile_input_is_a_form_error_and_writes_nothing(cast, sector_admin, frozen_clock, api_as):
    client = Client()
    client.force_login(sector_admin)
    page = client.post(
        reverse("privacy:requests"),
        {"unit": str(cast.sector.pk), "received_on": "2026-13-45", "channel": "pigeon", "right": "x' OR 1=1",
         "full_name": "<script>", "phone": ""},
    )  # fmt: skip
    assert page.status_code == 400
    no_identifier = client.post(
        reverse("privacy:requests"),
        {"unit": str(cast.sector.pk), "received_on": "2026-03-02", "channel": "post", "right": "access",
         "full_name": NAME, "phone": ""},
    )  # fmt: skip
    assert no_identifier.status_code == 400
    assert "CCCD" in no_identifier.content.decode()
    api = api_as(sector_admin).post(
        "/api/subject-requests/",
        {"unit": cast.sector.pk, "received_on": "2027-01-01", "channel": "post", "right": "access",
         "full_name": NAME, "phone": PHONE},
        format="json",
    )  # fmt: skip
    assert api.status_code == 400 and "received_on" in json.dumps(api.json())
    garbage = api_as(sector_admin).post("/api/subject-requests/", {"unit": "abc", "right": ["x"]}, format="json")
    assert garbage.status_code == 400
    assert not SubjectAccessRequest.objects.exists() and not Deadline.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="privacy.subject_request").exists()


def test_nobody_outside_the_unit_sees_or_acts(cast, received, other_admin, api_as):
    detail = reverse("privacy:request_detail", args=[received.pk])
    for user in (cast.outsider, cast.chair, other_admin):
        client = Client()
        client.force_login(user)
        assert client.get(detail).status_code == 404
        assert client.post(reverse("privacy:request_act", args=[received.pk, "acknowledge"])).status_code == 404
        api = api_as(user)
        assert api.get(f"/api/subject-requests/{received.pk}/").status_code == 404
        assert api.post(f"/api/subject-requests/{received.pk}/acknowledge/").status_code == 404
        assert received.reference not in json.dumps(api.get("/api/subject-requests/").json())
    outsider = Client()
    outsider.force_login(cast.outsider)
    assert outsider.get(reverse("privacy:requests")).status_code == 403
    # Another unit's administrator may not record a request for a unit outside their scope.
    refused = api_as(other_admin).post(
        "/api/subject-requests/",
        {"unit": cast.hospital.pk, "received_on": "2026-04-29", "channel": "post", "right": "access",
         "full_name": NAME, "phone": PHONE},
        format="json",
    )  # fmt: skip
    assert refused.status_code == 404
    received.refresh_from_db()
    assert received.status == RequestStatus.RECEIVED
    assert SubjectAccessRequest.objects.count() == 1


def test_the_pages_record_acknowledge_answer_and_link_the_export(cast, sector_admin, frozen_clock):
    from tests.builders import make_case, submitter

    case = make_case(cast, "complaint", submitters=[submitter(full_name=NAME, phone=PHONE)])
    client = Client()
    client.force_login(sector_admin)
    created = client.post(
        reverse("privacy:requests"),
        {"unit": str(cast.sector.pk), "received_on": "2026-03-02", "channel": "in_person", "right": "access",
         "full_name": NAME, "phone": PHONE, "content": "Xem đơn đã gửi"},
    )  # fmt: skip
    request = SubjectAccessRequest.objects.get()
    assert created.status_code == 302 and created["Location"] == reverse("privacy:request_detail", args=[request.pk])
    listing = client.get(reverse("privacy:requests")).content.decode()
    assert request.reference in listing and "04/03/2026" in listing  # acknowledgement due Wed 04/03
    page = client.get(reverse("privacy:request_detail", args=[request.pk])).content.decode()
    assert NAME in page
    assert client.post(reverse("privacy:request_act", args=[request.pk, "acknowledge"])).status_code == 302
    shown = client.post(reverse("privacy:request_act", args=[request.pk, "export"]), {"format": "html"})
    assert shown.status_code == 200 and case.reference in shown.content.decode()
    request.refresh_from_db()
    assert request.export_event is not None
    assert request.export_event.after["request"] == request.reference
    assert request.export_event.after["cases"] == [case.reference]
    refused = client.post(reverse("privacy:request_act", args=[request.pk, "refuse"]), {"reason": ""})
    assert refused.status_code == 400
    done = client.post(
        reverse("privacy:request_act", args=[request.pk, "answer"]),
        {"outcome": "partly", "text": "Đã cung cấp một phần"},
    )
    assert done.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.outcome) == (RequestStatus.ANSWERED, "partly")


def test_the_api_carries_a_request_through(cast, sector_admin, frozen_clock, api_as):
    api = api_as(sector_admin)
    created = api.post(
        "/api/subject-requests/",
        {"unit": cast.sector.pk, "received_on": "2026-03-02", "channel": "electronic", "right": "delete",
         "full_name": NAME, "email": "yeucau@example.vn"},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    body = created.json()
    # Deletion within 20 days (Nghị định 356/2025/NĐ-CP Điều 5): Sunday 22/03 carries to Monday 23/03.
    assert (body["acknowledgement_due_on"], body["answer_due_on"]) == ("2026-03-04", "2026-03-23")
    assert body["requester"]["full_name"] == NAME and "acknowledge" in body["allowed_actions"]
    refused = api.post(
        f"/api/subject-requests/{body['id']}/refuse/", {"reason": "Dữ liệu phải lưu theo luật"}, format="json"
    )
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    again = api.post(f"/api/subject-requests/{body['id']}/acknowledge/")
    assert again.status_code == 409


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_administrators_answering_at_once_one_wins(cast, frozen_clock):
    from tests.concurrency import at_once

    first = UserFactory(username="admin_one", roles=[(Role.ADMIN, cast.sector)])
    second = UserFactory(username="admin_two", roles=[(Role.ADMIN, cast.sector)])
    request = subject_request(first, cast.sector)
    outcomes = at_once(
        lambda: subject_request_answer(actor=first, request=request, outcome="fulfilled"),
        lambda: subject_request_answer(actor=second, request=request, outcome="partly", text="Một phần"),
    )
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], TransitionNotAllowed)
    assert "Đã thực hiện" in errors[0].message
    assert AuditEvent.objects.filter(action="privacy.subject_request_answer").count() == 1
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED


def test_the_export_gives_a_visits_reception_book_columns(cast, frozen_clock):
    from casework.privacy.services import personal_data_export
    from casework.reception.models import ReceptionEntry
    from tests.builders import make_session, make_visit

    visit = make_visit(cast, make_session(cast))
    ReceptionEntry.objects.filter(pk=visit.pk).update(
        classification="petition", follow_up="Đã trả lời bằng văn bản số 12/CV", within_competence=True
    )
    data = personal_data_export(
        actor=cast.admin, full_name="Trần Thị Bình", id_number="034190001234", reason="Đơn yêu cầu 40/YC"
    )
    [row] = data["visits"]
    assert (row["address"], row["id_number"], row["people_count"]) == ("12 Lê Lợi, TP Thái Bình", "034190001234", 2)
    assert (row["classification"], row["handling_route"], row["within_competence"]) == ("petition", "guided", True)
    assert row["follow_up"] == "Đã trả lời bằng văn bản số 12/CV"
    page = Client()
    page.force_login(cast.admin)
    shown = page.post(
        reverse("privacy:subject_access"),
        {"full_name": "Trần Thị Bình", "id_number": "034190001234", "reason": "Đơn yêu cầu 40/YC", "confirm": "on"},
    ).content.decode()
    assert "12 Lê Lợi, TP Thái Bình" in shown and "Đã trả lời bằng văn bản số 12/CV" in shown
