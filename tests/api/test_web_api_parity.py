"""Every action the case pages offer has its API action: the same service behind both edges."""

from __future__ import annotations

import pytest
from django.urls import resolve

from casework.api.resources.cases import CASE_ACTIONS, CaseViewSet
from casework.cases.views import ACTIONS

# Page actions with their own form outside the action list, and the API action that does the same.
PAGE_FORMS = {
    "second": "second_complaint",
    "conflict": "declare_conflict",
    "reveal": "reveal_identity",
    "identity-grant": "grant_identity",
    "redaction": "redaction",
    "attach": "attachments",
}


def test_every_case_page_action_has_its_api_action():
    missing = sorted(name for name in ACTIONS if name not in CASE_ACTIONS)
    assert missing == [], f"page actions without an API action: {missing}"


@pytest.mark.parametrize("page_form", sorted(PAGE_FORMS))
def test_every_case_page_form_has_its_api_route(page_form):
    assert resolve(f"/cases/1/{page_form}/")  # the page form exists
    api_name = PAGE_FORMS[page_form]
    match = resolve(f"/api/cases/1/{api_name}/")
    assert match.func.cls is CaseViewSet and match.func.actions == {"post": api_name}


@pytest.mark.parametrize("name", sorted(set(ACTIONS) | set(PAGE_FORMS.values())))
def test_each_api_action_answers_at_its_route(name):
    match = resolve(f"/api/cases/7/{name}/")
    assert match.func.actions == {"post": name} and match.kwargs["pk"] == "7"


@pytest.mark.django_db
def test_the_api_declares_a_conflict_and_reveals_an_identity_as_the_page_does(cast, frozen_clock):
    from rest_framework.test import APIClient

    from casework.cases.models import ConflictDeclaration, Kind
    from casework.cases.services import case_accept, case_assign
    from tests.builders import make_case, submitter

    case = make_case(
        cast,
        kind=Kind.DENUNCIATION,
        title="Tố cáo",
        content="Nội dung tố cáo cụ thể",
        submitters=[submitter(full_name="Người Tố Cáo")],
    )
    case = case_assign(
        case=case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Đ.29"),
        actor=cast.chair,
        assignee=cast.officer,
    )
    api = APIClient()
    api.force_authenticate(cast.officer2)
    response = api.post(f"/api/cases/{case.pk}/declare_conflict/", {"note": "Họ hàng"}, format="json")
    assert response.status_code == 200, response.content
    assert ConflictDeclaration.objects.filter(case=case, user=cast.officer2).exists()
    assert (
        api.post(f"/api/cases/{case.pk}/reveal_identity/", {"reason": "Cần xác minh"}, format="json").status_code == 409
    )
    api.force_authenticate(cast.officer)
    response = api.post(f"/api/cases/{case.pk}/reveal_identity/", {"reason": "Cần xác minh danh tính"}, format="json")
    assert response.status_code == 200, response.content
    assert [p["full_name"] for p in response.json()] == ["Người Tố Cáo"]
