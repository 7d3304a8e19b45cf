"""A chip names the step whose deadline it reads (`DeadlineStatus.step_label`), whatever it says:
on time, overdue, or escalated because another late clock of the same object was escalated."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from core import clock
from tests import builders
from workflows.deadline_status import ESCALATED, ON_TIME, OVERDUE, status_of, target_key
from workflows.models import Deadline
from workflows.services.deadlines import deadline_open
from workflows.services.escalations import escalation_open

pytestmark = pytest.mark.django_db


def _accept_clock(case) -> Deadline:
    kind, pk = target_key(case)
    return Deadline.objects.get(target_type=kind, target_id=pk, step="accept", status=Deadline.Status.OPEN)


def test_the_chip_names_its_step_on_time_and_overdue(cast, make_case):
    case = make_case()
    chip = status_of(case, clock.now())
    assert (chip.code, chip.step_label) == (ON_TIME, "thụ lý")

    clock.set_now(_accept_clock(case).due_at + dt.timedelta(days=1))
    chip = status_of(case, clock.now())
    assert (chip.code, chip.step_label) == (OVERDUE, "thụ lý")


def test_an_escalated_chip_names_the_step_it_reads(cast, make_case):
    case = make_case()
    accept = _accept_clock(case)
    # An earlier clock of the same case: the chip reads it, and the escalation of the other one.
    deadline_open(
        target=case,
        unit=cast.sector,
        step="resolve",
        subject=case.deadline_subject,
        due_on=accept.due_on - dt.timedelta(days=1),
    )
    clock.set_now(accept.due_at + dt.timedelta(days=1))
    escalation_open(target=case, unit=cast.sector, reason="Quá hạn xử lý", deadline=accept, actor=cast.chair)
    chip = status_of(case, clock.now())
    assert (chip.code, chip.step_label) == (ESCALATED, "giải quyết")


def test_a_table_of_clocks_names_each_step_capitalised_on_every_page(client, cast):
    """A sentence names a step in lower case ("Bước «thụ lý» đã quá hạn"); a table's cell names it as a
    heading, with a capital, the same on a case's page and on an inspection's."""
    case = builders.make_case(cast)
    inspection = builders.open_ad_hoc(cast, [builders.raise_flag(cast)])
    client.force_login(cast.chair)
    for target, url in (
        (case, reverse("cases:detail", args=[case.pk])),
        (inspection, reverse("inspections:inspection_detail", args=[inspection.pk])),
    ):
        kind, pk = target_key(target)
        clocks = list(Deadline.objects.filter(target_type=kind, target_id=pk))
        assert clocks, url
        page = client.get(url).content.decode()
        for d in clocks:
            assert d.step_label[0].islower(), d.step_label
            assert f"<td>{d.step_label[0].upper()}{d.step_label[1:]}</td>" in page, (url, d.step_label)
            assert f"<td>{d.step_label}</td>" not in page, (url, d.step_label)
