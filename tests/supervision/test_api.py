"""/api/supervisions/: create, list, retrieve and the actions, the same services and rules as the pages;
bad input is a 400 naming the field, a step out of order a 409, and neither changes anything."""

from __future__ import annotations

import pytest

from casework.inspections.models import Flag
from casework.search.text import fold
from casework.supervision.models import Supervision
from tests.builders import SIGN

pytestmark = pytest.mark.django_db


def _body(cast, **overrides):
    return {
        "unit": cast.sector.pk,
        "subject_unit": cast.hospital.pk,
        "kind": "thematic",
        "topics": ["finance_dues"],
        "starts_on": "2026-03-02",
        "ends_on": "2026-03-31",
        "lead": cast.inspector.pk,
        "members": [cast.inspector2.pk],
        **overrides,
    }


def test_the_lifecycle_through_the_api(cast, api_as, frozen_clock):
    api = api_as(cast.inspector)
    created = api.post("/api/supervisions/", _body(cast), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    pk = body["id"]
    assert (body["status"], body["allowed_actions"], body["reference"]) == ("planned", ["start"], f"GS-{pk:05d}")
    assert api.post(f"/api/supervisions/{pk}/start/").json()["allowed_actions"] == ["report"]
    reported = api.post(
        f"/api/supervisions/{pk}/report/",
        {"findings": "Thu đoàn phí chưa đủ", "assessment": "shortcomings", "signs": [SIGN]},
        format="json",
    )
    assert reported.status_code == 200, reported.content
    flag = Flag.objects.get()
    assert (flag.source, reported.json()["flags"]) == ("supervision", [flag.pk])
    assert api_as(cast.chair).post(f"/api/supervisions/{pk}/close/").json()["status"] == "closed"
    listed = api.get("/api/supervisions/", {"status": "closed", "year": 2026, "subject_unit": cast.sector.pk})
    assert [row["id"] for row in listed.json()["results"]] == [pk]
    assert api.get("/api/supervisions/", {"kind": "regular"}).json()["results"] == []


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"starts_on": "2026-02-31"}, "starts_on"),
        ({"ends_on": "tomorrow"}, "ends_on"),
        ({"starts_on": "2026-03-31", "ends_on": "2026-03-02"}, "ends_on"),
        ({"kind": "weekly"}, "kind"),
        ({"topics": ["nonsense"]}, "topics"),
        ({"lead": "abc"}, "lead"),
        ({"members": ["abc"]}, "members"),
        ({"plan_item": "x"}, "plan_item"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(cast, api_as, frozen_clock, bad, field):
    response = api_as(cast.inspector).post("/api/supervisions/", _body(cast, **bad), format="json")
    assert response.status_code == 400, response.content
    fields = response.json()["fields"]
    assert response.json()["code"] == "invalid" and any(name.split(".")[0] == field for name in fields), fields
    assert not Supervision.objects.exists()


def test_ids_out_of_reach_are_404(cast, api_as, frozen_clock):
    api = api_as(cast.inspector)
    for bad in ({"subject_unit": cast.other_grassroots.pk}, {"lead": 10**9}, {"unit": cast.other_sector.pk}):
        assert api.post("/api/supervisions/", _body(cast, **bad), format="json").status_code == 404
    assert api.get("/api/supervisions/abc/").status_code == 404
    assert api.get("/api/supervisions/", {"subject_unit": cast.other_grassroots.pk}).status_code == 400
    assert not Supervision.objects.exists()


def test_a_step_out_of_order_is_a_409_listing_what_is_allowed(cast, api_as, supervision):
    api = api_as(cast.inspector)
    response = api.post(
        f"/api/supervisions/{supervision.pk}/report/", {"findings": "x", "assessment": "good"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed" and response.json()["allowed_actions"] == ["start"]
    bad_report = api.post(f"/api/supervisions/{supervision.pk}/report/", {"assessment": "superb"}, format="json")
    assert bad_report.status_code == 400 and {"findings", "assessment"} <= set(bad_report.json()["fields"])
    supervision.refresh_from_db()
    assert supervision.status == Supervision.Status.PLANNED


def test_a_refused_sign_is_a_400_and_records_nothing(cast, api_as, started):
    response = api_as(cast.inspector).post(
        f"/api/supervisions/{started.pk}/report/",
        {"findings": "x", "assessment": "good", "signs": [SIGN, {**SIGN, "subject_area": "no_such_area"}]},
        format="json",
    )
    assert response.status_code == 400 and "signs" in response.json()["fields"]
    started.refresh_from_db()
    assert started.status == Supervision.Status.IN_PROGRESS and not Flag.objects.exists()


def test_the_schema_documents_the_resource_and_its_actions(api_as, cast):
    schema = api_as(cast.inspector).get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/supervisions/"])
    for action in ("start", "report", "close"):
        assert set(paths[f"/api/supervisions/{{id}}/{action}/"]) == {"post"}


def test_the_page_and_the_api_offer_the_same_actions(client, cast, api_as, started):
    import re

    from django.urls import reverse

    for user in (cast.inspector, cast.inspector3, cast.chair, cast.auditor):
        client.force_login(user)
        page = client.get(reverse("supervision:detail", args=[started.pk])).content.decode()
        in_api = api_as(user).get(f"/api/supervisions/{started.pk}/").json()["allowed_actions"]
        assert set(re.findall(r'id="action-(\w+)"', page)) == set(in_api), user.username


def test_q_searches_the_list_accents_and_case_aside_within_scope(cast, api_as, supervision):
    """`q` on the list is the search box's match: the supervision's title, topics and units, written
    without accents, find it for a reader in scope; an outsider's same search finds nothing."""
    title = supervision.title
    assert any(ch not in "abcdefghijklmnopqrstuvwxyz0123456789 " for ch in title.lower()), title
    query = fold(title).split()[0:3]
    found = api_as(cast.inspector).get("/api/supervisions/", {"q": " ".join(query).upper()}).json()["results"]
    assert [row["id"] for row in found] == [supervision.pk]
    assert api_as(cast.inspector).get("/api/supervisions/", {"q": "khongcogi"}).json()["results"] == []
    assert api_as(cast.outsider).get("/api/supervisions/", {"q": " ".join(query)}).json()["results"] == []
