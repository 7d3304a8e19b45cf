"""A form or a session-signed API call without its CSRF token: refused in Vietnamese, nothing changed."""

from __future__ import annotations

import pytest
from django.test import Client

from casework.audit.models import AuditEvent
from casework.cases.models import Case
from tests.builders import intake_form, intake_payload

pytestmark = pytest.mark.django_db

REFUSAL = "Biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ (CSRF)"


def _signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_a_web_form_without_its_token_is_refused_in_the_sites_words_and_changes_nothing(cast, frozen_clock):
    client = _signed_in(cast.intake)
    events = AuditEvent.objects.count()
    response = client.post("/cases/new/", intake_form(cast))
    assert response.status_code == 403
    page = response.content.decode()
    assert REFUSAL in page and "CSRF verification failed" not in page
    assert Case.objects.count() == 0 and AuditEvent.objects.count() == events


def test_a_form_with_its_token_goes_through(cast, frozen_clock):
    client = _signed_in(cast.intake)
    client.get("/cases/new/")  # sets the CSRF cookie, as the browser's page load does
    token = client.cookies["csrftoken"].value
    response = client.post("/cases/new/", {**intake_form(cast), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Case.objects.count() == 1


def test_a_session_signed_api_call_without_its_token_answers_403_json_in_vietnamese(cast, frozen_clock):
    response = _signed_in(cast.intake).post("/api/cases/", intake_payload(cast), content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {
        "code": "csrf_failed",
        "detail": "Biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ (CSRF): hãy tải lại trang rồi gửi lại. "
        "Chưa có gì được thay đổi.",
    }
    assert Case.objects.count() == 0
