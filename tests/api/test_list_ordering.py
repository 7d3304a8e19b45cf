"""The API lists: `?deadline=` keeps the rows whose chip says so (the pages' rule), `?ordering=urgency`
walks the rows in the pages' default order through the cursor, one row per page, never skipping or
repeating one; every ordering ends on the id; an ordering outside the whitelist gives the default."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.inspections.models import Flag
from core import clock
from tests.builders import conclude, open_ad_hoc, raise_flag, recommend
from workflows.deadline_status import statuses_for, target_key
from workflows.models import Deadline
from workflows.services.escalations import escalation_open
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db

HOSTILE = ["unit__name", "password", "-", ",", "raised_at;DROP", "__class__", "x" * 3000, "evidence"]


def _due(obj) -> dt.datetime:
    kind, pk = target_key(obj)
    return (
        Deadline.objects.filter(target_type=kind, target_id=pk, status=Deadline.Status.OPEN)
        .order_by("due_at")[0]
        .due_at
    )


def _walk(client, url: str, **params) -> list[int]:
    """Every row's id, following the cursor one row at a time."""
    ids, response = [], client.get(url, {**params, "page_size": 1})
    while True:
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        ids += [row["id"] for row in body["results"]]
        if not body["next"]:
            return ids
        response = client.get(body["next"])


@pytest.fixture
def flags(cast, frozen_clock):
    escalated = raise_flag(cast)
    clock.advance(dt.timedelta(days=2))
    late = raise_flag(cast)
    clock.advance(dt.timedelta(days=2))
    soon = raise_flag(cast)
    twin = raise_flag(cast)  # raised at the same moment as `soon`: the id breaks the tie
    inspected = raise_flag(cast)
    open_ad_hoc(cast, [inspected])
    clock.set_now(_due(escalated) + dt.timedelta(hours=1))
    sweep_run()
    clock.set_now(_due(late) + dt.timedelta(days=1))
    return escalated, late, soon, twin, inspected


def test_flags_walk_in_urgency_order_through_the_cursor(api_as, cast, flags):
    escalated, late, soon, twin, inspected = flags
    client = api_as(cast.chair)
    urgency = [escalated.pk, late.pk, soon.pk, twin.pk, inspected.pk]
    assert _walk(client, "/api/flags/", ordering="urgency") == urgency
    assert _walk(client, "/api/flags/", ordering="-urgency") == list(reversed(urgency))
    assert _walk(client, "/api/flags/", ordering="due") == urgency
    assert _walk(client, "/api/flags/", ordering="raised_at") == [escalated.pk, late.pk, soon.pk, twin.pk, inspected.pk]
    assert _walk(client, "/api/flags/", ordering="-raised_at") == [
        inspected.pk,
        twin.pk,
        soon.pk,
        late.pk,
        escalated.pk,
    ]
    newest_first = sorted(urgency, reverse=True)
    assert _walk(client, "/api/flags/") == newest_first  # the API's default stays newest first
    for value in HOSTILE:
        assert _walk(client, "/api/flags/", ordering=value) == newest_first, value
    # Scope: an officer of another sector walks nothing, whatever the order.
    assert _walk(api_as(cast.other_officer), "/api/flags/", ordering="urgency") == []


def test_the_flag_deadline_filter_agrees_with_the_chips(api_as, cast, flags):
    escalated, late, soon, twin, inspected = flags
    client = api_as(cast.chair)
    chips = statuses_for(Flag.objects.all(), clock.now())
    by_code = {code: set() for code in ("overdue", "escalated", "due_soon", "on_time")}
    for flag in Flag.objects.all():
        chip = chips.get(target_key(flag))
        if chip is None:
            continue
        by_code[chip.code if chip.code != "overdue" else "overdue"].add(flag.pk)
    by_code["overdue"] |= by_code["escalated"]
    for code, expected in by_code.items():
        assert set(_walk(client, "/api/flags/", deadline=code)) == expected, code
    assert by_code["escalated"] == {escalated.pk} and by_code["overdue"] == {escalated.pk, late.pk}
    assert client.get("/api/flags/", {"deadline": "late"}).status_code == 400  # not a choice: named in the error


def test_cases_recommendations_inspections_and_escalations_filter_and_order_alike(api_as, cast, make_case):
    first = make_case()
    clock.advance(dt.timedelta(days=1))
    second = make_case()
    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    rec_late, rec_far = recommend(cast, inspection, due_in=3), recommend(cast, inspection, due_in=60)
    pending = escalation_open(target=second, unit=cast.sector, reason="Cần chỉ đạo", actor=cast.chair)
    clock.set_now(max(_due(first), _due(rec_late), _due(pending)) + dt.timedelta(hours=1))
    fresh = make_case()

    chair, leader = api_as(cast.chair), api_as(cast.leader)
    assert _walk(chair, "/api/cases/", deadline="overdue") == sorted([first.pk, second.pk], reverse=True)
    assert _walk(chair, "/api/cases/", ordering="urgency") == [first.pk, second.pk, fresh.pk]
    assert _walk(chair, "/api/recommendations/", deadline="overdue") == [rec_late.pk]
    assert _walk(chair, "/api/recommendations/", ordering="urgency") == [rec_late.pk, rec_far.pk]
    assert _walk(chair, "/api/inspections/", ordering="urgency") == [inspection.pk]
    assert _walk(leader, "/api/escalations/", deadline="overdue") == [pending.pk]
    assert _walk(leader, "/api/escalations/", ordering="urgency")[0] == pending.pk
