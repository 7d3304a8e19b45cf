"""The unit a letter is about (đơn vị bị khiếu nại, tố cáo): one rule, in `case_intake`. An intake
may name only a unit `intake_subject_units` offers the officer; any other is refused on the field,
with nothing stored, whichever path the letter came by (at once, queued, or by the queue's worker)."""

from __future__ import annotations

import pytest

from casework.audit.models import AuditEvent
from casework.cases.models import Case, IntakeSubmission, SubmissionStatus
from casework.cases.services import intake_queue_drain, intake_submission_queue
from casework.org.models import Role
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import intake_payload, make_case
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

OUTSIDE = "Đơn vị bị khiếu nại, tố cáo không thuộc phạm vi của bạn."


def test_the_service_refuses_a_unit_outside_those_offered_and_stores_nothing(cast, frozen_clock):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        make_case(cast, subject_unit=cast.other_grassroots)
    assert refused.value.fields == {"subject_unit": [OUTSIDE]}
    assert not Case.objects.exists() and AuditEvent.objects.count() == events

    case = make_case(cast, subject_unit=cast.clinic)  # a unit of the sector: offered
    assert case.subject_unit == cast.clinic


def test_the_refusal_comes_with_the_letters_other_errors(cast, frozen_clock):
    with pytest.raises(ValidationFailed) as refused:
        make_case(cast, subject_unit=cast.other_grassroots, title="  ")
    assert set(refused.value.fields) == {"subject_unit", "title"}
    assert not Case.objects.exists()


def test_what_is_offered_follows_the_officers_roles(cast, frozen_clock):
    """The education sector's officer may name its school, not the hospital; the provincial
    federation's officer and a superuser may name either. Someone who may not register letters for
    the unit is told that, not whether the unit they named is one they may name."""
    education = UserFactory(username="edu_intake", roles=[(Role.INTAKE_OFFICER, cast.other_sector)])
    with pytest.raises(ValidationFailed):
        make_case(cast, actor=education, unit=cast.other_sector, subject_unit=cast.hospital)
    assert make_case(cast, actor=education, unit=cast.other_sector, subject_unit=cast.other_grassroots).pk
    province = UserFactory(username="p_intake", roles=[(Role.INTAKE_OFFICER, cast.province)])
    assert make_case(cast, actor=province, unit=cast.province, subject_unit=cast.other_grassroots).pk
    assert make_case(cast, actor=cast.admin, subject_unit=cast.other_grassroots).pk
    with pytest.raises(TransitionNotAllowed):
        make_case(cast, actor=cast.inspector, subject_unit=cast.other_grassroots)


@pytest.mark.parametrize("subject", ["other_grassroots", "missing"])
def test_the_queue_refuses_an_unknown_or_outside_unit_alike_at_once(cast, frozen_clock, subject):
    pk = getattr(cast, subject).pk if subject != "missing" else 987654
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        intake_submission_queue(actor=cast.intake, payload=intake_payload(cast, subject_unit=pk))
    assert refused.value.fields == {"subject_unit": [OUTSIDE]}
    assert not IntakeSubmission.objects.exists() and AuditEvent.objects.count() == events


def test_the_queues_worker_applies_the_rule_as_it_stands_when_it_registers(cast, frozen_clock):
    """Offered when the letter was queued, no longer when the worker registers it: refused, saying why."""
    extra = grant(cast.intake, Role.INSPECTOR, cast.other_sector)
    submission, _created = intake_submission_queue(
        actor=cast.intake, payload=intake_payload(cast, subject_unit=cast.other_grassroots.pk)
    )
    extra.delete()
    intake_queue_drain()
    submission.refresh_from_db()
    assert (submission.status, submission.errors) == (SubmissionStatus.REJECTED, {"subject_unit": [OUTSIDE]})
    assert not Case.objects.exists()
    assert not AuditEvent.objects.filter(action="case.intake").exists()
