"""Queued intake: a letter checked and stored in one write, registered later by a worker through
`case_intake` (same rules, same audit event, deadline and notifications), refused with a reason,
once only with two workers at once, and never lost when the broker is down."""

from __future__ import annotations

import datetime as dt
import json
from unittest import mock

import pytest
from django.db import connection, transaction
from django.http import Http404

from casework.audit.models import AuditEvent
from casework.cases.identity import identity_encrypt
from casework.cases.models import Case, IntakeSubmission, SubmissionStatus
from casework.cases.selectors import case_deadlines, intake_submission_get_for_user
from casework.cases.services import intake_queue_drain, intake_submission_queue
from casework.cases.services import queued_intake as queued
from casework.org.models import RoleAssignment
from casework.org.services import role_revoke
from core import clock
from core.errors import KeyReused, TransitionNotAllowed, ValidationFailed
from tests.builders import intake_payload, make_case
from tests.concurrency import at_once
from tests.factories import build_cast

pytestmark = pytest.mark.django_db


def test_queueing_stores_the_letter_and_nothing_else(cast, frozen_clock):
    events = AuditEvent.objects.count()
    submission, created = intake_submission_queue(actor=cast.intake, payload=intake_payload(cast))
    assert created
    assert (submission.status, submission.unit, submission.actor) == (SubmissionStatus.QUEUED, cast.sector, cast.intake)
    assert Case.objects.count() == 0
    assert AuditEvent.objects.count() == events  # the outcome is audited, when there is one


def test_the_worker_registers_it_as_the_sender_with_the_day_it_was_received(cast, frozen_clock):
    received = clock.today()
    submission, _ = intake_submission_queue(actor=cast.intake, payload=intake_payload(cast))
    clock.advance(dt.timedelta(days=3))  # the worker comes late: statutory time still counts from receipt
    assert intake_queue_drain() == {"registered": 1, "rejected": 0, "retry": 0}

    submission.refresh_from_db()
    case = submission.case
    assert submission.status == SubmissionStatus.REGISTERED
    assert submission.processed_at == clock.now()
    assert (case.created_by, case.unit, case.subject_unit, case.received_on) == (
        cast.intake,
        cast.sector,
        cast.hospital,
        received,
    )
    assert [s.full_name for s in case.submitters.all()] == ["Nguyễn Văn Gửi"]
    event = AuditEvent.objects.get(action="case.intake", target_id=str(case.pk))
    assert (event.actor_id, event.meta["submission"]) == (cast.intake.pk, submission.pk)

    # The same acceptance deadline as the letter registered on the day it came in.
    clock.set_now(dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC))
    same_day = make_case(cast, received_on=received, title="Đơn khác", content="Nội dung khác.")
    assert [d.due_on for d in case_deadlines(case=case)] == [d.due_on for d in case_deadlines(case=same_day)]


def _stored(submission) -> str:
    """The queued row as the database holds it (what a dump or a backup would show)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload FROM cases_intakesubmission WHERE id = %s", [submission.pk])
        return str(cursor.fetchone()[0])


def test_a_denouncers_identity_waits_sealed_and_is_gone_once_the_letter_is_registered(cast, frozen_clock):
    payload = intake_payload(
        cast,
        kind="denunciation",
        submitters=[{"full_name": "Lê Văn Tố", "phone": "0987654321", "address": "5 Trần Hưng Đạo"}],
    )
    submission, _ = intake_submission_queue(actor=cast.intake, payload=payload)
    for secret in ("Lê Văn Tố", "0987654321", "Trần Hưng Đạo"):
        assert secret not in _stored(submission)
    assert intake_queue_drain()["registered"] == 1
    submission.refresh_from_db()
    assert submission.payload == {} and "Tố" not in _stored(submission)
    assert submission.case.kind == "denunciation"


def test_a_refused_letter_keeps_no_payload(cast, frozen_clock):
    submission, _ = intake_submission_queue(actor=cast.intake, payload=intake_payload(cast))
    RoleAssignment.objects.filter(user=cast.intake).delete()  # the sender lost the intake role meanwhile
    assert intake_queue_drain()["rejected"] == 1
    submission.refresh_from_db()
    assert (submission.status, submission.payload) == (SubmissionStatus.REJECTED, {})
    assert "Nguyễn Văn Gửi" not in _stored(submission)


def test_a_second_pass_registers_nothing_again(cast, frozen_clock):
    intake_submission_queue(actor=cast.intake, payload=intake_payload(cast))
    intake_queue_drain()
    assert intake_queue_drain() == {"registered": 0, "rejected": 0, "retry": 0}
    assert Case.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"submitters": []}, "submitters"),
        ({"received_on": "2026-03-03"}, "received_on"),  # tomorrow
        ({"kind": "petition", "anonymous": True, "submitters": []}, "submitters"),
        ({"subject_unit": 987654}, "subject_unit"),
        ({"title": "T" * 256}, "title"),  # longer than the columns hold
        ({"subject_person": "P" * 256}, "subject_person"),
        ({"obstacle_note": "O" * 256}, "obstacle_note"),
    ],
)
def test_bad_letters_are_refused_at_once_naming_the_field_and_nothing_is_stored(cast, frozen_clock, overrides, field):
    with pytest.raises(ValidationFailed) as refused:
        intake_submission_queue(actor=cast.intake, payload=intake_payload(cast, **overrides))
    assert field in refused.value.fields
    assert IntakeSubmission.objects.count() == 0


def test_a_unit_outside_the_senders_scope_is_not_found_and_a_unit_without_the_role_is_refused(cast, frozen_clock):
    with pytest.raises(Http404):
        intake_submission_queue(actor=cast.intake, payload=intake_payload(cast, unit=cast.other_sector.pk))
    with pytest.raises(Http404):
        intake_submission_queue(actor=cast.intake, payload=intake_payload(cast, unit=987654))
    with pytest.raises(TransitionNotAllowed):  # sees the sector, but does not receive letters there
        intake_submission_queue(actor=cast.inspector, payload=intake_payload(cast))
    assert IntakeSubmission.objects.count() == 0


def test_the_same_key_gives_the_first_submission_and_another_letter_with_it_is_refused(cast, frozen_clock):
    first, created = intake_submission_queue(
        actor=cast.intake, payload=intake_payload(cast), key="k1", request_hash="a"
    )
    again, created_again = intake_submission_queue(
        actor=cast.intake, payload=intake_payload(cast), key="k1", request_hash="a"
    )
    assert (created, created_again, again.pk) == (True, False, first.pk)
    with pytest.raises(KeyReused):
        intake_submission_queue(
            actor=cast.intake, payload=intake_payload(cast, title="Khác"), key="k1", request_hash="b"
        )
    # Keys belong to their sender: a colleague's k1 is another letter.
    from casework.org.models import Role
    from tests.factories import UserFactory

    colleague = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.sector)])
    other, created_other = intake_submission_queue(
        actor=colleague, payload=intake_payload(cast), key="k1", request_hash="b"
    )
    assert created_other and other.pk != first.pk
    assert IntakeSubmission.objects.count() == 2


def test_a_sender_who_lost_the_role_before_registration_gets_a_refusal_with_the_reason(cast, frozen_clock):
    submission, _ = intake_submission_queue(actor=cast.intake, payload=intake_payload(cast))
    with transaction.atomic():
        role_revoke(assignment=RoleAssignment.objects.get(user=cast.intake), until=clock.today())
    clock.advance(dt.timedelta(days=1))
    assert intake_queue_drain()["rejected"] == 1

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REJECTED
    assert "không có quyền tiếp nhận" in submission.errors["unit"][0]
    assert Case.objects.count() == 0
    event = AuditEvent.objects.get(action="intake.rejected")
    assert (event.target_id, event.after["errors"]) == (str(submission.pk), ["unit"])


def test_an_unexpected_failure_is_retried_then_refused_and_does_not_block_the_queue(cast, frozen_clock):
    broken, _ = intake_submission_queue(actor=cast.intake, payload=intake_payload(cast, title="Đơn hỏng"))
    fine, _ = intake_submission_queue(actor=cast.intake, payload=intake_payload(cast, title="Đơn tốt"))
    real = queued.case_intake

    def fail_on_broken(**values):
        if values["title"] == "Đơn hỏng":
            raise RuntimeError("disk full")
        return real(**values)

    with mock.patch.object(queued, "case_intake", side_effect=fail_on_broken):
        assert intake_queue_drain() == {"registered": 1, "rejected": 0, "retry": 1}
        broken.refresh_from_db()
        assert (broken.status, broken.attempts, broken.case) == (SubmissionStatus.QUEUED, 1, None)
        for _ in range(queued.MAX_ATTEMPTS - 1):
            intake_queue_drain()
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert fine.status == SubmissionStatus.REGISTERED
    assert broken.status == SubmissionStatus.REJECTED
    assert broken.errors == {"non_field_errors": [queued.SYSTEM_FAULT]}
    assert Case.objects.filter(title="Đơn hỏng").count() == 0


def test_the_sender_and_the_intake_staff_of_the_unit_see_it_others_do_not(cast, frozen_clock):
    submission, _ = intake_submission_queue(actor=cast.intake, payload=intake_payload(cast))
    assert intake_submission_get_for_user(user=cast.intake, pk=submission.pk) == submission
    assert intake_submission_get_for_user(user=cast.officer, pk=submission.pk) == submission  # receives there too
    for stranger in (cast.other_officer, cast.outsider, cast.inspector):
        with pytest.raises(Http404):
            intake_submission_get_for_user(user=stranger, pk=submission.pk)


def test_committing_asks_a_worker_and_without_a_broker_the_letter_is_registered_at_once(
    cast, frozen_clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submission, _ = intake_submission_queue(actor=cast.intake, payload=intake_payload(cast))
    # The kick; eager tasks (make run, tests) run it inline (its registration then asks for e-mail).
    assert callbacks[0] is queued.intake_kick
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REGISTERED


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_is_down_fails_nothing_and_the_periodic_job_registers_the_letter(settings):
    cast = build_cast()
    clock.set_now(dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC))
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from casework.cases import tasks

    with mock.patch.object(tasks.intake_drain, "apply_async", side_effect=ConnectionError("broker down")) as ask:
        submission, created = intake_submission_queue(actor=cast.intake, payload=intake_payload(cast))
    assert created and ask.call_count == 1  # asked, failed, swallowed; the letter is stored
    assert IntakeSubmission.objects.get(pk=submission.pk).status == SubmissionStatus.QUEUED

    from casework.web.schedule import run_periodic_jobs

    run_periodic_jobs()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REGISTERED


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two real workers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_register_each_letter_once():
    cast = build_cast()
    clock.set_now(dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC))
    with mock.patch.object(queued, "intake_kick"):  # leave them queued
        for n in range(12):
            intake_submission_queue(actor=cast.intake, payload=intake_payload(cast, title=f"Đơn {n}"))
    outcomes = at_once(intake_queue_drain, intake_queue_drain)
    assert all(isinstance(o, dict) for o in outcomes), outcomes
    assert sum(o["registered"] for o in outcomes) == 12
    assert Case.objects.count() == 12
    assert set(IntakeSubmission.objects.values_list("status", flat=True)) == {SubmissionStatus.REGISTERED}
    assert AuditEvent.objects.filter(action="case.intake").count() == 12


def test_a_role_taken_away_between_two_letters_refuses_the_second_at_once(cast, frozen_clock):
    """The request's checks are read fresh for every letter: an authorisation is never remembered."""
    intake_submission_queue(actor=cast.intake, payload=intake_payload(cast))
    RoleAssignment.objects.filter(user=cast.intake).delete()
    with pytest.raises(Http404):  # no role left anywhere: the unit is out of sight at once
        intake_submission_queue(actor=cast.intake, payload=intake_payload(cast, title="Đơn thứ hai"))
    assert IntakeSubmission.objects.count() == 1


def test_a_role_granted_a_moment_ago_counts_at_once(cast, frozen_clock):
    from casework.org.models import Role
    from casework.org.services import role_assign

    with pytest.raises(TransitionNotAllowed):
        intake_submission_queue(actor=cast.inspector, payload=intake_payload(cast))
    with transaction.atomic():
        role_assign(user=cast.inspector, unit=cast.sector, role=Role.INTAKE_OFFICER, valid_from=clock.today())
    submission, created = intake_submission_queue(actor=cast.inspector, payload=intake_payload(cast))
    assert created  # the role granted a moment ago counts at once


def test_a_letter_the_policy_has_no_rule_for_any_more_is_refused_with_the_reason(cast, frozen_clock):
    """The policy lost the complaint's rules after the letter was queued: the worker refuses it
    with the policy's own message (PolicyMissing), instead of failing on it."""
    from workflows.models import DeadlineRule
    from workflows.policy_cache import policy_forget

    submission, _ = intake_submission_queue(actor=cast.intake, payload=intake_payload(cast))
    DeadlineRule.objects.filter(subject="complaint_1").delete()
    policy_forget()
    assert intake_queue_drain() == {"registered": 0, "rejected": 1, "retry": 0}
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REJECTED
    assert "không có quy định cho complaint_1/" in submission.errors["received_on"][0]
    assert Case.objects.count() == 0


@pytest.mark.parametrize("kind", ["complaint", "denunciation"])
def test_a_refusal_that_names_the_sender_leaves_the_name_out_of_the_audit_trail(cast, frozen_clock, kind):
    # The checks at queueing refuse such a letter first; here the letter waiting in the queue is
    # changed after them, so that registration refuses it with messages naming its sender.
    submission, _ = intake_submission_queue(actor=cast.intake, payload=intake_payload(cast, kind=kind))
    sender = {"full_name": "Nguyễn Thị Hòa", "phone": "0912345678", "email": "hoa.khong-hop-le", "id_number": "12-34"}
    payload = intake_payload(cast, kind=kind, submitters=[sender])
    submission.payload = {"sealed": identity_encrypt(payload, case=None)}
    submission.save()
    assert intake_queue_drain()["rejected"] == 1

    submission.refresh_from_db()
    assert any("Nguyễn Thị Hòa" in message for messages in submission.errors.values() for message in messages)
    event = AuditEvent.objects.get(action="intake.rejected")
    assert event.after["errors"] == sorted(submission.errors) == ["id_number", "submitters"]
    recorded = json.dumps([event.before, event.after, event.reason, event.meta], ensure_ascii=False)
    for particular in ("Nguyễn Thị Hòa", "hoa.khong-hop-le", "0912345678", "12-34"):
        assert particular not in recorded
