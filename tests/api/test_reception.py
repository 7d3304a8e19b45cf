"""/api/reception-sessions/ and /api/reception-entries/: the same rules as the pages."""

from __future__ import annotations

import pytest

from casework.cases.models import Case
from core import clock
from tests.builders import SESSION_DAY, at, make_session, make_visit

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
