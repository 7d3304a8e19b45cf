"""Who sees a supervision: the readers of the supervising unit's records, and the representatives of
the unit supervised once it has started. Anyone else gets 404 on the page and the API and never finds
it in a list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.org.models import Role
from casework.supervision import selectors, services
from casework.supervision.models import Supervision
from core.errors import OutOfScope
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def strangers(cast):
    """An inspector of another sector, a case officer there, and someone with no role at all."""
    e_inspector = UserFactory(username="e_insp", roles=[(Role.INSPECTOR, cast.other_sector)])
    return [e_inspector, cast.other_officer, cast.outsider]


def test_outside_the_units_scope_it_does_not_exist(client, api_as, cast, started, strangers):
    for user in strangers:
        client.force_login(user)
        assert client.get(reverse("supervision:detail", args=[started.pk])).status_code == 404
        assert client.post(reverse("supervision:act", args=[started.pk, "report"]), {}).status_code == 404
        assert started.title not in client.get(reverse("supervision:list")).content.decode()
        api = api_as(user)
        assert api.get(f"/api/supervisions/{started.pk}/").status_code == 404
        assert api.post(f"/api/supervisions/{started.pk}/close/").status_code == 404
        assert started.pk not in [row["id"] for row in api.get("/api/supervisions/").json()["results"]]
        with pytest.raises(OutOfScope):
            services.supervision_report(supervision=started, actor=user, findings="x", assessment="good")
    started.refresh_from_db()
    assert started.status == Supervision.Status.IN_PROGRESS


def test_the_unit_supervised_sees_it_once_started_and_may_not_act(cast, supervision, api_as):
    clinic_rep = UserFactory(username="clinic_rep", roles=[(Role.SUBJECT_REP, cast.clinic)])
    assert not selectors.supervision_list(user=cast.subject_rep).exists()
    services.supervision_start(supervision=supervision, actor=cast.inspector)
    assert list(selectors.supervision_list(user=cast.subject_rep)) == [supervision]
    assert not selectors.supervision_list(user=clinic_rep).exists()
    response = api_as(cast.subject_rep).get(f"/api/supervisions/{supervision.pk}/")
    assert response.status_code == 200 and response.json()["allowed_actions"] == []
    refused = api_as(cast.subject_rep).post(
        f"/api/supervisions/{supervision.pk}/report/", {"findings": "x", "assessment": "good"}, format="json"
    )
    assert refused.status_code in (404, 409)
    supervision.refresh_from_db()
    assert supervision.status == Supervision.Status.IN_PROGRESS


def test_readers_above_see_it_and_the_auditor_may_not_act(cast, started):
    assert list(selectors.supervision_list(user=cast.province_leader)) == [started]
    assert list(selectors.supervision_list(user=cast.auditor)) == [started]
    from casework.supervision.actions import supervision_actions

    assert supervision_actions(user=cast.auditor, supervision=started) == []
