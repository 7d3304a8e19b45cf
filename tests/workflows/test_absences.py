"""Absences and acting chairs: nothing stalls because one person is away.

A person away names a substitute (or the chair chooses one): their open tasks move to the substitute,
new tasks go there, reminders and escalations reach the substitute, the substitute may take the step;
when the absence ends the tasks come back. An acting chair's decisions carry the appointment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from casework.audit.models import AuditEvent
from casework.cases.models import Kind
from casework.cases.services import case_accept, case_assign, case_start_verification
from casework.cases.services.common import case_notify
from casework.org.models import Absence, Role
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from notifications.models import Notification
from tests.builders import acting_chair_appointed, assigned, task_holder
from tests.concurrency import at_once
from tests.factories import UserFactory
from workflows.services.absences import (
    absence_end,
    absence_record,
    absence_substitute_choose,
    absences_sweep,
    acting_chair_appoint,
)
from workflows.sweep import sweep_deadlines

pytestmark = pytest.mark.django_db


def test_the_open_task_moves_to_the_substitute_and_comes_back(cast, make_case):
    case = assigned(cast)
    assert task_holder(case) == cast.officer
    today = clock.today()
    absence = absence_record(
        actor=cast.officer,
        user=cast.officer,
        starts_on=today,
        ends_on=today + dt.timedelta(days=10),
        reason="Nghỉ phép năm",
        substitute=cast.officer2,
    )
    assert task_holder(case) == cast.officer2
    # The substitute may take the officer's step; the officer's name stays on the case.
    case = case_start_verification(case=case, actor=cast.officer2)
    assert case.assignee == cast.officer
    assert task_holder(case) == cast.officer2
    clock.advance(dt.timedelta(days=1))
    absence_end(actor=cast.officer, absence=absence)
    assert task_holder(case) == cast.officer
    assert AuditEvent.objects.filter(action="absence.end", target_id=str(absence.pk)).exists()


def test_a_committee_of_one_on_leave_misses_no_deadline(cast, make_case):
    """The only officer of the case is away when its deadline passes: the reminder and the breach
    reach the substitute, whose inbox holds the task; nothing waits for the officer's return."""
    case = assigned(cast)
    start = clock.today() + dt.timedelta(days=1)
    absence_record(
        actor=cast.chair,
        user=cast.officer,
        starts_on=start,
        ends_on=start + dt.timedelta(days=90),
        reason="Điều trị dài ngày",
        substitute=cast.officer2,
    )
    assert task_holder(case) == cast.officer  # not away yet
    clock.advance(dt.timedelta(days=1))
    assert absences_sweep()["tasks_moved"] == 1
    assert task_holder(case) == cast.officer2
    clock.advance(dt.timedelta(days=60))  # past the resolve limit, inside the absence
    sweep_deadlines()
    told = Notification.objects.filter(user=cast.officer2).values_list("title", flat=True)
    assert any(case.reference in title for title in told), list(told)


def test_with_no_substitute_the_chair_is_asked_and_chooses(cast, make_case):
    case = assigned(cast)
    today = clock.today()
    absence = absence_record(
        actor=cast.officer, user=cast.officer, starts_on=today, ends_on=today + dt.timedelta(days=5), reason="Ốm"
    )
    assert Notification.objects.filter(user=cast.chair, key=f"absence:{absence.pk}:choose").exists()
    assert task_holder(case) == cast.officer
    # Until someone is chosen, what is meant for the officer reaches the nearest chair too, not every
    # chair up the tree.
    UserFactory(roles=[(Role.COMMITTEE_CHAIR, cast.province)])
    case_notify(case=case, users=[cast.officer], title="Người gửi bổ sung tài liệu", event="probe")
    told = set(Notification.objects.filter(key__endswith=":probe:" + str(case.version)).values_list("user", flat=True))
    assert told == {cast.officer.pk, cast.chair.pk}
    with pytest.raises(TransitionNotAllowed):
        absence_substitute_choose(actor=cast.officer, absence=absence, substitute=cast.officer2)
    absence_substitute_choose(actor=cast.chair, absence=absence, substitute=cast.officer2)
    assert task_holder(case) == cast.officer2


def test_bad_absences_are_refused_and_change_nothing(cast, frozen_clock):
    today = clock.today()
    with pytest.raises(ValidationFailed) as exc:
        absence_record(
            actor=cast.officer, user=cast.officer, starts_on=today, ends_on=today - dt.timedelta(days=1), reason="x"
        )
    assert "ends_on" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        absence_record(
            actor=cast.officer,
            user=cast.officer,
            starts_on=today,
            ends_on=today,
            reason="x",
            substitute=cast.other_officer,
        )
    assert "substitute" in exc.value.fields
    with pytest.raises(TransitionNotAllowed):
        absence_record(actor=cast.officer2, user=cast.officer, starts_on=today, ends_on=today, reason="x")
    absence_record(
        actor=cast.officer, user=cast.officer, starts_on=today, ends_on=today + dt.timedelta(days=3), reason="x"
    )
    with pytest.raises(ValidationFailed):
        absence_record(
            actor=cast.officer,
            user=cast.officer,
            starts_on=today + dt.timedelta(days=2),
            ends_on=today + dt.timedelta(days=4),
            reason="y",
        )
    assert Absence.objects.count() == 1


def test_an_acting_chair_decides_and_the_decision_carries_the_appointment(cast, make_case):
    acting = UserFactory(username="acting", roles=[(Role.INSPECTOR, cast.sector)])
    today = clock.today()
    acting_chair_appointed(cast, acting)
    case = make_case(kind=Kind.COMPLAINT)
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011, Đ.27")
    case = case_assign(case=case, actor=acting, assignee=cast.officer)
    assert case.assignee == cast.officer
    with pytest.raises(ValidationFailed):
        acting_chair_appoint(
            actor=cast.chair, unit=cast.sector, user=acting, valid_from=today, valid_to=None, document="QĐ 13"
        )
    with pytest.raises(TransitionNotAllowed):
        acting_chair_appoint(
            actor=cast.officer, unit=cast.sector, user=acting, valid_from=today, valid_to=today, document="QĐ 14"
        )


def test_decisions_under_an_acting_appointment_name_it_in_the_audit_trail(cast, frozen_clock):
    from django.db import transaction

    from casework.audit.services import audit_record

    acting = UserFactory(username="acting2", roles=[(Role.INSPECTOR, cast.sector)])
    acting_chair_appointed(cast, acting, days=0, document="Quyết định 15/QĐ-UBKT")
    with transaction.atomic():
        event = audit_record(
            actor=acting, action="inspection.decide", target=("inspections.inspection", 1), unit=cast.sector
        )
        plain = audit_record(
            actor=cast.chair, action="inspection.decide", target=("inspections.inspection", 2), unit=cast.sector
        )
    assert event.meta["acting_appointment"] == "Quyết định 15/QĐ-UBKT"
    assert "acting_appointment" not in plain.meta


def test_the_api_records_an_absence_and_appoints_an_acting_chair(cast, frozen_clock):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def as_user(user):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
        return api

    today = clock.today().isoformat()
    created = as_user(cast.officer).post(
        "/api/absences/",
        {"starts_on": today, "ends_on": today, "reason": "Tập huấn", "substitute": cast.officer2.pk},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["substitute"] == cast.officer2.pk
    listed = as_user(cast.chair).get("/api/absences/").json()["results"]
    assert [a["id"] for a in listed] == [created.json()["id"]]
    assert as_user(cast.other_officer).get(f"/api/absences/{created.json()['id']}/").status_code == 404
    appointed = as_user(cast.chair).post(
        "/api/acting-appointments/",
        {
            "unit": cast.sector.pk,
            "user": cast.inspector.pk,
            "valid_from": today,
            "valid_to": today,
            "document": "QĐ 20/QĐ-UBKT",
        },
        format="json",
    )
    assert appointed.status_code == 201, appointed.content
    assert appointed.json()["role"] == Role.COMMITTEE_CHAIR and appointed.json()["document"] == "QĐ 20/QĐ-UBKT"
    refused = as_user(cast.officer).post(
        "/api/acting-appointments/",
        {
            "unit": cast.sector.pk,
            "user": cast.inspector2.pk,
            "valid_from": today,
            "valid_to": today,
            "document": "QĐ 21",
        },
        format="json",
    )
    assert refused.status_code == 409


def test_the_page_records_an_absence_and_the_chair_chooses_the_substitute(client, cast, frozen_clock):
    from django.urls import reverse

    today = clock.today().isoformat()
    client.force_login(cast.officer)
    assert client.get(reverse("absences")).status_code == 200
    response = client.post(
        reverse("absences"), {"user": cast.officer.pk, "starts_on": today, "ends_on": today, "reason": "Ốm"}
    )
    assert response.status_code == 302
    absence = Absence.objects.get()
    client.force_login(cast.chair)
    client.post(reverse("absence_substitute", args=[absence.pk]), {"substitute": cast.officer2.pk})
    absence.refresh_from_db()
    assert absence.substitute == cast.officer2
    client.force_login(cast.other_officer)
    assert client.post(reverse("absence_end", args=[absence.pk])).status_code == 404


def test_a_substitute_recused_from_a_case_is_never_told_about_it(cast, make_case):
    """The officer's substitute is the person the letter is about: the officer's task on it, the
    reminders, breaches and the case's own notices about it must not reach them as a stand-in."""
    case = make_case(kind=Kind.COMPLAINT, subject_user=cast.officer2)
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011, Đ.27")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    start = clock.today() + dt.timedelta(days=1)
    absence_record(
        actor=cast.chair,
        user=cast.officer,
        starts_on=start,
        ends_on=start + dt.timedelta(days=90),
        reason="Điều trị dài ngày",
        substitute=cast.officer2,
    )
    clock.advance(dt.timedelta(days=1))
    absences_sweep()
    # Nor does their task reach them: it waits in the pool of the step's roles for a colleague,
    # and the chair, who may take it or give it to someone, is told.
    assert task_holder(case) is None
    pooled = Notification.objects.filter(key__startswith="task:", key__contains=":pooled:")
    assert [(n.user_id, n.url) for n in pooled] == [(cast.chair.pk, f"/cases/{case.pk}/")]
    # What is meant for the officer reaches the chair in the substitute's place, never the substitute.
    case_notify(case=case, users=[cast.officer], title="Người gửi bổ sung tài liệu", event="probe")
    told = set(Notification.objects.filter(key__endswith=":probe:" + str(case.version)).values_list("user", flat=True))
    assert told == {cast.officer.pk, cast.chair.pk}
    case_start_verification(case=case, actor=cast.officer)
    clock.advance(dt.timedelta(days=60))  # reminders and the breach fall inside the absence
    sweep_deadlines()
    told_officer = Notification.objects.filter(user=cast.officer).values_list("title", flat=True)
    assert any(case.reference in title for title in told_officer)  # the notices did go out
    told = list(Notification.objects.filter(user=cast.officer2).values_list("title", "url"))
    assert not [t for t in told if case.reference in t[0] or f"/cases/{case.pk}/" in t[1]], told


def test_overlapping_absences_give_one_stand_in_by_one_rule(cast, frozen_clock):
    """The service refuses overlapping absences, two recorded at once included; should rows overlap
    all the same (written outside the service), the task routing and the notices name the same
    substitute: the absence that began last."""
    from casework.org.selectors import stand_in_for, stand_ins

    today = clock.today()
    common = {"user": cast.officer, "reason": "Công tác", "recorded_by": cast.chair, "recorded_at": clock.now()}
    Absence.objects.create(
        starts_on=today - dt.timedelta(days=3), ends_on=today + dt.timedelta(days=3), substitute=cast.officer2, **common
    )
    Absence.objects.create(starts_on=today, ends_on=today + dt.timedelta(days=1), substitute=cast.chair, **common)
    assert stand_in_for(cast.officer) == cast.chair
    assert stand_ins(user_ids=[cast.officer.pk]) == {cast.officer.pk: cast.chair}


def test_the_substitutes_task_lists_say_whose_task_it_is(cast, make_case, client):
    """The tasks a substitute holds say they are done in the absent officer's stead, on the home
    page and the task list; the substitute's own tasks and, after the absence, nobody's say so."""
    case = assigned(cast)
    own = assigned(cast)
    own = case_assign(case=own, actor=cast.chair, assignee=cast.officer2)
    cast.officer.full_name = "Trần Thị Vắng"
    cast.officer.save()
    today = clock.today()
    absence = absence_record(
        actor=cast.officer,
        user=cast.officer,
        starts_on=today,
        ends_on=today + dt.timedelta(days=10),
        reason="Nghỉ phép năm",
        substitute=cast.officer2,
    )
    assert task_holder(case) == cast.officer2 and task_holder(own) == cast.officer2
    client.force_login(cast.officer2)
    said = "làm thay Trần Thị Vắng (đang vắng)"
    for url in ("/", "/tasks/"):
        page = client.get(url).content.decode()
        rows = [row for row in page.split("<tr") if case.reference in row or own.reference in row]
        assert any(case.reference in line and said in line for line in rows), url
        assert not any(own.reference in line and said in line for line in rows), url
    clock.advance(dt.timedelta(days=1))
    absence_end(actor=cast.officer, absence=absence)
    client.force_login(cast.officer)
    assert said not in client.get("/tasks/").content.decode()
    client.force_login(cast.officer2)
    assert said not in client.get("/tasks/").content.decode()


pg_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@pg_only
@pytest.mark.django_db(transaction=True)
def test_two_overlapping_absences_recorded_at_once_one_is_refused(cast, frozen_clock):
    today = clock.today()

    def record(actor, substitute):
        return lambda: absence_record(
            actor=actor,
            user=cast.officer,
            starts_on=today,
            ends_on=today + dt.timedelta(days=3),
            reason="Nghỉ ốm",
            substitute=substitute,
        )

    outcomes = at_once(record(cast.chair, cast.officer2), record(cast.leader, cast.chair))
    assert sorted(type(o).__name__ for o in outcomes) == ["Absence", "ValidationFailed"]
    refused = next(o for o in outcomes if isinstance(o, ValidationFailed))
    assert "Trùng với một kỳ vắng" in refused.fields["starts_on"][0]
    assert Absence.objects.count() == 1
    assert AuditEvent.objects.filter(action="absence.record").count() == 1


@pg_only
@pytest.mark.django_db(transaction=True)
def test_an_absence_cancelled_twice_at_once_is_cancelled_once_and_the_other_is_told(cast, frozen_clock):
    today = clock.today()
    absence = absence_record(
        actor=cast.chair,
        user=cast.officer,
        starts_on=today + dt.timedelta(days=2),
        ends_on=today + dt.timedelta(days=3),
        reason="Công tác",
        substitute=cast.officer2,
    )
    outcomes = at_once(
        lambda: absence_end(actor=cast.chair, absence=absence),
        lambda: absence_end(actor=cast.leader, absence=absence),
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["NoneType", "TransitionNotAllowed"]
    assert "đã được hủy" in next(o for o in outcomes if o is not None).message
    assert not Absence.objects.exists()
    assert AuditEvent.objects.filter(action="absence.cancel").count() == 1


def test_choosing_a_substitute_for_an_absence_cancelled_meanwhile_is_refused_clearly(client, cast, frozen_clock):
    today = clock.today()
    absence = absence_record(
        actor=cast.chair,
        user=cast.officer,
        starts_on=today + dt.timedelta(days=2),
        ends_on=today + dt.timedelta(days=3),
        reason="Công tác",
    )
    stale = Absence.objects.get(pk=absence.pk)
    absence_end(actor=cast.chair, absence=absence)
    with pytest.raises(TransitionNotAllowed) as refused:
        absence_substitute_choose(actor=cast.chair, absence=stale, substitute=cast.officer2)
    assert "đã được hủy" in refused.value.message


def test_the_page_offers_as_the_person_away_only_those_the_reader_may_record(client, cast, frozen_clock):
    """An officer records their own absence only; the chair, anyone holding a role in their units
    (absence_managed_people, the rule absence_can_manage asks of one person). The person standing in
    may still be anyone of the reader's units. Someone offered nowhere is refused by the service too."""
    from django.urls import reverse

    client.force_login(cast.officer)
    form = client.get(reverse("absences")).context["form"]
    assert [u.pk for u in form.fields["user"].queryset] == [cast.officer.pk]
    assert cast.leader in form.fields["substitute"].queryset
    today = clock.today().isoformat()
    refused = client.post(
        reverse("absences"), {"user": cast.leader.pk, "starts_on": today, "ends_on": today, "reason": "x"}
    )
    assert refused.status_code == 200 and not Absence.objects.exists()
    with pytest.raises(TransitionNotAllowed):
        absence_record(actor=cast.officer, user=cast.leader, starts_on=clock.today(), ends_on=clock.today(), reason="x")

    client.force_login(cast.chair)
    offered = set(client.get(reverse("absences")).context["form"].fields["user"].queryset)
    assert {cast.chair, cast.officer, cast.leader, cast.subject_rep} <= offered
    assert cast.other_officer not in offered and cast.province_leader not in offered
