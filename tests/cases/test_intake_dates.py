"""An intake date before the first deadline policy is refused on its field with a clear message,
on the page and through the API; nothing is created and the form keeps what was typed."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from casework.cases.models import Case
from tests.builders import intake_form, intake_payload
from workflows.services.policy import policy_first_date

pytestmark = pytest.mark.django_db


def _form(cast, received_on: str) -> dict:
    return intake_form(
        cast, channel="letter", received_on=received_on, title="Khiếu nại cũ", content="Nội dung đơn gửi từ lâu."
    )


def test_the_page_names_the_first_day_on_the_field_and_keeps_the_form(cast, client, frozen_clock):
    first = policy_first_date()
    client.force_login(cast.intake)
    response = client.post("/cases/new/", _form(cast, f"{first - dt.timedelta(days=1):%Y-%m-%d}"))
    assert response.status_code == 200  # the form again, with its errors (the intake page's convention)
    errors = response.context["form"].errors
    assert f"{first:%d/%m/%Y}" in " ".join(errors["received_on"])
    assert "Khiếu nại cũ" in response.content.decode()  # what was typed is still there
    assert Case.objects.count() == 0


@pytest.mark.parametrize("received_on", ["0001-01-01", "2026-02-29", "9999-12-31"])
def test_other_impossible_dates_are_refused_on_the_field_too(cast, client, frozen_clock, received_on):
    client.force_login(cast.intake)
    response = client.post("/cases/new/", _form(cast, received_on))
    assert response.status_code == 200 and "received_on" in response.context["form"].errors
    assert Case.objects.count() == 0


def test_the_api_refuses_it_on_the_field(cast, frozen_clock):
    first = policy_first_date()
    api = APIClient()
    api.force_authenticate(cast.intake)
    payload = intake_payload(cast, received_on=f"{first - dt.timedelta(days=1):%Y-%m-%d}")
    response = api.post("/api/cases/", payload, format="json")
    assert response.status_code == 400 and "received_on" in response.json()["fields"]
    assert Case.objects.count() == 0
