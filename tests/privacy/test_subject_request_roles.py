"""Who carries data subjects' requests: an administrator, or who holds the data protection duty (Role.DATA_PROTECTION,
phụ trách bảo vệ dữ liệu cá nhân) in the receiving unit or above it (docs/roles.md). That role reaches the requests
of its unit's subtree and nothing else: another unit's request answers 404 on the page and in the API; the
subject-access export without a recorded request stays the administrators' (a request's export:
test_subject_request_officer_export.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.org.models import Role
from casework.privacy.selectors import subject_request_actions
from casework.privacy.subject_requests import subject_request_record
from core import clock
from core.errors import TransitionNotAllowed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RECEIVED = dt.datetime(2026, 4, 29, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def officer(cast, frozen_clock):
    clock.set_now(RECEIVED)
    return UserFactory(username="dpo", roles=[(Role.DATA_PROTECTION, cast.sector)])


def _record(actor, unit):
    return subject_request_record(
        actor=actor,
        unit=unit,
        received_on=clock.today(),
        channel="post",
        right="access",
        full_name="Phạm Thị Yêu Cầu",
        phone="0912 345 678",
    )


def test_the_officer_carries_their_unit_s_requests(cast, officer, api_as):
    mine = _record(officer, cast.hospital)  # a unit below the sector where the role is held

    assert subject_request_actions(user=officer, request=mine) == ["acknowledge", "answer", "refuse", "withdraw",
                                                                      "export", "third_party", "extend"]  # fmt: skip
    assert subject_request_actions(user=cast.admin, request=mine) == subject_request_actions(user=officer, request=mine)
    api = api_as(officer)
    assert api.post(f"/api/subject-requests/{mine.pk}/acknowledge/").json()["status"] == "acknowledged"
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("privacy:request_detail", args=[mine.pk])).content.decode()
    assert f'action="/privacy/requests/{mine.pk}/answer/"' in page and f"/{mine.pk}/export/" in page
    assert client.get(reverse("privacy:subject_access")).status_code == 403
    assert client.get(reverse("privacy:expiry")).status_code == 403
    home = client.get(reverse("privacy:requests")).content.decode()
    assert mine.reference in home and reverse("privacy:requests") in home
    # The page links only to what its reader may open: the export without a recorded request is the
    # administrator's.
    assert reverse("privacy:subject_access") not in home
    client.force_login(cast.admin)
    assert reverse("privacy:subject_access") in client.get(reverse("privacy:requests")).content.decode()
    # Answering, refusing, a withdrawal, a third party and the extension cannot be taken back: each asks first.
    for action in ("answer", "refuse", "withdraw", "third_party", "extend"):
        form = page[page.index(f'action="/privacy/requests/{mine.pk}/{action}/"') :].split(">", 1)[0]
        assert "data-confirm=" in form, action


def test_the_officer_never_sees_nor_acts_on_another_unit_s_request(cast, officer, api_as):
    theirs = _record(cast.admin, cast.other_grassroots)
    mine = _record(officer, cast.clinic)
    client = Client()
    client.force_login(officer)

    listed = client.get(reverse("privacy:requests")).content.decode()
    assert mine.reference in listed and theirs.reference not in listed
    assert client.get(reverse("privacy:request_detail", args=[theirs.pk])).status_code == 404
    for action in ("acknowledge", "answer", "third_party", "extend", "withdraw", "export"):
        assert client.post(reverse("privacy:request_act", args=[theirs.pk, action])).status_code == 404
    api = api_as(officer)
    assert [row["reference"] for row in api.get("/api/subject-requests/").json()["results"]] == [mine.reference]
    assert api.get(f"/api/subject-requests/{theirs.pk}/").status_code == 404
    for action in ("acknowledge", "answer", "refuse", "third_party", "extend", "withdraw", "export"):
        assert api.post(f"/api/subject-requests/{theirs.pk}/{action}/", {}, format="json").status_code == 404
    created = api.post(
        "/api/subject-requests/",
        {"unit": cast.other_grassroots.pk, "received_on": "2026-04-29", "channel": "post", "right": "access",
         "full_name": "Phạm Thị Yêu Cầu", "phone": "0912 345 678"},
        format="json",
    )  # fmt: skip
    assert created.status_code == 404  # a unit out of scope is answered like one that does not exist
    with pytest.raises(TransitionNotAllowed):
        _record(officer, cast.other_grassroots)
    with pytest.raises(TransitionNotAllowed):
        _record(officer, cast.province)  # above the unit where the role is held
    theirs.refresh_from_db()
    assert theirs.status == "received"
    assert not AuditEvent.objects.filter(target_id=str(theirs.pk), actor=officer).exists()


def test_the_role_gives_nothing_else(cast, officer, make_case):
    client = Client()
    client.force_login(officer)
    case = make_case()
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert subject_request_actions(user=cast.chair, request=_record(cast.admin, cast.hospital)) == []
