"""Scope: other sectors and outsiders get 404 on every case page and action."""

from __future__ import annotations

import pytest

from casework.cases.models import Case, Kind, Status
from casework.cases.selectors import case_list

pytestmark = pytest.mark.django_db

ACTIONS = ["accept", "refuse", "transfer", "guide", "withdraw", "assign", "extend"]


@pytest.mark.parametrize("username", ["other_officer", "outsider", "subject_rep"])
def test_users_outside_the_unit_get_404_everywhere(cast, make_case, client, username):
    case = make_case(kind=Kind.DENUNCIATION)
    client.force_login(getattr(cast, username))
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get(f"/reports/documents/case/{case.pk}/accept.pdf").status_code == 404
    for action in ACTIONS:
        assert client.post(f"/cases/{case.pk}/action/{action}/", {"legal_ground": "x", "version": 1}).status_code == 404
    assert client.post(f"/cases/{case.pk}/reveal/", {"reason": "tò mò muốn biết"}).status_code == 404
    assert client.post(f"/cases/{case.pk}/conflict/", {"note": "x"}).status_code == 404
    assert client.post(f"/cases/{case.pk}/second/", {"content": "x"}).status_code == 404
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert case.reference not in client.get("/cases/").content.decode()
    assert list(case_list(user=getattr(cast, username))) == []


def test_the_list_is_scoped_and_filtered(cast, make_case, client):
    mine = make_case(title="Hồ sơ ngành Y tế")
    other = make_case(
        unit=cast.other_sector, subject_unit=cast.other_grassroots, title="Hồ sơ ngành Giáo dục", actor=cast.admin
    )
    client.force_login(cast.other_officer)
    page = client.get("/cases/").content.decode()
    assert other.reference in page and mine.reference not in page
    client.force_login(cast.province_leader)
    page = client.get("/cases/").content.decode()
    assert other.reference in page and mine.reference in page
    page = client.get("/cases/", {"q": "Giáo dục"}).content.decode()
    assert other.reference in page and mine.reference not in page
    page = client.get("/cases/", {"unit": cast.sector.pk}).content.decode()
    assert other.reference not in page and mine.reference in page
    page = client.get("/cases/", {"kind": "petition"}).content.decode()
    assert mine.reference not in page


def test_the_list_paginates(cast, make_case, client):
    for i in range(27):
        make_case(content=f"Nội dung riêng biệt số {i} " + "x" * i * 3 + chr(65 + i % 26) * (i + 1))
    client.force_login(cast.officer)
    first = client.get("/cases/")
    assert len(first.context["page"].object_list) == 25
    second = client.get("/cases/", {"page": 2})
    assert len(second.context["page"].object_list) == 2
    assert Case.objects.count() == 27


def test_list_filters_by_officer_status_and_due_date(cast, make_case, client):
    from casework.cases.services import case_accept, case_assign

    mine = case_assign(
        case=case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="x"),
        actor=cast.chair,
        assignee=cast.officer,
    )
    other = make_case(content="Một nội dung hoàn toàn khác, không trùng lặp với hồ sơ trước.")
    client.force_login(cast.chair)
    page = client.get("/cases/", {"assignee": cast.officer.pk}).content.decode()
    assert mine.reference in page and other.reference not in page
    page = client.get("/cases/", {"status": "received"}).content.decode()
    assert other.reference in page and mine.reference not in page
    # other: accept limit 12/03; mine: resolve limit 01/04 (30 days from 02/03).
    page = client.get("/cases/", {"due_before": "2026-03-20"}).content.decode()
    assert other.reference in page and mine.reference not in page
