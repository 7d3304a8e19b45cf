"""A visit turned into a case names the unit and the person it is about, as any intake does: the person
denounced and the leaders of the unit denounced are recused from the case (Luật Tố cáo 2018 Đ.47) and
do not find it in the list, the case page, the search, the API or the reception book."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from casework.audit.models import AuditEvent
from casework.cases.models import Case
from casework.cases.recusal import case_recused_user_ids
from casework.cases.selectors import case_visible
from casework.reception.models import HandlingRoute, ReceptionEntry
from casework.reception.selectors import HIDDEN, reception_book
from casework.reception.services import reception_entry_case_open
from casework.search.selectors import search_cases
from core.errors import ValidationFailed
from tests.builders import DENOUNCED, make_denounced

pytestmark = pytest.mark.django_db

TITLE = "Tố cáo chi sai quỹ phúc lợi"


def _nothing_opened(visit: ReceptionEntry) -> None:
    visit.refresh_from_db()
    assert visit.case is None and visit.handling_route == HandlingRoute.GUIDED
    assert not Case.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["reception.to_case", "case.intake"]).exists()


def _finds_nothing_of(user, case: Case, visit: ReceptionEntry) -> None:
    client = Client()
    client.force_login(user)
    assert case.reference not in client.get(reverse("cases:list")).content.decode()
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    for q in (case.reference, "quỹ phúc lợi"):
        assert case not in search_cases(user=user, q=q)
        link = reverse("cases:detail", args=[case.pk])
        assert f'href="{link}"' not in client.get(reverse("search:search"), {"q": q}).content.decode()
    book = client.get(reverse("reception:detail", args=[visit.session_id]))
    assert book.status_code == 200  # they read the book, without the case or what the visitor told
    assert case.reference not in book.content.decode() and "chi sai quỹ" not in book.content.decode()
    [row] = reception_book(session=visit.session, user=user)
    assert row.case is None and row.content == str(HIDDEN)
    api = APIClient()
    api.force_authenticate(user)
    assert api.get(f"/api/cases/{case.pk}/").status_code == 404
    assert api.get(f"/api/cases/{case.pk}/timeline/").status_code == 404
    assert case.pk not in [c["id"] for c in api.get("/api/cases/").json()["results"]]


def test_a_visit_opened_about_a_unit_and_a_person_recuses_them_from_the_case(cast, visit):
    person, leader = make_denounced(cast)
    case = reception_entry_case_open(
        entry=visit, actor=cast.intake, title=TITLE, subject_unit=cast.hospital, subject_person=f"Ông {DENOUNCED}"
    )
    assert (case.subject_unit, case.subject_person) == (cast.hospital, f"Ông {DENOUNCED}")
    assert {person.pk, leader.pk} <= case_recused_user_ids(case=case)
    for user in (person, leader):
        assert not case_visible(user=user).filter(pk=case.pk).exists()
    assert case_visible(user=cast.auditor).filter(pk=case.pk).exists()


def test_the_persons_account_given_to_the_service_recuses_them_wherever_they_work(cast, visit):
    elsewhere = make_denounced(cast)[0]
    elsewhere.roles.filter(unit=cast.hospital).delete()
    case = reception_entry_case_open(entry=visit, actor=cast.intake, title=TITLE, subject_user=elsewhere)
    assert case.subject_user == elsewhere
    assert not case_visible(user=elsewhere).filter(pk=case.pk).exists()


def test_the_service_refuses_a_unit_outside_those_the_intake_offers_and_stores_nothing(cast, visit):
    with pytest.raises(ValidationFailed) as refused:
        reception_entry_case_open(entry=visit, actor=cast.intake, title=TITLE, subject_unit=cast.other_grassroots)
    assert "subject_unit" in refused.value.fields
    _nothing_opened(visit)


def test_the_page_asks_for_the_unit_and_person_and_they_do_not_see_the_case(client, cast, visit):
    person, leader = make_denounced(cast)
    client.force_login(cast.intake)
    page = client.get(reverse("reception:entry_case", args=[visit.pk])).content.decode()
    assert 'name="subject_unit"' in page and 'name="subject_person"' in page
    assert cast.hospital.name in page and cast.other_grassroots.name not in page
    response = client.post(
        reverse("reception:entry_case", args=[visit.pk]),
        {"title": TITLE, "subject_unit": cast.hospital.pk, "subject_person": DENOUNCED},
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.pk])
    assert (case.subject_unit, case.subject_person) == (cast.hospital, DENOUNCED)
    for user in (person, leader):
        _finds_nothing_of(user, case, visit)
    client.force_login(cast.auditor)  # a reader who is not concerned still finds it
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert case in search_cases(user=cast.auditor, q="quỹ phúc lợi")
    found = client.get(reverse("search:search"), {"q": "quỹ phúc lợi"}).content.decode()
    assert f'href="{reverse("cases:detail", args=[case.pk])}"' in found


def test_the_page_refuses_a_unit_the_intake_does_not_offer_and_stores_nothing(client, cast, visit):
    client.force_login(cast.intake)
    response = client.post(
        reverse("reception:entry_case", args=[visit.pk]),
        {"title": TITLE, "subject_unit": cast.other_grassroots.pk, "subject_person": DENOUNCED},
    )
    assert response.status_code == 400
    assert "subject_unit" in response.context["form"].errors
    _nothing_opened(visit)
