"""A flag keeps the moment it joined its inspection: set by the service that groups it, recorded in its
join event, shown on its page and in the API, checked by the coverage proof, and dated by migration 0010
for flags joined before the field existed; a flag ended by leadership keeps when."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.audit.timeline import changes_of
from casework.inspections import selectors, services
from casework.inspections.models import Flag
from core import clock
from core.errors import ValidationFailed
from tests import builders
from workflows.escalations import decision_refusals
from workflows.models import Deadline, Escalation
from workflows.services.escalations import escalation_decide
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db

date_joins_and_decisions = import_module(
    "casework.inspections.migrations.0010_flag_joined_inspection_at"
).date_joins_and_decisions


def _join_event(flag: Flag) -> AuditEvent:
    return AuditEvent.objects.get(target_type="inspections.flag", target_id=str(flag.pk), action="flag.assign")


def _own_clock(flag: Flag) -> Deadline:
    return Deadline.objects.filter(target_type="inspections.flag", target_id=str(flag.pk)).latest("pk")


def _decided(cast, flag: Flag) -> Flag:
    escalation = services.flag_escalate(flag=flag, actor=cast.inspector, reason="Đã gộp vào dấu hiệu khác")
    escalation_decide(
        escalation=escalation,
        actor=cast.leader,
        decision="approve",
        reason="Chuyển",
        ground="referred",
        referred_body="Thanh tra tỉnh",
        referral_ref="45/CV-UBKT",
    )
    flag.refresh_from_db()
    return flag


# ---- the service dates the join -----------------------------------------------------------------------


def test_the_service_dates_each_join_with_the_clock_and_records_it_in_the_join_event(cast, frozen_clock):
    first = builders.raise_flag(cast)
    opened_at = clock.now()
    inspection = builders.open_ad_hoc(cast, [first])
    clock.advance(dt.timedelta(days=3, hours=2))
    later = builders.raise_flag(cast, category="elections")
    joined_at = clock.now()
    services.inspection_flags_add(inspection=inspection, flags=[later], actor=cast.inspector)
    first.refresh_from_db()
    later.refresh_from_db()
    assert (first.joined_inspection_at, later.joined_inspection_at) == (opened_at, joined_at)
    assert builders.raise_flag(cast).joined_inspection_at is None  # never in an inspection
    event = _join_event(later)
    assert (event.after["inspection"], event.after["joined_inspection_at"]) == (inspection.pk, joined_at.isoformat())
    shown = {change.field: change for change in changes_of(event)}["joined_inspection_at"]
    assert (shown.label, shown.after) == ("Đưa vào cuộc kiểm tra lúc", "05/03/2026 11:00")


def test_the_flag_page_and_the_api_show_when_it_joined_its_inspection(client, cast, api_as, frozen_clock):
    flag = builders.raise_flag(cast)
    waiting = builders.raise_flag(cast, category="elections")
    clock.advance(dt.timedelta(days=1))
    builders.open_ad_hoc(cast, [flag])
    client.force_login(cast.inspector)
    page = client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode()
    assert 'id="joined-inspection-at">03/03/2026 09:00<' in page
    assert (
        'id="joined-inspection-at"'
        not in client.get(reverse("inspections:flag_detail", args=[waiting.pk])).content.decode()
    )
    api = api_as(cast.inspector)
    detail = api.get(f"/api/flags/{flag.pk}/").json()
    assert dt.datetime.fromisoformat(detail["joined_inspection_at"]) == clock.now()
    listed = {row["id"]: row["joined_inspection_at"] for row in api.get("/api/flags/").json()["results"]}
    assert listed[waiting.pk] is None and listed[flag.pk] == detail["joined_inspection_at"]


# ---- the coverage proof checks it against the trail ----------------------------------------------------


def test_a_join_moment_or_inspection_changed_by_hand_fails_the_coverage_proof(cast, frozen_clock):
    flag = builders.raise_flag(cast)
    inspection = builders.open_ad_hoc(cast, [flag])
    other = builders.open_ad_hoc(cast, [builders.raise_flag(cast, category="elections")])
    assert selectors.coverage_trail_disagreements() == []
    joined_at = clock.now()
    for changes in (
        {"joined_inspection_at": joined_at - dt.timedelta(days=40)},  # in its inspection back into last quarter
        {"joined_inspection_at": None},
        {"inspection": other},
    ):
        Flag.objects.filter(pk=flag.pk).update(**changes)
        found = selectors.coverage_trail_disagreements()
        assert [ref for ref, _problem in found] == [flag.reference], changes
        assert "02/03/2026 09:00" in found[0][1]
        Flag.objects.filter(pk=flag.pk).update(joined_inspection_at=joined_at, inspection=inspection)
    assert selectors.coverage_trail_disagreements() == []
    # A join moment on a flag the trail never saw join.
    waiting = builders.raise_flag(cast, unit=cast.clinic)
    Flag.objects.filter(pk=waiting.pk).update(joined_inspection_at=joined_at)
    assert [ref for ref, _problem in selectors.coverage_trail_disagreements()] == [waiting.reference]


def test_the_coverage_proof_holds_for_joined_inspected_and_decided_flags(cast, frozen_clock):
    joined = builders.raise_flag(cast)
    builders.open_ad_hoc(cast, [joined])
    inspected = builders.raise_flag(cast)
    builders.conclude(cast, builders.open_ad_hoc(cast, [inspected]))
    _decided(cast, builders.raise_flag(cast, unit=cast.clinic))
    report = selectors.coverage_report(user=cast.inspector)
    assert (report["proven"], report["disagreement_count"]) == (True, 0)


# ---- migration 0010 dates what was there ----------------------------------------------------------------


def test_the_migration_dates_joins_from_the_trail_else_the_stopped_own_clock_else_leaves_them_undated(
    cast, frozen_clock
):
    by_service = builders.raise_flag(cast)
    inspection = builders.open_ad_hoc(cast, [by_service])
    joined_at = clock.now()
    # A join the trail recorded wins over the clock it stopped.
    Deadline.objects.filter(pk=_own_clock(by_service).pk).update(closed_at=joined_at + dt.timedelta(hours=5))
    # Joins the trail never saw (made by hand): one stopped its own clock, one's own clock had breached.
    stopped, breached = builders.raise_flag(cast), builders.raise_flag(cast, category="elections")
    clock.advance(dt.timedelta(days=40))
    sweep_run()
    assert _own_clock(breached).status == Deadline.Status.BREACHED
    stopped_at = joined_at + dt.timedelta(days=2)
    Deadline.objects.filter(pk=_own_clock(stopped).pk).update(status=Deadline.Status.MET, closed_at=stopped_at)
    Flag.objects.filter(pk__in=[stopped.pk, breached.pk]).update(status=Flag.Status.ASSIGNED, inspection=inspection)
    Flag.objects.filter(pk=by_service.pk).update(joined_inspection_at=None)
    never = builders.raise_flag(cast)

    date_joins_and_decisions(apps, None)

    dated = dict(Flag.objects.values_list("pk", "joined_inspection_at"))
    assert (dated[by_service.pk], dated[stopped.pk], dated[breached.pk], dated[never.pk]) == (
        joined_at,
        stopped_at,
        None,
        None,
    )
    assert selectors.coverage_trail_disagreements(date_from=joined_at.date(), date_to=joined_at.date()) == [
        (stopped.reference, str(selectors.TRAIL_JOIN_UNSEEN))
    ]


def test_the_decision_dates_a_flag_ended_by_leadership_and_the_migration_dates_those_without(cast, frozen_clock):
    first = _decided(cast, builders.raise_flag(cast))
    assert first.closed_at == clock.now()  # the decision sets it
    clock.advance(dt.timedelta(days=2))
    second = _decided(cast, builders.raise_flag(cast, unit=cast.clinic))
    second_decided_at = clock.now()
    clock.advance(dt.timedelta(days=2))
    third = _decided(cast, builders.raise_flag(cast, category="elections"))
    recorded_at = dt.datetime(2026, 3, 3, 1, 0, tzinfo=dt.UTC)
    Escalation.objects.filter(pk=first.escalation_id).update(decided_at=recorded_at)
    Escalation.objects.filter(pk=second.escalation_id).update(decided_at=None)  # the trail's event dates it
    Escalation.objects.filter(pk=third.escalation_id).update(decided_at=None)
    Flag.objects.filter(pk__in=[first.pk, second.pk]).update(closed_at=None)
    kept = third.closed_at

    date_joins_and_decisions(apps, None)

    closed = dict(Flag.objects.values_list("pk", "closed_at"))
    assert (closed[first.pk], closed[second.pk], closed[third.pk]) == (recorded_at, second_decided_at, kept)


# ---- a flag in an inspection keeps its own clock stopped --------------------------------------------------


def test_leadership_may_not_extend_the_own_clock_of_a_flag_already_in_an_inspection(cast, frozen_clock):
    flag = builders.raise_flag(cast)
    escalation = services.flag_escalate(flag=flag, actor=cast.inspector, reason="Quá hạn chưa kiểm tra")
    inspection = builders.open_ad_hoc(cast, [flag])
    assert "extend" in decision_refusals(escalation)
    assert inspection.reference in decision_refusals(escalation)["extend"]
    with pytest.raises(ValidationFailed) as refused:
        escalation_decide(
            escalation=escalation,
            actor=cast.leader,
            decision="extend",
            reason="Cho thêm thời gian",
            new_due_on=clock.today() + dt.timedelta(days=20),
        )
    assert "decision" in refused.value.fields
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.PENDING
    assert not Deadline.objects.filter(
        target_type="inspections.flag", target_id=str(flag.pk), status=Deadline.Status.OPEN
    ).exists()
    # A flag not yet in an inspection may still have its own clock extended.
    waiting = builders.raise_flag(cast, unit=cast.clinic)
    assert "extend" not in decision_refusals(services.flag_escalate(flag=waiting, actor=cast.inspector, reason="Chậm"))


def test_a_decided_moment_changed_by_hand_fails_the_coverage_proof(cast, frozen_clock):
    flag = _decided(cast, builders.raise_flag(cast))
    assert selectors.coverage_trail_disagreements() == []
    decided_at = flag.closed_at
    for changed in (decided_at - dt.timedelta(days=40), None):
        Flag.objects.filter(pk=flag.pk).update(closed_at=changed)
        found = selectors.coverage_trail_disagreements()
        assert [ref for ref, _problem in found] == [flag.reference], changed
        assert "02/03/2026 09:00" in found[0][1]
    Flag.objects.filter(pk=flag.pk).update(closed_at=decided_at)
    assert selectors.coverage_trail_disagreements() == []
