"""Approving a proposal asks for no note and no confirmation, on the page and in the API alike: one rule,
the service's (case_approve: the note is optional; an approval is taken back by case_reopen_verification,
so it is not an irreversible step asked to be confirmed). The leader's approval with an empty note or an
empty body approves and records the same event."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.cases.models import Case, Kind, Outcome
from casework.cases.services import case_assign, case_propose, case_start_verification
from tests.builders import accepted, api_client, dialogued

pytestmark = pytest.mark.django_db


def _proposed(cast, title: str) -> Case:
    case = case_assign(case=accepted(cast, kind=Kind.COMPLAINT, title=title), actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = dialogued(case, cast.officer)
    return case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng một phần.", outcome=Outcome.PARTLY)


def _approval(case: Case) -> tuple:
    event = AuditEvent.objects.get(action="case.approve", target_id=str(case.pk))
    return event.actor, event.reason, event.after.get("status")


def test_the_leader_approves_with_no_note_on_the_page_and_in_the_api_alike(cast, frozen_clock, client):
    on_page = _proposed(cast, "Đơn phê duyệt trên trang")
    by_api = _proposed(cast, "Đơn phê duyệt qua API")
    client.force_login(cast.leader)
    answer = client.post(
        reverse("cases:action", args=[on_page.pk, "approve"]), {"note": "", "version": on_page.version}
    )
    assert answer.status_code == 302  # done at once: no confirmation page
    api_answer = api_client(cast.leader).post(f"/api/cases/{by_api.pk}/approve/", {}, format="json")
    assert api_answer.status_code == 200, api_answer.content
    assert Case.objects.get(pk=on_page.pk).status == Case.objects.get(pk=by_api.pk).status == "approved"
    assert _approval(on_page) == _approval(by_api) == (cast.leader, "", "approved")
