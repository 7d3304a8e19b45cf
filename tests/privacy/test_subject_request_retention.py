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


def test_a_legal_hold_keeps_a_request_past_its_period_until_released_and_is_audited(cast, frozen_clock, client):
    from casework.privacy.models import LegalHold
    from casework.privacy.services import legal_hold_place, legal_hold_release

    answered = _request(cast, answer=True)
    hold = legal_hold_place(actor=cast.admin, subject_request=answered, reason="Tòa án đang thụ lý vụ kiện")
    placed = AuditEvent.objects.get(action="privacy.legal_hold")
    assert (placed.target_type, placed.target_id, placed.after) == (
        "privacy.subjectaccessrequest",
        str(answered.pk),
        {"hold": hold.pk},
    )
    assert NAME not in str(placed.after)

    clock.advance(dt.timedelta(days=3 * 365 + 2))
    outcomes = retention_run()
    assert [(o.expiry.reference, o.outcome) for o in outcomes] == [(answered.reference, "held")]
    answered.refresh_from_db()
    assert answered.personal_data_destroyed_at is None and subject_request_requester(answered)["full_name"] == NAME
    assert [(o.expiry.held, o.expiry.unit) for o in outcomes] == [(True, cast.hospital)]

    legal_hold_release(actor=cast.admin, hold=hold, reason="Bản án đã có hiệu lực")
    released = AuditEvent.objects.get(action="privacy.legal_hold_release")
    assert (released.target_id, released.unit_id) == (str(answered.pk), cast.hospital.pk)
    outcomes = retention_run()
    assert [(o.expiry.reference, o.outcome) for o in outcomes] == [(answered.reference, "destroyed")]
    with pytest.raises(Exception, match="đã bị hủy"):
        legal_hold_place(actor=cast.admin, subject_request=answered, reason="Thanh tra")
    assert LegalHold.objects.filter(subject_request=answered).count() == 1


def test_a_hold_placed_after_the_pass_listed_the_request_wins(cast, frozen_clock):
    from casework.privacy.selectors import retention_due
    from casework.privacy.services import legal_hold_place, subject_request_personal_data_destroy

    answered = _request(cast, answer=True)
    clock.advance(dt.timedelta(days=3 * 365 + 2))
    (expiry,) = retention_due(today=clock.today())
    assert not expiry.held
    legal_hold_place(actor=cast.admin, subject_request=answered, reason="Thanh tra đang xem xét")

    assert subject_request_personal_data_destroy(expiry=expiry, now=clock.now()) is False
    answered.refresh_from_db()
    assert answered.personal_data_destroyed_at is None


def test_only_an_administrator_holds_a_request_and_one_record_at_a_time(cast, frozen_clock, make_case):
    from casework.privacy.services import legal_hold_place
    from core.errors import TransitionNotAllowed, ValidationFailed

    answered = _request(cast, answer=True)
    with pytest.raises(TransitionNotAllowed):
        legal_hold_place(actor=cast.chair, subject_request=answered, reason="Thanh tra")
    with pytest.raises(ValidationFailed):
        legal_hold_place(actor=cast.admin, subject_request=answered, case=make_case(), reason="Thanh tra")
    assert not AuditEvent.objects.filter(action="privacy.legal_hold").exists()


def test_the_admin_site_places_a_hold_on_a_request(cast, frozen_clock, client):
    from casework.privacy.models import LegalHold

    answered = _request(cast, answer=True)
    client.force_login(cast.admin)
    page = client.get(reverse("admin:privacy_legalhold_add"))
    assert page.status_code == 200 and "subject_request" in page.content.decode()

    done = client.post(
        reverse("admin:privacy_legalhold_add"), {"subject_request": answered.pk, "reason": "Tòa án đang thụ lý"}
    )

    assert done.status_code == 302
    hold = LegalHold.objects.get(subject_request=answered)
    assert hold.placed_by == cast.admin and hold.released_at is None
    assert AuditEvent.objects.filter(action="privacy.legal_hold", target_id=str(answered.pk)).count() == 1
