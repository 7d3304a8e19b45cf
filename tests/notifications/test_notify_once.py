"""notify() writes everyone in one INSERT, and an event already notified (a retried sweep) is
skipped per person without spoiling the caller's transaction."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification, OutboxMessage
from notifications.services import notify

pytestmark = pytest.mark.django_db


def test_a_repeated_event_reaches_only_those_not_yet_notified(cast):
    cast.officer.email, cast.officer.email_notifications = "officer@example.org", True
    cast.officer.save()
    first = notify(users=[cast.officer], title="Quá hạn", key="deadline:1:breach")
    assert [n.user_id for n in first] == [cast.officer.pk] and first[0].pk
    again = notify(users=[cast.officer, cast.chair], title="Quá hạn", key="deadline:1:breach")
    assert [n.user_id for n in again] == [cast.chair.pk]
    assert Notification.objects.filter(key="deadline:1:breach").count() == 2
    assert OutboxMessage.objects.filter(key=f"deadline:1:breach:email:{cast.officer.pk}").count() == 1
    # the caller's transaction is still usable after the duplicate
    assert Notification.objects.count() == 2


def test_many_recipients_cost_one_insert(cast):
    users = [cast.officer, cast.officer2, cast.chair, cast.inspector, cast.leader]
    with CaptureQueriesContext(connection) as ctx:
        created = notify(users=users, title="Việc mới", key="task:9")
    inserts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("INSERT")]
    assert len(created) == 5
    assert sum('"notifications_notification"' in sql for sql in inserts) == 1
    assert sum('"notifications_outboxmessage"' in sql for sql in inserts) <= 1
