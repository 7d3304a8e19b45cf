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
    notify(users=[cast.officer], title="Quá hạn", key="deadline:1:breach")
    first = Notification.objects.get(key="deadline:1:breach")
    assert first.user_id == cast.officer.pk
    notify(users=[cast.officer, cast.chair], title="Quá hạn lần hai", key="deadline:1:breach")
    notes = dict(Notification.objects.filter(key="deadline:1:breach").values_list("user_id", "pk"))
    assert notes == {cast.officer.pk: first.pk, cast.chair.pk: notes[cast.chair.pk]}
    assert Notification.objects.get(pk=first.pk).title == "Quá hạn"  # the first note is kept as it was
    assert OutboxMessage.objects.filter(key=f"deadline:1:breach:email:{cast.officer.pk}").count() == 1
    # the caller's transaction is still usable after the duplicate
    assert Notification.objects.count() == 2


def test_many_recipients_cost_one_insert(cast):
    users = [cast.officer, cast.officer2, cast.chair, cast.inspector, cast.leader]
    with CaptureQueriesContext(connection) as ctx:
        notify(users=users, title="Việc mới", key="task:9")
    inserts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("INSERT")]
    assert Notification.objects.filter(key="task:9").count() == 5
    assert sum('"notifications_notification"' in sql for sql in inserts) == 1
    assert sum('"notifications_outboxmessage"' in sql for sql in inserts) <= 1


def test_a_query_of_recipients_is_notified_like_a_list(cast):
    from casework.org.selectors import users_with_role

    cast.chair.email, cast.chair.email_notifications = "chair@example.org", True
    cast.chair.save()
    holders = users_with_role(unit=cast.sector, roles=("committee_chair",))
    expected = [cast.chair.pk]
    notify(users=holders, title="Đã thụ lý", url="/cases/7/", unit=cast.sector, key="case:7:accept:2")
    assert list(Notification.objects.filter(key="case:7:accept:2").values_list("user_id", flat=True)) == expected
    note = Notification.objects.get(key="case:7:accept:2")
    assert (note.user_id, note.title, note.url, note.unit_id) == (
        cast.chair.pk,
        "Đã thụ lý",
        "/cases/7/",
        cast.sector.pk,
    )
    mail = OutboxMessage.objects.get(key=f"case:7:accept:2:email:{cast.chair.pk}")
    assert (mail.recipient, mail.user_id, mail.subject, mail.status) == (
        "chair@example.org",
        cast.chair.pk,
        "Đã thụ lý",
        "pending",
    )
    # again (a retried step): nobody twice, nothing queued twice
    notify(users=holders, title="Đã thụ lý", key="case:7:accept:2")
    assert Notification.objects.filter(key="case:7:accept:2").count() == 1
    assert OutboxMessage.objects.filter(key__startswith="case:7:accept:2").count() == 1


def test_a_query_leaves_out_whom_a_list_leaves_out(cast):
    """Inactive holders and expired roles get nothing; holders who turned e-mail off get no mail."""
    import datetime as dt

    from casework.org.selectors import users_with_role
    from tests.factories import UserFactory, grant

    gone = UserFactory(username="gone", email="gone@example.org")
    gone.is_active = False
    gone.save()
    grant(gone, "committee_chair", cast.sector)
    expired = UserFactory(username="expired", email="expired@example.org")
    grant(expired, "committee_chair", cast.sector, valid_to=dt.date(2021, 1, 1))
    quiet = UserFactory(username="quiet", email="quiet@example.org")
    quiet.email_notifications = False
    quiet.save()
    grant(quiet, "committee_chair", cast.sector)
    notify(users=users_with_role(unit=cast.sector, roles=("committee_chair",)), title="T", key="k:q")
    told = Notification.objects.filter(key="k:q").values_list("user_id", flat=True)
    assert sorted(told) == sorted([cast.chair.pk, quiet.pk])
    assert not OutboxMessage.objects.filter(user__in=[gone, expired, quiet]).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two real writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_notifying_a_role_at_once_tell_each_holder_once(cast):
    """Both INSERT statements race on the unique keys: the second waits for the first, then skips
    every row it would duplicate, and neither fails."""
    from django.db import transaction

    from casework.org.selectors import users_with_role
    from tests.concurrency import at_once

    cast.chair.email, cast.chair.email_notifications = "chair@example.org", True
    cast.chair.save()

    def sweep():
        with transaction.atomic():
            holders = users_with_role(unit=cast.sector, roles=("committee_chair",))
            notify(users=holders, title="Quá hạn", key="deadline:77:breach")
            return "done"

    assert at_once(sweep, sweep) == ["done", "done"]
    assert Notification.objects.filter(key="deadline:77:breach").count() == 1
    assert OutboxMessage.objects.filter(key__startswith="deadline:77:breach:email:").count() == 1
