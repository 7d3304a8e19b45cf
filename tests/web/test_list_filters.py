"""Search, filters and pagination on the lists: they narrow what the reader may see, never widen it,
keep their filters from page to page, and answer bad input with a message naming the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.inspections import services
from core import clock
from notifications.models import Notification
from tests.builders import conclude, open_ad_hoc

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def flags(cast, frozen_clock):
    a = services.flag_raise(
        subject_area="khac",
        unit=cast.hospital,
        category="finance_spending",
        severity="high",
        evidence="Needle receipts missing",
        source="manual",
        actor=cast.inspector,
    )
    b = services.flag_raise(
        subject_area="khac",
        unit=cast.clinic,
        category="finance_spending",
        severity="low",
        evidence="Haystack minutes late",
        source="manual",
        actor=cast.inspector,
    )
    return a, b, None


def test_flag_list_search_and_filters_narrow_the_list(client, cast, flags):
    a, b, _outside = flags
    _login(client, cast.inspector)
    url = reverse("inspections:flag_list")
    everything = {f.pk for f in client.get(url).context["page"]}
    assert {a.pk, b.pk} <= everything
    assert {f.pk for f in client.get(url, {"q": "needle"}).context["page"]} == {a.pk}
    assert {f.pk for f in client.get(url, {"severity": "low"}).context["page"]} == {b.pk}
    assert {f.pk for f in client.get(url, {"unit": cast.clinic.pk}).context["page"]} == {b.pk}


def test_a_filter_never_widens_scope(client, cast, frozen_clock):
    from casework.org.models import Role
    from tests.factories import UserFactory

    e_inspector = UserFactory(username="e_insp", roles=[(Role.INSPECTOR, cast.other_sector)])
    theirs = services.flag_raise(
        subject_area="khac",
        unit=cast.other_grassroots,
        category="finance_spending",
        severity="high",
        evidence="Needle elsewhere",
        source="manual",
        actor=e_inspector,
    )
    _login(client, cast.inspector)
    response = client.get(reverse("inspections:flag_list"), {"unit": cast.other_grassroots.pk, "q": "needle"})
    assert response.status_code == 200
    assert theirs.pk not in {f.pk for f in response.context["page"]}
    assert "unit" in response.context["form"].errors  # a unit outside scope is not even a choice


def test_bad_dates_are_named_and_the_list_still_renders(client, cast, flags):
    _login(client, cast.inspector)
    url = reverse("inspections:flag_list")
    response = client.get(url, {"date_from": "2026-03-10", "date_to": "2026-03-01"})
    assert response.status_code == 200
    assert "Đến ngày: phải sau hoặc bằng Từ ngày." in response.content.decode()
    assert len(response.context["page"]) >= 2  # an invalid form filters nothing
    response = client.get(url, {"date_from": "not-a-date"})
    assert response.status_code == 200
    assert "date_from" in response.context["form"].errors


def test_inspection_list_search_by_decision_number(client, cast, flags):
    a, _b, _outside = flags
    inspection = open_ad_hoc(cast, [a])
    _login(client, cast.inspector)
    url = reverse("inspections:inspection_list")
    assert inspection.decision_number == "01/QĐ-UBKT"  # the sector's first decision of the year
    assert {i.pk for i in client.get(url, {"q": "01/QĐ"}).context["page"]} == {inspection.pk}
    assert not list(client.get(url, {"q": "99/QĐ"}).context["page"])
    assert {i.pk for i in client.get(url, {"status": inspection.status}).context["page"]} == {inspection.pk}


def test_plan_list_is_paginated_and_filtered_by_year(client, cast, frozen_clock):
    p2026 = services.plan_create(unit=cast.sector, period="annual", year=2026, title="Plan 2026", actor=cast.chair)
    p2027 = services.plan_create(unit=cast.sector, period="annual", year=2027, title="Plan 2027", actor=cast.chair)
    _login(client, cast.inspector)
    url = reverse("inspections:plan_list")
    assert {p.pk for p in client.get(url).context["page"]} == {p2026.pk, p2027.pk}
    assert {p.pk for p in client.get(url, {"year": 2027}).context["page"]} == {p2027.pk}
    assert {p.pk for p in client.get(url, {"q": "2026"}).context["page"]} == {p2026.pk}
    response = client.get(url, {"year": "abc"})
    assert response.status_code == 200 and "year" in response.context["form"].errors


def test_recommendation_list_overdue_filter(client, cast, flags):
    a, _b, _outside = flags
    inspection = conclude(cast, open_ad_hoc(cast, [a]))
    soon = services.recommendation_add(
        inspection=inspection,
        text="Return the money",
        owner_unit=cast.hospital,
        due_on=clock.today() + dt.timedelta(days=5),
        actor=cast.chair,
    )
    later = services.recommendation_add(
        inspection=inspection,
        text="Train the cashier",
        owner_unit=cast.hospital,
        due_on=clock.today() + dt.timedelta(days=60),
        actor=cast.chair,
    )
    clock.advance(dt.timedelta(days=10))
    _login(client, cast.inspector)
    url = reverse("inspections:recommendation_list")
    assert {r.pk for r in client.get(url).context["page"]} == {soon.pk, later.pk}
    assert {r.pk for r in client.get(url, {"deadline": "overdue"}).context["page"]} == {soon.pk}
    assert {r.pk for r in client.get(url, {"q": "cashier"}).context["page"]} == {later.pk}


def test_the_pager_keeps_the_filters(client, cast, frozen_clock):
    Notification.objects.bulk_create(
        [Notification(user=cast.officer, title=f"needle {i}", key=f"n{i}", created_at=clock.now()) for i in range(35)]
        + [Notification(user=cast.officer, title="other", key="o", created_at=clock.now())]
        + [Notification(user=cast.chair, title="needle of someone else", key="x", created_at=clock.now())]
    )
    _login(client, cast.officer)
    url = reverse("notifications:centre")
    first = client.get(url, {"q": "needle"})
    assert first.context["page"].paginator.count == 35  # only their own, only matching
    html = first.content.decode()
    assert "q=needle&amp;page=2" in html
    second = client.get(url, {"q": "needle", "page": 2})
    assert {n.title.startswith("needle") for n in second.context["page"]} == {True}
    assert len(second.context["page"]) == 5
