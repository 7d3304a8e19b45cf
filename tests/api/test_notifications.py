from __future__ import annotations

import pytest

from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(cast, frozen_clock):
    for n in range(4):
        notify(users=[cast.officer], title=f"Việc {n}", key=f"t:{n}")
    notify(users=[cast.officer2], title="Của người khác", key="t:x")
    mine = [Notification.objects.get(key=f"t:{n}") for n in range(4)]
    return mine, Notification.objects.get(key="t:x")


def test_only_my_notifications_are_listed(cast, api_as, notes):
    mine, _ = notes
    body = api_as(cast.officer).get("/api/notifications/").json()
    assert [n["id"] for n in body["results"]] == [n.pk for n in reversed(mine)]


def test_mark_one_read_then_the_unread_filter_skips_it(cast, api_as, notes):
    mine, _ = notes
    client = api_as(cast.officer)
    response = client.post(f"/api/notifications/{mine[0].pk}/read/")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    unread = client.get("/api/notifications/", {"unread": "true"}).json()["results"]
    assert mine[0].pk not in [n["id"] for n in unread] and len(unread) == 3


def test_someone_elses_notification_is_404(cast, api_as, notes):
    _, theirs = notes
    response = api_as(cast.officer).post(f"/api/notifications/{theirs.pk}/read/")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(cast, api_as, notes):
    response = api_as(cast.officer).post("/api/notifications/read-all/")
    assert response.json() == {"marked": 4}
    assert Notification.objects.filter(user=cast.officer, read_at__isnull=True).count() == 0
    assert Notification.objects.filter(user=cast.officer2, read_at__isnull=True).count() == 1


def test_notification_list_queries_do_not_grow_with_the_page(cast, api_as, notes, count_queries):
    client = api_as(cast.officer)
    assert count_queries(client, "/api/notifications/?page_size=1") == count_queries(
        client, "/api/notifications/?page_size=4"
    )
