"""Late work on the case list and the case page: the running due date, the chip from the one
rule (workflows.deadline_status), the overdue filter agreeing with it, and the banner."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from core import clock
from workflows.deadline_status import target_key
from workflows.models import Deadline
from workflows.services.escalations import escalation_open

pytestmark = pytest.mark.django_db


def _running(case) -> Deadline:
    kind, pk = target_key(case)
    return Deadline.objects.filter(target_type=kind, target_id=pk, status=Deadline.Status.OPEN).order_by("due_at")[0]


@pytest.fixture
def late_cases(cast, make_case):
    late = make_case(title="Late letter")
    escalated = make_case(title="Escalated letter")
    due_on = _running(late).due_on
    clock.set_now(dt.datetime.combine(due_on + dt.timedelta(days=2), dt.time(3, 0), tzinfo=dt.UTC))
    escalation_open(
        target=escalated, unit=cast.sector, reason="Quá hạn xử lý", deadline=_running(escalated), actor=cast.chair
    )
    fresh = make_case(title="Fresh letter")
    return late, escalated, fresh, due_on


def test_the_case_list_shows_chips_and_its_overdue_filter_agrees(client, cast, late_cases):
    late, escalated, fresh, due_on = late_cases
    client.force_login(cast.chair)
    response = client.get(reverse("cases:list"))
    chips = {c.reference: c.deadline_status for c in response.context["page"]}
    assert chips[late.reference].label == "quá hạn 2 ngày"
    assert chips[escalated.reference].label == "đã chuyển lãnh đạo"
    assert chips[fresh.reference].label in ("trong hạn", "sắp đến hạn")
    body = response.content.decode()
    assert "quá hạn 2 ngày" in body and "đã chuyển lãnh đạo" in body and due_on.strftime("%d/%m/%Y") in body

    overdue = client.get(reverse("cases:list"), {"overdue": "on"})
    assert {c.reference for c in overdue.context["page"]} == {r for r, s in chips.items() if s and s.overdue}


def test_the_case_list_reads_the_deadlines_of_a_page_in_a_fixed_number_of_queries(
    client, cast, make_case, django_assert_max_num_queries
):
    for _ in range(2):
        make_case()
    client.force_login(cast.chair)
    client.get(reverse("cases:list"))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("cases:list"))
    for _ in range(4):
        make_case()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("cases:list"))


def test_the_case_page_has_a_banner_when_its_step_is_overdue_or_escalated(client, cast, late_cases):
    late, escalated, fresh, _due_on = late_cases
    client.force_login(cast.chair)
    page = client.get(reverse("cases:detail", args=[late.pk])).content.decode()
    assert "quá hạn 2 ngày" in page and "Bước «thụ lý» đã quá hạn." in page
    page = client.get(reverse("cases:detail", args=[escalated.pk])).content.decode()
    assert "Bước «thụ lý» đã quá hạn và đã chuyển lãnh đạo." in page
    banner = page.split('class="banner-late"', 1)[1].split("</p>", 1)[0]
    assert banner.count("đã chuyển lãnh đạo") == 1  # said once, not again by a chip after the day
    assert "banner-late" not in client.get(reverse("cases:detail", args=[fresh.pk])).content.decode()
