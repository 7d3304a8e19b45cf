"""The "(dự kiến)" mark beside a due date (workflows.calendar.deadline_is_estimated: a day counted into a year
with no official working-day notice yet) informs only while the step is open: a step done or cancelled is
not marked, on the inspection's page, the case's page and in the API alike (one rule)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from casework.inspections.selectors import deadlines_of
from tests.builders import clock_at, open_ad_hoc, raise_flag
from workflows.calendar import deadline_is_estimated
from workflows.models import Deadline

pytestmark = pytest.mark.django_db


def test_only_an_open_steps_due_date_across_an_unannounced_year_is_marked_estimated(client, cast):
    clock_at(dt.date(2026, 12, 28))
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    clocks = {d.step: d for d in deadlines_of(target=inspection)}
    done, running = clocks["decision"], clocks["notice"]
    assert done.status == Deadline.Status.MET and running.status == Deadline.Status.OPEN
    assert done.due_on.year == running.due_on.year == 2027  # no notice for 2027 on record
    assert not deadline_is_estimated(done) and deadline_is_estimated(running)
    client.force_login(cast.inspector)
    page = client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).content.decode()
    table = page.split("<h2>Thời hạn</h2>", 1)[1].split("</table>", 1)[0]
    marked = {step: "dự kiến" in rest for step, rest in re.findall(r"<tr><td>(.*?)</td>(.*?)</tr>", table, re.S)}
    assert marked == {done.step_title: False, running.step_title: True}


def test_the_lists_mark_an_estimated_due_date_beside_its_chip(client, cast):
    """The inspections' list and the flags' list show the running clock's day with its chip: an estimate
    is marked there too, and a day within an announced year is not."""
    clock_at(dt.date(2026, 12, 28))
    late_in_year = open_ad_hoc(cast, [raise_flag(cast)])
    client.force_login(cast.inspector)
    page = client.get(reverse("inspections:inspection_list")).content.decode()
    row = page[page.index(reverse("inspections:inspection_detail", args=[late_in_year.pk])) :].split("</tr>")[0]
    assert "(hạn dự kiến)" in row
    clock_at(dt.date(2026, 6, 1))
    early = open_ad_hoc(cast, [raise_flag(cast)])
    page = client.get(reverse("inspections:inspection_list")).content.decode()
    row = page[page.index(reverse("inspections:inspection_detail", args=[early.pk])) :].split("</tr>")[0]
    assert "dự kiến" not in row
