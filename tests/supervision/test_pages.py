"""The supervision pages through real URLs: create, the actions the page offers, the report that raises
flags, and bad input answered on the form with nothing changed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from casework.inspections.models import Flag
from casework.supervision.models import Supervision
from tests.builders import SUPERVISION_START as START

pytestmark = pytest.mark.django_db


def _form(cast, **overrides):
    return {
        "unit": cast.sector.pk,
        "subject_unit": cast.hospital.pk,
        "kind": "regular",
        "topics": ["charter"],
        "starts_on": "02/03/2026",
        "ends_on": "20/03/2026",
        "lead": cast.inspector.pk,
        "members": [cast.inspector2.pk, cast.inspector3.pk],
        **overrides,
    }


def _offered(client, supervision) -> set[str]:
    page = client.get(reverse("supervision:detail", args=[supervision.pk])).content.decode()
    return set(re.findall(r'id="action-(\w+)"', page))


def test_the_whole_road_through_the_pages(client, cast, frozen_clock):
    client.force_login(cast.inspector)
    assert "Cuộc giám sát" in client.get(reverse("inspections:inspection_list")).content.decode()
    response = client.post(reverse("supervision:create"), _form(cast))
    supervision = Supervision.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("supervision:detail", args=[supervision.pk])
    assert (supervision.starts_on, supervision.team.count()) == (START, 3)
    assert _offered(client, supervision) == {"start"}
    act = lambda name, data: client.post(reverse("supervision:act", args=[supervision.pk, name]), data)  # noqa: E731
    assert act("start", {"confirm": "on"}).status_code == 302
    assert _offered(client, supervision) == {"report"}
    response = act(
        "report",
        {
            "findings": "Chưa họp BCH quý I.",
            "assessment": "shortcomings",
            "sign_categories": ["charter", "resolutions"],
            "sign_subject_area": "to_chuc_can_bo",
            "sign_severity": "medium",
            "sign_evidence": "Không có biên bản họp BCH quý I",
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    supervision.refresh_from_db()
    assert supervision.status == Supervision.Status.REPORTED
    flags = Flag.objects.filter(source="supervision")
    assert sorted(flags.values_list("category", flat=True)) == ["charter", "resolutions"]
    page = client.get(reverse("supervision:detail", args=[supervision.pk])).content.decode()
    assert all(f.reference in page for f in flags)
    assert "Báo cáo kết quả giám sát" in page and "supervision.report" not in page
    client.force_login(cast.chair)
    assert _offered(client, supervision) == {"close"}
    assert act("close", {"confirm": "on"}).status_code == 302
    supervision.refresh_from_db()
    assert supervision.status == Supervision.Status.CLOSED


@pytest.mark.parametrize(
    "bad",
    [
        {"starts_on": "31/02/2026"},
        {"ends_on": "hôm qua"},
        {"starts_on": "20/03/2026", "ends_on": "02/03/2026"},
        {"lead": "999999"},
        {"members": ["abc"]},
        {"subject_unit": str(2**70)},
        {"topics": ["nonsense"]},
    ],
    ids=["no-such-day", "not-a-date", "ends-before-start", "unknown-lead", "bad-member-id", "huge-id", "bad-topic"],
)
def test_bad_input_stays_on_the_form_and_creates_nothing(client, cast, frozen_clock, bad):
    client.force_login(cast.inspector)
    response = client.post(reverse("supervision:create"), _form(cast, **bad))
    assert response.status_code == 200 and response.context["form"].errors
    assert not Supervision.objects.exists()


def test_a_report_missing_its_parts_is_refused_on_the_form(client, cast, started):
    client.force_login(cast.inspector)
    response = client.post(
        reverse("supervision:act", args=[started.pk, "report"]),
        {"findings": "", "assessment": "excellent", "sign_categories": ["charter"], "confirm": "on"},
    )
    assert response.status_code == 400
    errors = response.context["action_forms"][0][2].errors
    assert {"findings", "assessment", "sign_subject_area", "sign_evidence"} <= set(errors)
    started.refresh_from_db()
    assert started.status == Supervision.Status.IN_PROGRESS and not Flag.objects.exists()


def test_an_action_not_offered_now_is_a_404_and_changes_nothing(client, cast, supervision):
    client.force_login(cast.inspector)
    for action in ("report", "close", "explode"):
        response = client.post(reverse("supervision:act", args=[supervision.pk, action]), {"confirm": "on"})
        assert response.status_code == 404
    supervision.refresh_from_db()
    assert supervision.status == Supervision.Status.PLANNED


def test_the_list_filters_by_status_unit_and_year(client, cast, started):
    client.force_login(cast.chair)
    url = reverse("supervision:list")
    listed = lambda **q: list(client.get(url, q).context["page"].object_list)  # noqa: E731
    assert listed() == [started]
    assert listed(status="in_progress", unit=cast.hospital.pk, year=2026) == [started]
    assert listed(status="reported") == [] and listed(unit=cast.clinic.pk) == [] and listed(year=2025) == []
    # A filter that does not parse filters nothing and says why.
    response = client.get(url, {"year": "năm nay"})
    assert response.status_code == 200 and response.context["form"].errors


def test_a_plan_item_opens_the_create_form_prefilled(client, cast, approved_plan):
    plan, supervised, inspected = approved_plan
    client.force_login(cast.inspector)
    page = client.get(reverse("inspections:plan_detail", args=[plan.pk])).content.decode()
    assert f"{reverse('supervision:create')}?plan_item={supervised.pk}" in page
    form = client.get(reverse("supervision:create"), {"plan_item": supervised.pk}).context["form"]
    assert form.initial["plan_item"] == supervised.pk
    assert client.get(reverse("supervision:create"), {"plan_item": inspected.pk}).status_code == 404
    assert client.get(reverse("supervision:create"), {"plan_item": "x"}).status_code == 400
    response = client.post(
        reverse("supervision:create"), {"unit": cast.sector.pk, "plan_item": supervised.pk, "kind": "thematic"}
    )
    assert response.status_code == 302
    assert Supervision.objects.get().plan_item == supervised
