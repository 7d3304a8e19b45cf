"""/api/reception-sessions/ and /api/reception-entries/: the same rules as the pages."""

from __future__ import annotations

import pytest

from casework.audit.models import AuditEvent
from casework.cases.models import Case
from casework.reception.models import HandlingRoute, ReceptionEntry
from core import clock
from tests.builders import DENOUNCED, SESSION_DAY, at, make_denounced, make_session, make_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(cast, frozen_clock):
    return make_visit(cast, make_session(cast))


def test_a_session_is_scheduled_written_and_a_visit_becomes_a_case(api_as, cast, frozen_clock):
    chair = api_as(cast.chair)
    created = chair.post(
        "/api/reception-sessions/",
        {
            "unit": cast.sector.pk,
            "starts_at": at(SESSION_DAY, 8).isoformat(),
            "ends_at": at(SESSION_DAY, 11).isoformat(),
            "place": "Phòng tiếp dân",
            "receivers": [cast.chair.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    session_id = created.json()["id"]
    clock.set_now(at(SESSION_DAY, 9))
    book = chair.post(
        f"/api/reception-sessions/{session_id}/entries/",
        {
            "full_name": "Phạm Thị Dung",
            "content": "Khiếu nại việc không được xét nâng lương",
            "classification": "complaint",
            "handling_route": "guided",
        },
        format="json",
    )
    assert book.status_code == 201, book.content
    [row] = book.json()
    assert row["full_name"] == "Phạm Thị Dung"
    opened = api_as(cast.intake).post(
        f"/api/reception-entries/{row['id']}/case/", {"title": "Khiếu nại nâng lương"}, format="json"
    )
    assert opened.status_code == 201, opened.content
    assert Case.objects.get().reference == opened.json()["reference"]
    again = api_as(cast.intake).post(f"/api/reception-entries/{row['id']}/case/", {"title": "Lần hai"}, format="json")
    assert again.status_code == 409


def test_the_auditor_reads_the_book_masked_and_an_outsider_gets_404(api_as, cast, visit):
    detail = api_as(cast.auditor).get(f"/api/reception-sessions/{visit.session_id}/")
    assert detail.status_code == 200
    assert "Trần Thị Bình" not in detail.content.decode()
    assert detail.json()["entries"][0]["content"] == visit.content
    assert api_as(cast.other_officer).get(f"/api/reception-sessions/{visit.session_id}/").status_code == 404
    assert (
        api_as(cast.other_officer).post(f"/api/reception-entries/{visit.pk}/case/", {"title": "x"}).status_code == 404
    )


def test_bad_input_names_the_field_and_creates_nothing(api_as, cast, frozen_clock):
    response = api_as(cast.chair).post(
        "/api/reception-sessions/",
        {
            "unit": cast.sector.pk,
            "starts_at": at(SESSION_DAY, 11).isoformat(),
            "ends_at": at(SESSION_DAY, 8).isoformat(),
            "place": "P",
            "receivers": [cast.chair.pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "ends_at" in response.json()["fields"]
    assert api_as(cast.chair).get("/api/reception-sessions/").json()["results"] == []


def test_a_visit_opened_about_a_unit_and_a_person_is_not_there_for_them(api_as, cast, visit):
    person, leader = make_denounced(cast)
    opened = api_as(cast.intake).post(
        f"/api/reception-entries/{visit.pk}/case/",
        {"title": "Tố cáo chi sai quỹ phúc lợi", "subject_unit": cast.hospital.pk, "subject_person": DENOUNCED},
        format="json",
    )
    assert opened.status_code == 201, opened.content
    case = Case.objects.get(pk=opened.json()["id"])
    assert (case.subject_unit, case.subject_person) == (cast.hospital, DENOUNCED)
    auditor = api_as(cast.auditor)
    assert auditor.get(f"/api/cases/{case.pk}/").status_code == 200
    assert case.pk in [c["id"] for c in auditor.get("/api/cases/", {"q": "quỹ phúc lợi"}).json()["results"]]
    for user in (person, leader):
        api = api_as(user)
        assert api.get(f"/api/cases/{case.pk}/").status_code == 404
        assert api.get(f"/api/cases/{case.pk}/timeline/").status_code == 404
        assert case.pk not in [c["id"] for c in api.get("/api/cases/", {"q": "quỹ phúc lợi"}).json()["results"]]
        [row] = api.get(f"/api/reception-sessions/{visit.session_id}/").json()["entries"]
        assert row["case"] is None and "chi sai quỹ" not in row["content"]


@pytest.mark.parametrize("unit", ["other_grassroots", "missing"])
def test_a_subject_unit_the_intake_does_not_offer_is_400_and_opens_nothing(api_as, cast, visit, unit):
    pk = getattr(cast, unit).pk if unit != "missing" else 987654
    response = api_as(cast.intake).post(
        f"/api/reception-entries/{visit.pk}/case/",
        {"title": "Tố cáo chi sai quỹ phúc lợi", "subject_unit": pk, "subject_person": DENOUNCED},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["subject_unit"]
    visit = ReceptionEntry.objects.get(pk=visit.pk)
    assert visit.case is None and visit.handling_route == HandlingRoute.GUIDED
    assert not Case.objects.exists() and not AuditEvent.objects.filter(action="reception.to_case").exists()


def test_the_subject_person_is_checked_like_the_intakes(api_as, cast, visit):
    response = api_as(cast.intake).post(
        f"/api/reception-entries/{visit.pk}/case/", {"title": "Tố cáo", "subject_person": "x" * 256}, format="json"
    )
    assert response.status_code == 400 and list(response.json()["fields"]) == ["subject_person"]
    assert not Case.objects.exists()


def test_the_schema_describes_a_sessions_entries_as_book_rows(api_as, cast):
    schema = api_as(cast.chair).get("/api/schema/", {"format": "json"}).json()
    entries = schema["components"]["schemas"]["SessionDetail"]["properties"]["entries"]
    assert entries["items"] == {"$ref": "#/components/schemas/BookRow"}
    assert "identity_sealed" in schema["components"]["schemas"]["BookRow"]["properties"]
