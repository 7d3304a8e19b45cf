"""The notification centre: list, unread count in the header, mark read, e-mail preference."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from notifications.models import Notification
from notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_header_shows_the_unread_count_and_reading_lowers_it(client, frozen_clock):
    user, other = UserFactory(), UserFactory()
    notify(users=[user], title="Nhắc hạn hồ sơ 1", url="/cases/1/", key="a")
    notify(users=[user], title="Quá hạn hồ sơ 2", key="b")
    notify(users=[other], title="Của người khác", key="c")
    client.force_login(user)
    body = client.get(reverse("notifications:centre")).content.decode()
    assert "Nhắc hạn hồ sơ 1" in body and "Quá hạn hồ sơ 2" in body and "Của người khác" not in body
    assert '<span class="badge" aria-label="chưa đọc">2</span>' in body

    first = Notification.objects.get(key="a")
    response = client.post(reverse("notifications:read", args=[first.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/cases/1/"
    body = client.get(reverse("home")).content.decode()
    assert '<span class="badge" aria-label="chưa đọc">1</span>' in body

    client.post(reverse("notifications:read_all"))
    body = client.get(reverse("home")).content.decode()
    assert 'class="badge"' not in body


def test_someone_elses_notification_is_404(client, frozen_clock):
    user, other = UserFactory(), UserFactory()
    notify(users=[other], title="x", key="z")
    client.force_login(user)
    note = Notification.objects.get()
    assert client.post(reverse("notifications:read", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_the_user_turns_email_off_and_on(client, frozen_clock):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("notifications:preferences")).status_code == 200
    client.post(reverse("notifications:preferences"), {})
    user.refresh_from_db()
    assert user.email_notifications is False
    client.post(reverse("notifications:preferences"), {"email_notifications": "on"})
    user.refresh_from_db()
    assert user.email_notifications is True
    assert AuditEvent.objects.filter(action="user.email_notifications", target_id=str(user.pk)).count() == 2
