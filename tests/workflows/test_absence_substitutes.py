"""Who may stand in for an absent case officer, asked one way by the task list, the action check and
the API. A case officer's work includes thụ lý (Luật Khiếu nại 2011 Đ.27, Luật Tố cáo 2018 Đ.24),
whose reminders reach whoever stands in: a case officer or the committee chair may, an ủy viên /
kiểm tra viên (inspector), who is offered no triage, may not (the chair may still assign them a case
of the officer's, which they may resolve)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.cases.permissions import can_work
from casework.org.models import Absence, Role, RoleAssignment
from core import clock
from core.errors import ValidationFailed
from tests.builders import api_client, assigned, task_holder
from tests.factories import grant
from workflows.services.absences import absence_record, absences_sweep

pytestmark = pytest.mark.django_db


def away(cast, substitute, days=30):
    return absence_record(
        actor=cast.chair,
        user=cast.officer,
        starts_on=clock.today(),
        ends_on=clock.today() + dt.timedelta(days=days),
        reason="Nghỉ phép năm",
        substitute=substitute,
    )


def sees(client, user, case) -> bool:
    client.force_login(user)
    return case.reference in client.get("/tasks/").content.decode()


def offered(user, case) -> list[str]:
    return api_client(user).get(f"/api/cases/{case.pk}/").json()["allowed_actions"]


@pytest.mark.parametrize("name", ["officer2", "chair"])
def test_the_substitute_acts_on_the_officers_case_on_the_task_list_the_page_and_the_api(cast, client, make_case, name):
    substitute = getattr(cast, name)
    case = assigned(cast)
    assert "start_verification" not in offered(cast.officer2, case)
    away(cast, substitute)
    assert task_holder(case) == substitute
    assert sees(client, substitute, case)
    assert can_work(case, substitute)
    assert "start_verification" in offered(substitute, case)
    # Nobody else in the committee gains the officer's work.
    assert not can_work(case, cast.inspector) and "start_verification" not in offered(cast.inspector, case)
    done = api_client(substitute).post(f"/api/cases/{case.pk}/start_verification/", {"plan": "Xác minh"}, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["assignee"] == cast.officer.pk


def test_an_inspector_is_refused_as_a_case_officers_substitute_alike_by_the_service_the_api_and_the_page(
    cast, client, frozen_clock
):
    with pytest.raises(ValidationFailed) as exc:
        away(cast, cast.inspector)
    message = exc.value.fields["substitute"][0]
    assert "Cán bộ giải quyết" in message and "Chủ nhiệm UBKT" in message
    today = clock.today().isoformat()
    body = {
        "user": cast.officer.pk,
        "starts_on": today,
        "ends_on": today,
        "reason": "Ốm",
        "substitute": cast.inspector.pk,
    }
    response = api_client(cast.chair).post("/api/absences/", body, format="json")
    assert response.status_code == 400 and "substitute" in response.json()["fields"], response.content
    client.force_login(cast.chair)
    page = client.post(
        reverse("absences"),
        {**body, "starts_on": clock.today().strftime("%d/%m/%Y"), "ends_on": clock.today().strftime("%d/%m/%Y")},
    )
    assert page.status_code == 200 and "Cán bộ giải quyết" in page.content.decode()
    assert not Absence.objects.exists()


def test_a_substitute_left_with_only_an_inspector_role_stops_standing_in_everywhere(cast, client, make_case):
    """Named while a case officer, the substitute's case-officer role ends during the absence and
    their inspector role stays: the task list, the action check and the API all stop treating them
    as the officer's stand-in on the same day; the task stays in the officer's name and the chair,
    who covers whom nobody can, may take the step."""
    grant(cast.officer2, Role.INSPECTOR, cast.sector)
    case = assigned(cast)
    away(cast, cast.officer2)
    assert task_holder(case) == cast.officer2
    RoleAssignment.objects.filter(user=cast.officer2, role=Role.CASE_OFFICER).update(
        valid_to=clock.today() + dt.timedelta(days=2)
    )
    clock.advance(dt.timedelta(days=3))
    absences_sweep()
    assert task_holder(case) == cast.officer
    assert not sees(client, cast.officer2, case)
    assert not can_work(case, cast.officer2)
    assert "start_verification" not in offered(cast.officer2, case)
    refused = api_client(cast.officer2).post(f"/api/cases/{case.pk}/start_verification/", {"plan": "x"}, format="json")
    assert refused.status_code == 409, refused.content
    # The chair, who covers whom nobody can, still may.
    assert can_work(case, cast.chair)
