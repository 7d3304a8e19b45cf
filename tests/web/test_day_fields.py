"""Days are typed and shown as dd/mm/yyyy in every form: a text field with a pattern, parsed day first."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from pathlib import Path

import pytest
from django import forms

from casework.cases.models import Case
from casework.web.widgets import DayInput
from tests.builders import intake_form

ROOT = Path(__file__).resolve().parents[2]
FORM_MODULES = [
    "casework.cases.forms",
    "casework.inspections.forms",
    "casework.inspections.filters",
    "casework.reception.forms",
    "notifications.forms",
    "workflows.forms",
    "workflows.absence_views",
]


@pytest.mark.django_db
def test_the_intake_form_accepts_a_day_written_day_first(client, cast, frozen_clock):
    client.force_login(cast.intake)
    response = client.post("/cases/new/", intake_form(cast, received_on="05/01/2026"))
    case = Case.objects.get()
    assert response.status_code == 302, response.content.decode()[:500]
    assert case.received_on == dt.date(2026, 1, 5)  # 5 January, not 1 May


@pytest.mark.django_db
def test_an_impossible_day_is_a_field_error_and_nothing_is_saved(client, cast, frozen_clock):
    client.force_login(cast.intake)
    response = client.post("/cases/new/", intake_form(cast, received_on="2026-13-45"))
    assert response.status_code == 200
    assert "received_on" in response.context["form"].errors
    assert not Case.objects.exists()
    body = response.content.decode()
    # the typed text comes back in the field, the error is tied to it
    assert re.search(r'<input[^>]*name="received_on"[^>]*value="2026-13-45"', body)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/cases/", "/inspections/flags/", "/inspections/recommendations/"])
def test_list_filters_refuse_an_impossible_day_without_failing(client, cast, path):
    client.force_login(cast.chair)
    name = "due_before" if path == "/cases/" else "date_from"
    response = client.get(path, {name: "2026-13-45"})
    assert response.status_code in (200, 400)
    assert name in response.context["form"].errors


@pytest.mark.django_db
def test_a_filter_day_is_shown_back_as_typed_day_first(client, cast):
    client.force_login(cast.officer)
    body = client.get("/cases/", {"due_before": "05/01/2026"}).content.decode()
    field = re.search(r'<input[^>]*name="due_before"[^>]*>', body).group(0)
    assert 'value="05/01/2026"' in field and 'type="text"' in field and 'placeholder="dd/mm/yyyy"' in field
    assert "pattern=" in field


def _forms():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm) and value.__module__ == name:
                yield value


def test_every_date_field_of_our_forms_is_a_day_first_text_field():
    checked = 0
    for form_class in _forms():
        for field_name, field in form_class.base_fields.items():
            if isinstance(field, forms.DateField):
                checked += 1
                assert isinstance(field.widget, DayInput), f"{form_class.__name__}.{field_name}"
                assert field.widget.format_value(dt.date(2026, 1, 5)) == "05/01/2026"
    assert checked >= 10


def test_no_template_asks_the_browser_for_its_own_date_picker():
    offenders = [
        str(p.relative_to(ROOT))
        for top in ("casework", "workflows", "notifications")
        for p in (ROOT / top).rglob("*.html")
        if re.search(r"""type=["']?date\b""", p.read_text(encoding="utf-8"))
    ]
    assert not offenders
