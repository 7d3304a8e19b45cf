"""The register of data subjects' requests has a retention period (03 years after a request ended, Bộ luật Dân sự
2015 Đ.588; privacy migration 0006): past it the daily retention pass erases the requester and the answer's text,
keeping the reference, days, right and outcome; an open request and one still within its period are kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.privacy.models import SUBJECT_REQUEST, RetentionPolicy, SubjectAccessRequest
from casework.privacy.selectors import retention_expiring_next_month, subject_request_requester
from casework.privacy.services import retention_run
from casework.privacy.subject_requests import subject_request_answer, subject_request_record
from core import clock

pytestmark = pytest.mark.django_db

NAME, PHONE = "Phạm Thị Yêu Cầu", "0912 345 678"


def _request(cast, *, answer: bool) -> SubjectAccessRequest:
    request = subject_request_record(
        actor=cast.admin,
        unit=cast.hospital,
        received_on=clock.today(),
        channel="post",
        right="access",
        full_name=NAME,
        phone=PHONE,
        content="Đề nghị cho xem dữ liệu cá nhân đang lưu.",
    )
    if answer:
        request = subject_request_answer(
            actor=cast.admin, request=request, outcome="partly", text=f"Không cung cấp thư của {NAME}."
        )
    return request


def test_the_register_has_its_period_seeded_with_its_ground():
    policy = RetentionPolicy.objects.get(kind=SUBJECT_REQUEST)
    assert policy.years == 3
    assert "Đ.588" in policy.source


def test_past_its_period_a_closed_requests_requester_and_answer_are_erased(cast, frozen_clock, client):
    answered = _request(cast, answer=True)
    still_open = _request(cast, answer=False)

    clock.advance(dt.timedelta(days=3 * 365 - 2))
    retention_run()
    answered.refresh_from_db()
    assert answered.personal_data_destroyed_at is None
    assert [e.reference for e in retention_expiring_next_month(today=clock.today())] == [answered.reference]

    clock.advance(dt.timedelta(days=3))
    outcomes = retention_run()
    assert [(o.expiry.reference, o.outcome) for o in outcomes] == [(answered.reference, "destroyed")]
    answered.refresh_from_db()
    assert answered.personal_data_destroyed_at == clock.now()
    assert (answered.requester_ciphertext, answered.requester_fingerprint, answered.outcome_text) == ("", "", "")
    assert (answered.status, answered.outcome, answered.right) == ("answered", "partly", "access")
    assert subject_request_requester(answered)["full_name"] == "[đã hủy]"
    event = AuditEvent.objects.get(action="privacy.subject_request_personal_data_destroyed")
    assert event.after["reference"] == answered.reference and event.after["years"] == 3
    assert NAME not in str(event.after)

    still_open.refresh_from_db()
    assert still_open.personal_data_destroyed_at is None
    assert subject_request_requester(still_open)["full_name"] == NAME

    client.force_login(cast.admin)
    page = client.get(reverse("privacy:request_detail", args=[answered.pk]))
    assert page.status_code == 200 and NAME not in page.content.decode()

    # A second pass destroys nothing twice.
    assert retention_run() == []
    assert AuditEvent.objects.filter(action="privacy.subject_request_personal_data_destroyed").count() == 1


def test_without_a_period_the_register_is_kept(cast, frozen_clock):
    RetentionPolicy.objects.filter(kind=SUBJECT_REQUEST).delete()
    answered = _request(cast, answer=True)
    clock.advance(dt.timedelta(days=20 * 365))
    assert retention_run() == []
    answered.refresh_from_db()
    assert subject_request_requester(answered)["full_name"] == NAME
