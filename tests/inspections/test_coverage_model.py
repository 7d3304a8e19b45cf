"""Model-based test of the 100% guarantee (hypothesis stateful).

Random allowed actions on random flags and inspections, random clock moves over a year, sweeps in
between. After every step an oracle written here, from the audit events and the deadlines alone
(never the coverage selectors nor a status field), recomputes each flag's bucket, and the coverage
report must agree with it. After a sweep nothing is unaccounted; and a flag is "in progress within
every deadline" only while one of its deadlines is still running.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from casework.audit.models import AuditEvent
from casework.inspections import selectors, services
from casework.inspections.models import Flag, Inspection
from core import clock
from core.errors import ApplicationError
from tests.builders import raise_flag
from workflows.models import Deadline
from workflows.services.escalations import escalation_decide
from workflows.sweep import sweep_run

FLAG, INSPECTION = "inspections.flag", "inspections.inspection"
LATE_OR_RUNNING = (Deadline.Status.OPEN, Deadline.Status.PAUSED, Deadline.Status.BREACHED)


# ---- the oracle: audit events and deadlines only ------------------------------------------------


def _events() -> list[AuditEvent]:
    return list(AuditEvent.objects.order_by("seq"))


def _pending_escalations(events: list[AuditEvent]) -> dict[int, tuple[str, str]]:
    """Escalation id → its target, for escalations opened and not yet decided (as the audit tells)."""
    opened: dict[int, tuple[str, str]] = {}
    for e in events:
        if e.action == "escalation.open":
            opened[e.after["escalation"]] = (e.target_type, e.target_id)
        elif e.action == "escalation.overtaken" or (
            e.action.startswith("escalation.") and e.after.get("status") in ("decided", "referred_out")
        ):
            opened.pop(e.after.get("escalation"), None)
    return opened


def _breach_escalated(events: list[AuditEvent], deadline: Deadline) -> bool:
    """The sweep escalated this deadline after it was last extended."""
    last_escalation = last_extension = -1
    for e in events:
        if e.action == "escalation.open" and e.after.get("automatic") and e.after.get("deadline") == deadline.pk:
            last_escalation = e.seq
        if e.action == "escalation.extend" and e.after.get("deadline") == deadline.pk:
            last_extension = e.seq
    return last_escalation > last_extension


def oracle_buckets(now: dt.datetime) -> dict[int, str]:
    events = _events()
    pending = set(_pending_escalations(events).values())
    flags: dict[int, dict] = {}
    for e in events:
        if e.target_type != FLAG:
            continue
        state = flags.setdefault(int(e.target_id), {"end": None, "inspection": None})
        if e.action == "flag.inspected":
            state["end"] = "inspected"
        elif e.action == "flag.decide":
            state["end"] = "ended_by_leadership"
        elif e.action == "flag.assign":
            state["inspection"] = e.after["inspection"]
    deadlines: dict[tuple[str, str, str], Deadline] = {}
    for d in Deadline.objects.order_by("pk"):
        deadlines[(d.target_type, d.target_id, d.step)] = d  # the latest clock of each step wins
    buckets = {}
    for pk, state in flags.items():
        if state["end"]:
            buckets[pk] = state["end"]
            continue
        targets = {(FLAG, str(pk))}
        if state["inspection"] is not None:
            targets.add((INSPECTION, str(state["inspection"])))
        current = [d for key, d in deadlines.items() if key[:2] in targets]
        # Late: breached by now (by the sweep, or dated at its due moment when its step was done late before
        # a sweep came: met late is not in time), or still running past its due moment.
        late = [
            d
            for d in current
            if (d.breached_at is not None and d.breached_at <= now)
            or (d.status == Deadline.Status.OPEN and d.due_at < now)
        ]
        running = [d for d in current if d.status in (Deadline.Status.OPEN, Deadline.Status.PAUSED) and d not in late]
        flag_pending = (FLAG, str(pk)) in pending
        if late:
            accounted = all(
                flag_pending or (d.target_type, d.target_id) in pending or _breach_escalated(events, d) for d in late
            )
            buckets[pk] = "overdue_escalated" if accounted else "unaccounted"
        else:
            buckets[pk] = "in_progress" if running else "unaccounted"
    return buckets


# ---- the machine ----------------------------------------------------------------------------------


class CoverageMachine(RuleBasedStateMachine):
    cast = None  # the test sets the cast and the starting instant
    start_at = None

    @initialize()
    def start(self) -> None:
        # Each run works inside a savepoint rolled back at its end: runs never see each other's rows.
        clock.set_now(self.start_at)
        self.savepoint = transaction.savepoint()
        self.swept = True

    def teardown(self) -> None:
        transaction.savepoint_rollback(self.savepoint)
        clock.set_now(self.start_at)

    def _try(self, action) -> None:
        try:
            with transaction.atomic():
                action()
        except ApplicationError:
            pass  # a refused action changes nothing

    @rule(n=st.integers(0, 9))
    def raise_a_flag(self, n: int) -> None:
        cast = self.cast
        self._try(lambda: raise_flag(cast, unit=(cast.hospital, cast.clinic)[n % 2]))

    @rule(n=st.integers(0, 99), size=st.integers(1, 3))
    def open_an_inspection(self, n: int, size: int) -> None:
        cast = self.cast
        raised = list(Flag.objects.filter(status=Flag.Status.RAISED).order_by("pk"))
        if not raised:
            return
        unit = raised[n % len(raised)].unit
        group = [f for f in raised if f.unit_id == unit.pk][:size]
        self._try(
            lambda: services.inspection_open(unit=cast.sector, subject_unit=unit, actor=cast.inspector, flags=group)
        )

    @rule(n=st.integers(0, 99), outcome=st.sampled_from(Inspection.Outcome.values))
    def take_a_step(self, n: int, outcome: str) -> None:
        cast = self.cast
        running = list(Inspection.objects.filter(status__in=Inspection.OPEN_STATUSES).order_by("pk"))
        if not running:
            return
        i = running[n % len(running)]
        s = Inspection.Status
        rep = cast.subject_rep if i.subject_unit_id == cast.hospital.pk else cast.clinic_rep

        def step() -> None:
            if i.status == s.OPENED:
                services.inspection_team_set(
                    inspection=i, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.chair
                )
                services.inspection_decide(inspection=i, actor=cast.chair)
            elif i.status == s.DECIDED:
                services.inspection_notify(inspection=i, text="Thông báo", actor=cast.inspector)
            elif i.status == s.NOTIFIED:
                services.inspection_acknowledge(inspection=i, actor=rep)
            elif i.status == s.FIELDWORK:
                for item in i.checklist.filter(done=False):
                    services.checklist_mark(item=item, actor=cast.inspector)
                services.inspection_report_draft(inspection=i, text="Dự thảo", actor=cast.inspector)
            else:
                services.inspection_conclude(inspection=i, outcome=outcome, text="Kết luận", actor=cast.chair)

        self._try(step)

    @rule(
        n=st.integers(0, 99),
        decision=st.sampled_from(["approve", "approve_ground", "return", "extend", "discipline", "refer"]),
    )
    def leadership_decides(self, n: int, decision: str) -> None:
        from workflows.models import Escalation

        pending = list(Escalation.objects.filter(status=Escalation.Status.PENDING).order_by("pk"))
        pending = [e for e in pending if e.target_type in (FLAG, INSPECTION)]
        if not pending:
            return
        escalation = pending[n % len(pending)]
        extra: dict = {}
        if decision == "approve_ground":
            decision = "approve"
            extra.update(ground="referred", referred_body="Thanh tra tỉnh", referral_ref="45/CV-UBKT")
        elif decision == "extend":
            extra["new_due_on"] = clock.today() + dt.timedelta(days=1 + n % 20)
        elif decision == "discipline":
            extra["discipline"] = "khien_trach"
        elif decision == "refer":
            extra.update(refer_to="authorities", referred_body="Thanh tra tỉnh", referral_ref="45/CV-UBKT")
        cast = self.cast
        self._try(
            lambda: escalation_decide(
                escalation=escalation, actor=cast.province_leader, decision=decision, reason="Quyết định", **extra
            )
        )

    @rule(days=st.integers(1, 120))
    def time_passes(self, days: int) -> None:
        clock.advance(dt.timedelta(days=days))
        self.swept = False

    @rule()
    def sweep(self) -> None:
        sweep_run()
        self.swept = True

    @invariant()
    def the_report_agrees_with_the_oracle(self) -> None:
        now = clock.now()
        expected = oracle_buckets(now)
        report = {pk: bucket for pk, _code, bucket in selectors.coverage_flag_buckets(user=None)}
        assert report == expected
        totals = selectors.coverage_by_unit(user=None)["totals"]
        assert sum(totals[b] for b in selectors.BUCKETS) == totals["raised"] == len(expected)
        if self.swept:
            assert totals["unaccounted"] == 0, [pk for pk, b in expected.items() if b == "unaccounted"]
        # Allowed actions only: every clock a bucket reads runs to the due date the trail last recorded.
        assert selectors.coverage_trail_disagreements() == []
        for pk, bucket in expected.items():
            if bucket == "in_progress":
                flag = Flag.objects.get(pk=pk)
                targets = [(FLAG, str(pk))] + ([(INSPECTION, str(flag.inspection_id))] if flag.inspection_id else [])
                assert any(
                    Deadline.objects.filter(
                        target_type=t, target_id=i, status__in=[Deadline.Status.OPEN, Deadline.Status.PAUSED]
                    ).exists()
                    for t, i in targets
                )


@pytest.fixture
def clinic_cast(cast):
    from casework.org.models import Role
    from tests.factories import UserFactory

    cast.clinic_rep = UserFactory(username="clinic_rep", roles=[(Role.SUBJECT_REP, cast.clinic)])
    return cast


def test_the_coverage_report_agrees_with_an_oracle_built_from_audit_and_deadlines(clinic_cast, frozen_clock):
    CoverageMachine.cast = clinic_cast
    CoverageMachine.start_at = clock.now()
    run_state_machine_as_test(
        CoverageMachine,
        settings=settings(
            max_examples=5,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
