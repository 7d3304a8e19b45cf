"""Property: whatever allowed actions happen, in any order, with the clock moving and the sweep running,
every flag raised sits in exactly one accounted bucket of the coverage report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.inspections import selectors, services
from casework.inspections.models import Flag, Inspection
from core import clock
from core.errors import ApplicationError
from tests.builders import raise_flag
from workflows.models import Escalation
from workflows.services.escalations import escalation_decide
from workflows.sweep import sweep_run

ACTIONS = ["raise", "raise", "open", "step", "step", "decide", "clock"]


def _pick(items, n):
    return items[n % len(items)]


def _open(cast, a, b):
    raised = list(Flag.objects.filter(status=Flag.Status.RAISED).order_by("pk"))
    if not raised:
        return
    unit = _pick(sorted({f.unit_id for f in raised}), a)
    group = [f for f in raised if f.unit_id == unit][: 1 + b % 3]
    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=group[0].unit, actor=cast.inspector, flags=group
    )
    services.inspection_team_set(
        inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.chair
    )
    services.inspection_decide(inspection=inspection, actor=cast.chair)


def _step(cast, a, b):
    running = list(Inspection.objects.filter(status__in=Inspection.OPEN_STATUSES).order_by("pk"))
    if not running:
        return
    i = _pick(running, a)
    s = Inspection.Status
    rep = cast.subject_rep if i.subject_unit_id == cast.hospital.pk else cast.clinic_rep
    if i.status == s.DECIDED:
        services.inspection_notify(inspection=i, text="Thông báo", actor=cast.inspector)
    elif i.status == s.NOTIFIED:
        services.inspection_acknowledge(inspection=i, actor=rep)
    elif i.status == s.FIELDWORK:
        for item in i.checklist.filter(done=False):
            services.checklist_mark(item=item, actor=cast.inspector)
        services.inspection_report_draft(inspection=i, text="Dự thảo", actor=cast.inspector)
    elif i.status in (s.REPORTING, s.EXPLAINED):
        outcome = _pick(Inspection.Outcome.values, b)
        services.inspection_conclude(inspection=i, outcome=outcome, text="Kết luận", actor=cast.chair)


def _decide(cast, a, b):
    pending = list(
        Escalation.objects.filter(target_type="inspections.flag", status=Escalation.Status.PENDING).order_by("pk")
    )
    if not pending:
        return
    escalation = _pick(pending, a)
    decision = _pick(["approve", "return", "extend", "discipline"], b)
    extra = {}
    if decision == "extend":
        extra["new_due_on"] = clock.today() + dt.timedelta(days=1 + a % 20)
    if decision == "discipline":
        extra["discipline"] = "khien_trach"
    escalation_decide(
        escalation=escalation, actor=cast.province_leader, decision=decision, reason="Lãnh đạo quyết định", **extra
    )


@pytest.fixture
def clinic_cast(cast):
    from casework.org.models import Role
    from tests.factories import UserFactory

    cast.clinic_rep = UserFactory(username="clinic_rep", roles=[(Role.SUBJECT_REP, cast.clinic)])
    return cast


STEP = st.tuples(st.sampled_from(ACTIONS), st.integers(0, 99), st.integers(0, 99))


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(program=st.lists(STEP, min_size=3, max_size=16))
def test_no_flag_is_ever_unaccounted(clinic_cast, frozen_clock, program):
    cast = clinic_cast
    start = clock.now()
    # Each example runs in a savepoint rolled back at the end: examples do not see each other's data.
    with transaction.atomic():
        clock.set_now(start)
        for action, a, b in program:
            _apply(cast, action, a, b)
            _assert_all_accounted()
        transaction.set_rollback(True)


def _apply(cast, action, a, b):
    try:
        with transaction.atomic():
            if action == "raise":
                raise_flag(cast, unit=_pick([cast.hospital, cast.clinic], a))
            elif action == "open":
                _open(cast, a, b)
            elif action == "step":
                _step(cast, a, b)
            elif action == "decide":
                _decide(cast, a, b)
            else:
                clock.advance(dt.timedelta(days=1 + a % 45))
                sweep_run()
    except ApplicationError:
        pass  # a refused action changes nothing; the invariant must still hold


def _assert_all_accounted():
    totals = selectors.coverage_by_unit(user=None)["totals"]
    assert totals["raised"] == Flag.objects.count()
    assert sum(totals[b] for b in selectors.BUCKETS) == totals["raised"]
    assert totals["unaccounted"] == 0, list(
        selectors.coverage_drilldown(user=None, bucket="unaccounted").values("pk", "status")
    )
