"""The error e-mail to ADMINS (Django's AdminEmailHandler, on the "django" logger by Django's own
logging) carries neither a database error's text nor what the request posted: a visitor's name, ID
number or letter reaches nobody's mailbox (Luật Tố cáo 2018 Đ.47 khoản 1)."""

from __future__ import annotations

import sys

import pytest
from django.core import mail
from django.db import IntegrityError
from django.test import Client, RequestFactory
from django.views.debug import ExceptionReporter

from casework.reception import views
from tests.builders import make_session

pytestmark = pytest.mark.django_db

NAME, CARD, ADDRESS = "Lê Văn Tố Giác", "001099012345", "27 Hàng Bài, Hà Nội"
VISIT = {
    "time": "09:30",
    "full_name": NAME,
    "address": ADDRESS,
    "id_number": CARD,
    "people_count": "1",
    "content": f"Ông {NAME} tố cáo chủ tịch công đoàn",
    "classification": "denunciation",
    "handling_route": "guided",
    "follow_up": "",
}


@pytest.fixture
def admins(settings):
    settings.ADMINS = [("Vận hành", "ops@casework.local")]
    settings.DEBUG = False


def test_a_server_error_mails_the_admins_without_the_database_text_or_the_post(cast, frozen_clock, admins, monkeypatch):
    def refused(**kwargs):
        raise IntegrityError(f"new row violates check constraint\nDETAIL:  Failing row contains ({NAME}, {CARD}).")

    session = make_session(cast)
    monkeypatch.setattr(views.svc, "reception_entry_record", refused)
    client = Client(raise_request_exception=False, REMOTE_ADDR="203.0.113.9")
    client.force_login(cast.leader)
    response = client.post(f"/reception/{session.pk}/entry/", VISIT)
    assert response.status_code == 500
    [message] = mail.outbox
    sent = message.subject + message.body + "".join(str(a[0]) for a in message.alternatives)
    for value in (NAME, CARD, ADDRESS, "Failing row", "203.0.113.9"):
        assert value not in sent
    # What failed and where, and the request id of the log line that carries the redacted traceback.
    assert f"Internal Server Error: /reception/{session.pk}/entry/" in message.subject
    assert f"[{response['X-Request-ID']}]" in message.body


def _raise_with(visitor: str) -> None:
    raise ValueError("the book refused the row")


def test_a_report_of_a_request_shows_no_posted_value_no_variable_and_no_client_address(admins):
    request = RequestFactory().post("/reception/1/entry/", VISIT, REMOTE_ADDR="203.0.113.9")
    try:
        _raise_with(NAME)
    except ValueError:
        reporter = ExceptionReporter(request, *sys.exc_info(), is_email=True)
    text, html = reporter.get_traceback_text(), reporter.get_traceback_html()
    assert "full_name" in text and "id_number" in text and "REMOTE_ADDR" in text  # the names stay
    for value in (NAME, CARD, ADDRESS, "203.0.113.9"):
        assert value not in text and value not in html
