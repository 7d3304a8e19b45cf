"""The full task list ("Công việc theo quy trình"): the inbox with search, filters and pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _labels(response) -> list[str]:
    return [row["label"] for row in response.context["rows"]]


def test_search_and_filters_narrow_the_tasks(client, cast, make_case):  # noqa: F811
    needle = make_case(title="Needle in the welfare fund")
    make_case(title="Haystack of overtime pay")
    client.force_login(cast.chair)
    url = reverse("tasks")
    everything = client.get(url)
    assert everything.status_code == 200
    assert len(everything.context["rows"]) >= 2
    found = client.get(url, {"q": "needle"})
    assert [label.split(" — ")[0] for label in _labels(found)] == [needle.reference]
    assert client.get(url, {"q": needle.reference}).context["page"].paginator.count >= 1
    assert client.get(url, {"kind": "inspection"}).context["page"].paginator.count == 0
    assert (
        client.get(url, {"kind": "case"}).context["page"].paginator.count == everything.context["page"].paginator.count
    )
    assert client.get(url, {"mine": "on"}).context["page"].paginator.count == 0  # the chair's are pool tasks


def test_the_task_list_shows_nothing_outside_scope(client, cast, make_case):  # noqa: F811
    make_case(title="Needle in the welfare fund")
    client.force_login(cast.other_officer)
    response = client.get(reverse("tasks"), {"q": "needle"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0


def test_a_bad_kind_is_named_and_the_list_still_shows(client, cast, make_case):  # noqa: F811
    make_case()
    client.force_login(cast.chair)
    response = client.get(reverse("tasks"), {"kind": "nonsense"})
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert response.context["page"].paginator.count >= 1
