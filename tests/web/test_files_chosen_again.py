"""A form that comes back with an error has lost the files the person chose (a browser never sends
them back): each file field that had one says so and asks for it again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.cases.models import Case
from casework.inspections.models import Flag
from casework.web.file_forms import CHOOSE_AGAIN
from core import clock
from tests.builders import intake_form

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("don.pdf", PDF, "application/pdf")


def test_an_intake_with_an_error_asks_for_the_chosen_file_again(cast, client, frozen_clock):
    client.force_login(cast.intake)
    response = client.post("/cases/new/", {**intake_form(cast, title=""), "attachment": _pdf()})
    form = response.context["form"]
    assert "title" in form.errors and form.errors["attachment"] == [str(CHOOSE_AGAIN)]
    assert str(CHOOSE_AGAIN) in response.content.decode()
    assert not Case.objects.exists()
    # Without a file there is nothing to choose again.
    form = client.post("/cases/new/", intake_form(cast, title="")).context["form"]
    assert "title" in form.errors and "attachment" not in form.errors


def test_a_service_refusal_asks_for_the_chosen_file_again(cast, client, frozen_clock):
    client.force_login(cast.intake)
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()  # the intake service refuses it
    response = client.post("/cases/new/", {**intake_form(cast, received_on=tomorrow), "attachment": _pdf()})
    form = response.context["form"]
    assert "received_on" in form.errors and form.errors["attachment"] == [str(CHOOSE_AGAIN)]
    assert not Case.objects.exists()


def test_a_flag_with_an_error_asks_for_its_evidence_files_again(cast, client, frozen_clock):
    client.force_login(cast.inspector)
    response = client.post(
        reverse("inspections:flag_raise"),
        {"unit": cast.hospital.pk, "category": "nonsense", "severity": "medium", "files": [_pdf(), _pdf()]},
    )
    assert response.status_code in (200, 400)
    assert str(CHOOSE_AGAIN) in response.content.decode()
    assert not Flag.objects.exists()
