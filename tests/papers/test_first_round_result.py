"""A second-round decision states the result of the first round (Luật Khiếu nại 2011 Đ.40 khoản 2 điểm d:
"Kết quả giải quyết khiếu nại của người giải quyết khiếu nại lần đầu"), read from the first round's case:
its number, day, outcome and what it decided; what that case does not record is said so, never made up.
The preview of a decision's or a conclusion's template prints its parts under their headings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.cases.models import Case
from casework.cases.selectors import case_deadlines
from casework.cases.services import case_complaint_second
from casework.org.models import Role
from casework.papers.services import paper_draft
from core import clock
from tests.builders import DECISION_PARTS, decided
from tests.factories import UserFactory
from tests.papers.conftest import pdf_text

pytestmark = pytest.mark.django_db

HEADING = "Kết quả giải quyết khiếu nại của người giải quyết khiếu nại lần đầu"


def _printed(case: Case, key: str = "case.decision") -> str:
    return " ".join(pdf_text(paper_draft(target=case, key=key)).split())


def _second(cast, first: Case) -> Case:
    intake = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])
    return case_complaint_second(first=first, actor=intake, received_on=clock.today(), content="Không đồng ý")


def test_the_second_round_decision_states_the_first_round_decision_read_from_its_case(cast, frozen_clock):
    first = decided(cast)
    assert first.decision_number and first.decided_on
    printed = _printed(_second(cast, first))
    assert HEADING in printed
    assert (
        f"Quyết định giải quyết khiếu nại lần đầu số {first.decision_number} ngày {first.decided_on:%d/%m/%Y} "
        f"của {first.unit.name}. Kết luận nội dung khiếu nại: đúng một phần. {first.decision_text} "
        f"{DECISION_PARTS['resolution_measures']}"
    ) in printed
    assert "không ghi nhận" not in printed
    # The first round's own decision states no earlier result.
    assert HEADING not in _printed(first)


def test_a_first_case_decided_without_its_number_prints_what_it_records_and_says_what_it_does_not(cast, frozen_clock):
    first = decided(cast)
    # A first round recorded before the case kept its decision's number: only the text and the day.
    Case.objects.filter(pk=first.pk).update(decision_number="", outcome="")
    printed = _printed(_second(cast, first))
    assert f"Quyết định giải quyết khiếu nại lần đầu ngày {first.decided_on:%d/%m/%Y} của {first.unit.name}." in printed
    assert first.decision_text in printed
    assert "Hồ sơ không ghi nhận số quyết định, kết quả của quyết định giải quyết khiếu nại lần đầu." in printed
    assert "Kết luận nội dung khiếu nại: " not in printed.split(HEADING)[1].split("2. ")[0]


def test_a_first_round_never_decided_is_said_to_have_no_decision_recorded(cast, make_case, frozen_clock):
    """Đ.33 khoản 1: the second complaint may come once the first round's limit ran out undecided."""
    from casework.cases.services import case_accept

    first = case_accept(
        case=make_case(), actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27", subject_area="khac"
    )
    due = next(d for d in case_deadlines(case=first) if d.step == "resolve").due_on
    clock.set_now(dt.datetime(due.year, due.month, due.day, 2, 0, tzinfo=dt.UTC) + dt.timedelta(days=1))
    printed = _printed(_second(cast, first))
    assert (
        f"{HEADING}: {first.unit.name} giải quyết khiếu nại lần đầu; hồ sơ không ghi nhận quyết định giải quyết "
        "khiếu nại lần đầu."
    ) in printed
    assert "Quyết định giải quyết khiếu nại lần đầu số" not in printed


@pytest.mark.parametrize(
    ("key", "headings"),
    [
        ("case.decision", ["1. Kết quả xác minh nội dung khiếu nại:", "Kết luận nội dung khiếu nại:"]),
        ("case.conclusion", ["1. Kết quả xác minh nội dung tố cáo:", "Kết luận về nội dung tố cáo;"]),
    ],
)
def test_the_preview_of_a_decision_or_conclusion_prints_its_parts_under_their_headings(client, cast, key, headings):
    client.force_login(cast.admin)
    preview = client.get(reverse("papers:template_preview", args=[key, 1]))
    assert preview["Content-Type"] == "application/pdf"
    printed = " ".join(pdf_text(preview.content).split())
    for heading in headings:
        assert heading in printed
