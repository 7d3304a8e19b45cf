"""A flag can end only inspected (approved conclusion) or decided (leadership): service and database agree."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from casework.audit.models import AuditEvent
from casework.inspections.models import Flag
from casework.inspections.services import flag_raise
from core.errors import ValidationFailed
from tests.builders import make_case
from workflows.models import Deadline


def _raise(cast, **kwargs):
    defaults = dict(
        unit=cast.hospital,
        category="finance_spending",
        severity="high",
        evidence="Chi sai mục đích 12.000.000 đồng",
        source="manual",
        actor=cast.inspector,
    )
    return flag_raise(subject_area="khac", **{**defaults, **kwargs})


def test_raise_starts_the_open_inspection_clock_and_audits(cast, frozen_clock):
    flag = _raise(cast)
    assert flag.status == Flag.Status.RAISED
    deadline = Deadline.objects.get(target_type="inspections.flag", target_id=str(flag.pk))
    assert (deadline.step, deadline.status) == ("open_inspection", "open")
    assert AuditEvent.objects.filter(action="flag.raise", target_id=str(flag.pk)).count() == 1


def test_raise_refuses_missing_evidence_and_unknown_category(cast, frozen_clock):
    with pytest.raises(ValidationFailed) as err:
        _raise(cast, evidence=" ", category="nope")
    assert set(err.value.fields) == {"evidence", "category"}
    assert Flag.objects.count() == 0


def test_raise_refuses_actor_outside_the_unit(cast, frozen_clock):
    with pytest.raises(ValidationFailed):
        _raise(cast, actor=cast.other_officer)


def test_raise_by_the_system_from_a_source_record(cast, frozen_clock):
    case = make_case(cast)
    flag = _raise(cast, actor=None, source="case", source_target=case)
    assert (flag.source_type, flag.source_id) == ("cases.case", str(case.pk))


@pytest.mark.parametrize("status", ["inspected", "decided", "assigned", "bogus"])
def test_database_refuses_to_close_a_flag_without_its_end(cast, frozen_clock, status):
    flag = _raise(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.filter(pk=flag.pk).update(status=status)
    flag.refresh_from_db()
    assert flag.status == Flag.Status.RAISED


def test_database_refuses_decided_without_a_reason(cast, frozen_clock):
    flag = _raise(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.filter(pk=flag.pk).update(status="decided", escalation_id=7, decision_reason="")


def test_database_refuses_inspected_when_the_conclusion_is_not_approved(cast, frozen_clock):
    from core import clock
    from tests.builders import open_ad_hoc

    flag = _raise(cast)
    open_ad_hoc(cast, [flag])
    # The reason fields are filled, but the inspection named has no approved conclusion: the trigger refuses.
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.filter(pk=flag.pk).update(status="inspected", conclusion_approved_at=clock.now())
    flag.refresh_from_db()
    assert flag.status == Flag.Status.ASSIGNED


def test_database_refuses_decided_without_a_real_leadership_decision(cast, frozen_clock):
    from workflows.services.escalations import escalation_open

    flag = _raise(cast)
    pending = escalation_open(target=flag, unit=cast.hospital, reason="Chậm mở kiểm tra", actor=cast.inspector)
    for escalation_id in (pending.pk, 999_999):
        with pytest.raises(IntegrityError), transaction.atomic():
            Flag.objects.filter(pk=flag.pk).update(status="decided", escalation_id=escalation_id, decision_reason="x")
    flag.refresh_from_db()
    assert flag.status == Flag.Status.RAISED


def _decided_escalation(cast, flag, **decision):
    from workflows.services.escalations import escalation_decide, escalation_open

    escalation = escalation_open(target=flag, unit=cast.hospital, reason="Chậm mở kiểm tra", actor=cast.inspector)
    return escalation_decide(escalation=escalation, actor=cast.leader, reason="Quyết định", **decision)


def test_database_refuses_to_end_a_flag_on_a_decision_that_gave_no_allowed_ground(cast, frozen_clock):
    flag = _raise(cast)
    ordered = _decided_escalation(cast, flag, decision="approve")  # no ground: it ordered the inspection
    for ground in ("", "merged", "no_basis"):
        with pytest.raises(IntegrityError), transaction.atomic():
            Flag.objects.filter(pk=flag.pk).update(
                status="decided", escalation_id=ordered.pk, decision_reason="x", end_ground=ground
            )
    flag.refresh_from_db()
    assert (flag.status, flag.end_ground) == (Flag.Status.RAISED, "")


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="hand-written PostgreSQL UPDATE")
def test_postgresql_refuses_a_hand_update_that_ends_a_flag_without_its_end(cast, frozen_clock):
    """Straight SQL, as a console user would type it: only the two lawful ends get through."""
    flag = _raise(cast)
    ordered = _decided_escalation(cast, flag, decision="approve")
    attempts = [
        ("inspected", None, "", "now()"),
        ("decided", ordered.pk, "merged", "NULL"),
        ("decided", None, "referred", "NULL"),
        ("decided", ordered.pk, "", "NULL"),
    ]
    for status, escalation_id, ground, approved in attempts:
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE inspections_flag SET status = %s, escalation_id = %s, end_ground = %s, "
                f"decision_reason = 'x', conclusion_approved_at = {approved} WHERE id = %s",
                [status, escalation_id, ground, flag.pk],
            )
    flag.refresh_from_db()
    assert flag.status == Flag.Status.RAISED
    # The lawful end on an allowed ground is accepted by the same statement.
    other = _raise(cast)
    grounded = _decided_escalation(cast, other, decision="approve", ground="merged", merged_into=flag.reference)
    other.refresh_from_db()
    assert (other.status, other.escalation_id, other.end_ground) == ("decided", grounded.pk, "merged")
