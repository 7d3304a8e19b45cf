"""Unit choices read as a tree from the reader's own top: casework.org.fields.UnitChoiceField."""

from __future__ import annotations

import pytest

from casework.org.fields import UnitChoiceField
from casework.org.models import Unit

pytestmark = pytest.mark.django_db


def labels(field: UnitChoiceField) -> list[str]:
    return [str(label) for value, label in field.choices if value]


def test_the_highest_unit_offered_is_flush_left_and_each_level_one_step_in(cast):
    field = UnitChoiceField(queryset=Unit.objects.filter(path__startswith=cast.sector.path))
    shown = labels(field)
    assert shown[0] == cast.sector.name
    assert f"— {cast.hospital.name}" in shown and f"— {cast.clinic.name}" in shown

    whole = labels(UnitChoiceField(queryset=Unit.objects.all(), empty_label=None))
    assert whole[0] == cast.province.name and f"— — {cast.hospital.name}" in whole


def test_a_single_grassroots_union_is_not_under_dashes_and_order_follows_the_tree(cast):
    assert labels(UnitChoiceField(queryset=Unit.objects.filter(pk=cast.hospital.pk))) == [cast.hospital.name]
    by_name = Unit.objects.filter(path__startswith=cast.province.path).order_by("-name")
    shown = labels(UnitChoiceField(queryset=by_name))
    assert shown.index(f"— {cast.other_sector.name}") < shown.index(f"— — {cast.other_grassroots.name}")
    assert shown.index(f"— {cast.sector.name}") < shown.index(f"— — {cast.hospital.name}")


def test_the_pages_own_unit_selects_read_as_the_same_tree(client, cast):
    """The report, dashboard and register pages build their unit select with `unit_options`, the same
    labels as the forms' UnitChoiceField: the reader's own top unit flush left, the one chosen kept."""
    from django.template import Context, Template

    units = Unit.objects.filter(path__startswith=cast.sector.path)
    html = Template("{% load units %}{% unit_options units chosen %}").render(
        Context({"units": units, "chosen": cast.hospital})
    )
    assert f'<option value="{cast.sector.code}">{cast.sector.name}</option>' in html
    assert f'<option value="{cast.hospital.code}" selected>— {cast.hospital.name}</option>' in html
    assert html.index(cast.sector.name) < html.index(cast.clinic.name)

    client.force_login(cast.leader)
    page = client.get("/reports/").content.decode()
    assert f">— {cast.hospital.name}</option>" in page
