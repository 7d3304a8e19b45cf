"""Invalid transitions are refused with the reason; bad intake input changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.cases.models import Case, Kind, Status
from casework.cases.services import (
    case_accept,
    case_answer,
    case_approve,
    case_assign,
    case_conflict_declare,
    case_record_dialogue,
    case_start_verification,
    case_suspend,
)
from casework.org.models import Role
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import before_dialogue, dialogue
from tests.factories import grant

pytestmark = pytest.mark.django_db


def test_a_step_out_of_order_is_refused_naming_the_state(cast, make_case):
    case = make_case()
    with pytest.raises(TransitionNotAllowed) as err:
        case_approve(case=case, actor=cast.chair)
    assert "Mới tiếp nhận" in err.value.message and "phê duyệt" in err.value.message
    assert "accept" in err.value.allowed
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_a_user_without_the_role_is_refused(cast, make_case):
    case = make_case()
    with pytest.raises(TransitionNotAllowed) as err:
        case_accept(subject_area="khac", case=case, actor=cast.inspector, legal_ground="Đ.27")
    assert "không có quyền" in err.value.message


def test_only_the_assignee_works_the_case(cast, make_case):
    case = case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="Đ.27")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    with pytest.raises(TransitionNotAllowed):
        case_start_verification(case=case, actor=cast.officer2)
    assert case_start_verification(case=case, actor=cast.officer).status == Status.VERIFYING


def test_kind_specific_steps(cast, make_case):
    petition = case_accept(subject_area="khac", case=make_case(kind=Kind.PETITION), actor=cast.intake, legal_ground="x")
    petition = case_assign(case=petition, actor=cast.chair, assignee=cast.officer)
    with pytest.raises(TransitionNotAllowed):
        case_start_verification(case=petition, actor=cast.officer)
    with pytest.raises(TransitionNotAllowed):
        case_suspend(case=petition, actor=cast.chair, ground="await_expertise", reason="x")
    with before_dialogue():  # the dialogue's fields valid: the step itself is refused
        den = case_accept(
            subject_area="khac",
            case=make_case(kind=Kind.DENUNCIATION, content="khác"),
            actor=cast.intake,
            legal_ground="x",
        )
    den = case_assign(case=den, actor=cast.chair, assignee=cast.officer)
    den = case_start_verification(case=den, actor=cast.officer)
    with pytest.raises(TransitionNotAllowed):
        case_record_dialogue(case=den, actor=cast.officer, **dialogue(record="Đối thoại chỉ dành cho khiếu nại"))
    with pytest.raises(TransitionNotAllowed):
        case_answer(case=den, actor=cast.officer, answer="x")


@pytest.mark.parametrize(
    "conflict",
    ["subject_user", "subject_unit_role", "declared"],
)
def test_conflict_of_interest_is_refused_with_a_clear_message(cast, make_case, conflict):
    case = case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="Đ.27")
    if conflict == "subject_user":
        Case.objects.filter(pk=case.pk).update(subject_user=cast.officer2)
        case.refresh_from_db()
        expected = "người bị khiếu nại"
    elif conflict == "subject_unit_role":
        grant(cast.officer2, Role.BCH_MEMBER, cast.hospital)
        expected = "tại đơn vị bị khiếu nại"
    else:
        case_conflict_declare(case=case, actor=cast.officer2, note="Là người thân của người khiếu nại")
        expected = "khai báo xung đột lợi ích"
    with pytest.raises(ValidationFailed) as err:
        case_assign(case=case, actor=cast.chair, assignee=cast.officer2)
    assert expected in err.value.fields["assignee"][0]
    case.refresh_from_db()
    assert case.assignee is None and case.status == Status.ACCEPTED
    assert case_assign(case=case, actor=cast.chair, assignee=cast.officer).assignee == cast.officer


def test_assignee_must_be_an_officer_of_the_competent_unit(cast, make_case):
    case = case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="Đ.27")
    with pytest.raises(ValidationFailed) as err:
        case_assign(case=case, actor=cast.chair, assignee=cast.other_officer)
    assert "assignee" in err.value.fields


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"kind": "lawsuit"}, "kind"),
        ({"channel": "pigeon"}, "channel"),
        ({"received_on": None}, "received_on"),
        ({"received_on": dt.date(2030, 1, 1)}, "received_on"),
        ({"unit": None}, "unit"),
        ({"title": "  "}, "title"),
        ({"content": ""}, "content"),
        ({"submitters": []}, "submitters"),
        ({"anonymous": True, "submitters": []}, "submitters"),  # a complaint cannot be anonymous
    ],
)
def test_bad_intake_input_names_the_field_and_creates_nothing(cast, make_case, override, field):
    with pytest.raises(ValidationFailed) as err:
        make_case(**override)
    assert field in err.value.fields
    assert Case.objects.count() == 0


def test_intake_for_a_unit_outside_ones_roles_is_refused(cast, make_case):
    with pytest.raises(TransitionNotAllowed):
        make_case(unit=cast.other_sector, subject_unit=None)
    assert Case.objects.count() == 0


def test_intake_form_shows_field_errors_and_creates_nothing(cast, client, frozen_clock):
    client.force_login(cast.intake)
    response = client.post(
        "/cases/new/",
        {
            "kind": "complaint",
            "channel": "letter",
            "received_on": "2026-03-02",
            "unit": cast.sector.pk,
            "title": "",
            "content": "Nội dung",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "title" in errors
    response = client.post(
        "/cases/new/",
        {
            "kind": "complaint",
            "channel": "letter",
            "received_on": "2026-03-02",
            "unit": cast.sector.pk,
            "title": "Tiêu đề",
            "content": "Nội dung",
        },
    )
    assert "full_name" in response.context["form"].errors
    assert "Phải nhập họ tên" in response.content.decode()
    assert Case.objects.count() == 0


def test_a_step_writes_only_the_columns_it_changed(cast, make_case):
    """case_save narrows the UPDATE to what changed since case_lock, and every change still lands."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casework.cases.models import Case
    from casework.cases.services import case_accept

    case = make_case()
    with CaptureQueriesContext(connection) as ctx:
        accepted = case_accept(
            subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011, Đ.27"
        )
    (update,) = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('UPDATE "cases_case"')]
    assert '"status"' in update and '"legal_ground"' in update and '"accepted_on"' in update
    assert '"title"' not in update and '"content"' not in update and '"is_complex"' not in update
    stored = Case.objects.get(pk=case.pk)
    for field in ("status", "legal_ground", "accepted_on", "subject_area_id", "version", "updated_at", "title"):
        assert getattr(stored, field) == getattr(accepted, field), field


def test_a_row_changed_behind_the_lock_is_not_overwritten(cast, make_case):
    """django-fsm-2's guard: a writer that skipped the lock and moved the status on makes the step
    fail with ConcurrentChange (the service's transaction rolls back), and its row stays as it left it."""
    from django.db import transaction

    from casework.cases.services.common import case_lock, case_save
    from core.errors import ConcurrentChange

    case = make_case()
    locked = case_lock(case=case)
    Case.objects.filter(pk=case.pk).update(status=Status.REFUSED)  # behind the lock's back
    locked.accept()
    with pytest.raises(ConcurrentChange), transaction.atomic():
        case_save(locked)
    assert Case.objects.get(pk=case.pk).status == Status.REFUSED


def test_a_saved_step_sends_the_save_signals_and_can_be_saved_again(cast, make_case):
    from django.db.models.signals import post_save, pre_save

    from casework.cases.services.common import case_lock, case_save

    seen = []

    def listener(signal_name):
        return lambda sender, instance, update_fields=None, **kw: seen.append(
            (signal_name, instance.status, sorted(update_fields or []))
        )

    case = make_case()
    on_pre, on_post = listener("pre"), listener("post")
    pre_save.connect(on_pre, sender=Case)
    post_save.connect(on_post, sender=Case)
    try:
        locked = case_lock(case=case)
        locked.accept()
        locked.legal_ground = "Luật Khiếu nại 2011, Đ.27"
        case_save(locked)
        # the same copy again (a second step in one service): fsm remembers the saved status
        locked.is_complex = True
        case_save(locked)
    finally:
        pre_save.disconnect(on_pre, sender=Case)
        post_save.disconnect(on_post, sender=Case)
    assert [s[:2] for s in seen] == [("pre", "accepted"), ("post", "accepted")] * 2
    assert seen[1][2] == ["legal_ground", "status", "version"]  # the frozen clock leaves updated_at as it was
    assert seen[3][2] == ["is_complex", "version"]
    stored = Case.objects.get(pk=locked.pk)
    assert (stored.status, stored.is_complex, stored.version) == (Status.ACCEPTED, True, locked.version)


def test_an_accept_reads_each_row_it_needs_once(cast, make_case):
    """The step's reads: the actor's roles once for both checks (recusal, role), the process read and
    locked in one statement, the case's key made at intake (read with the case in its locking
    statement, not written), the next task written with its unit and status in its INSERT (no second
    write of it), no process write."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casework.privacy.models import CaseKey

    case = make_case()
    assert CaseKey.objects.filter(case=case, destroyed_at__isnull=True).exists()  # from intake
    with CaptureQueriesContext(connection) as ctx:
        case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011, Đ.27")
    sql = [q["sql"] for q in ctx.captured_queries]
    actor_roles = [s for s in sql if s.startswith('SELECT "org_roleassignment"."id"') and "user_id" in s]
    assert len(actor_roles) == 1
    processes = [s for s in sql if s.startswith("SELECT") and 'FROM "viewflow_process"' in s]
    assert len(processes) == 1
    if connection.vendor == "postgresql":
        assert "FOR UPDATE" in processes[0]
    assert not [s for s in sql if s.startswith('UPDATE "viewflow_task" SET "data"')]
    assert not [s for s in sql if s.startswith('UPDATE "viewflow_process"')]
    assert not [s for s in sql if s.startswith('INSERT INTO "privacy_casekey"')]
    key_reads = [s for s in sql if s.startswith("SELECT") and '"privacy_casekey"' in s]
    assert len(key_reads) == 1 and key_reads[0].startswith('SELECT "cases_case"."id"')
