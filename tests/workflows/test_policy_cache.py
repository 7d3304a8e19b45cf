"""The policy and calendar snapshot: no queries once loaded, yet an edit is seen at once by the
editor, by other processes when it commits, never after a rollback, and within MAX_AGE when
Redis cannot be asked."""

import datetime as dt
from unittest import mock

import pytest
from django.db import transaction

from workflows import policy_cache
from workflows.calendar import WorkingCalendar
from workflows.models import CalendarDay, DeadlineRule, PolicyVersion
from workflows.policy_cache import GENERATION_KEY, policy_snapshot
from workflows.services.policy import policy_current, rule_get

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY = dt.date(2026, 3, 9)


def works(day=MONDAY):
    return WorkingCalendar.load().is_working_day(day)


def test_the_shared_generation_is_read_once_a_second(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(policy_cache.time, "monotonic", lambda: now[0])
    works()
    with mock.patch.object(policy_cache.cache, "get", wraps=policy_cache.cache.get) as get:
        for _ in range(5):
            policy_current(on=MONDAY)
            works()
        assert get.call_count == 0
        now[0] += policy_cache.GENERATION_TTL
        works()
        assert get.call_count == 1


def test_a_loaded_snapshot_answers_without_queries(django_assert_num_queries):
    version = policy_current(on=MONDAY)
    rule_get(version=version, subject="complaint_1", step="resolve")
    with django_assert_num_queries(0):
        version = policy_current(on=MONDAY)
        assert rule_get(version=version, subject="complaint_1", step="resolve").days > 0
        assert works()


def test_an_edit_is_seen_at_once_and_a_rollback_leaves_nothing():
    assert works()
    with pytest.raises(RuntimeError), transaction.atomic():
        CalendarDay.objects.create(date=MONDAY, kind=CalendarDay.Kind.HOLIDAY, name="Nghỉ bù")
        assert not works()  # the editor reads its own uncommitted row
        raise RuntimeError("rolled back")
    assert works()  # nothing of the rolled-back edit is kept
    CalendarDay.objects.create(date=MONDAY, kind=CalendarDay.Kind.HOLIDAY, name="Nghỉ bù")
    assert not works()


def test_another_process_commit_is_seen_through_the_generation(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(policy_cache.time, "monotonic", lambda: now[0])
    assert works()
    # Another process's edit: its rows land without our signals, then its commit moves the generation.
    CalendarDay.objects.bulk_create([CalendarDay(date=MONDAY, kind=CalendarDay.Kind.HOLIDAY, name="Nghỉ bù")])
    assert works()  # our snapshot does not know yet
    policy_cache.cache.set(GENERATION_KEY, (policy_cache.cache.get(GENERATION_KEY) or 0) + 1, None)
    assert works()  # the generation was read less than a second ago
    now[0] += policy_cache.GENERATION_TTL
    assert not works()


def test_with_redis_down_a_snapshot_lives_at_most_max_age(monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(policy_cache.cache, "get", down)
    monkeypatch.setattr(policy_cache.cache, "incr", down)
    now = [1000.0]
    monkeypatch.setattr(policy_cache.time, "monotonic", lambda: now[0])
    assert works()
    CalendarDay.objects.bulk_create([CalendarDay(date=MONDAY, kind=CalendarDay.Kind.HOLIDAY, name="Nghỉ bù")])
    now[0] += policy_cache.MAX_AGE - 1
    assert works()
    now[0] += 2
    assert not works()


def test_a_new_policy_version_applies_from_its_date():
    v1 = policy_current(on=MONDAY)
    last = PolicyVersion.objects.order_by("-number").first()
    v2 = PolicyVersion.objects.create(number=last.number + 1, effective_from=MONDAY, note="Sửa đổi")
    DeadlineRule.objects.create(version=v2, subject="complaint_1", step="resolve", days=20, day_unit="working")
    assert policy_current(on=MONDAY - dt.timedelta(days=1)) == v1
    assert policy_current(on=MONDAY) == v2
    assert rule_get(version=v2, subject="complaint_1", step="resolve").days == 20
    assert policy_snapshot().version_on(MONDAY) == v2
