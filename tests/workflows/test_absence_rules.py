"""Who may be named on an absence, who can stand in, and the rules of an acting appointment, asked
the same way by the page, the API, the service, the cover rule and the admin."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.cases.models import Kind
from casework.cases.services import case_accept, case_assign
from casework.cases.services.common import case_notify
from casework.org.models import Absence, Role, RoleAssignment
from casework.org.selectors import absence_cover, absence_people
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from notifications.models import Notification
from tests.builders import api_client, task_holder
from tests.factories import UserFactory, grant
from workflows.services.absences import (
    absence_record,
    absence_substitute_choose,
    absences_sweep,
    acting_chair_appoint,
)

pytestmark = pytest.mark.django_db


def record(user, substitute=None, *, actor=None, days=10, start=None):
    start = start or clock.today()
    return absence_record(
        actor=actor or user,
        user=user,
        starts_on=start,
        ends_on=start + dt.timedelta(days=days),
        reason="Nghỉ phép",
        substitute=substitute,
    )


# 1. One list of the people who may be named, counting only the roles held today.


def test_someone_whose_role_has_ended_is_offered_nowhere_and_refused_by_the_service(cast, client, frozen_clock):
    former = UserFactory(username="former", full_name="Cán bộ Đã Chuyển")
    grant(former, Role.CASE_OFFICER, cast.sector, valid_to=clock.today() - dt.timedelta(days=1))
    people = absence_people(user=cast.chair)
    assert cast.officer2 in people and former not in people
    assert cast.other_officer not in people  # another sector's officer: outside the chair's units
    assert cast.officer in absence_people(user=cast.officer)  # oneself, always

    client.force_login(cast.chair)
    page = client.get(reverse("absences")).content.decode()
    assert cast.officer2.full_name in page and "Cán bộ Đã Chuyển" not in page

    today = clock.today().isoformat()
    for field in ("substitute", "user"):
        body = {"starts_on": today, "ends_on": today, "reason": "Ốm", "user": cast.officer.pk, field: former.pk}
        response = api_client(cast.chair).post("/api/absences/", body, format="json")
        assert response.status_code == 404, (field, response.content)
    with pytest.raises(ValidationFailed) as exc:
        record(cast.officer, former, actor=cast.chair)
    assert "substitute" in exc.value.fields
    assert not Absence.objects.exists()


def test_the_service_refuses_a_substitute_the_recorder_may_not_name(cast, frozen_clock):
    """The sector's officer names the province's chair, whose role reaches the officer's work but lies
    above the officer's units: the page never offered them, the API answers 404, and the service,
    called directly, refuses them too."""
    province_chair = UserFactory(username="pchair", roles=[(Role.COMMITTEE_CHAIR, cast.province)])
    assert province_chair not in absence_people(user=cast.officer)
    with pytest.raises(ValidationFailed) as exc:
        record(cast.officer, province_chair)
    assert "substitute" in exc.value.fields
    assert not Absence.objects.exists()


# 2. The substitute must be able to take the absent person's steps.


@pytest.mark.parametrize(
    ("absent", "unable", "able"),
    [
        ("officer", ["auditor", "leader", "intake", "inspector"], ["officer2", "chair"]),
        ("inspector", ["officer", "auditor", "leader"], ["inspector2", "chair"]),
        ("intake", ["inspector", "auditor", "leader"], ["officer", "chair"]),
        ("chair", ["inspector", "officer", "leader"], ["province_chair"]),
    ],
)
def test_only_someone_who_can_take_the_absent_persons_steps_may_stand_in(cast, frozen_clock, absent, unable, able):
    cast.province_chair = UserFactory(username="pchair", roles=[(Role.COMMITTEE_CHAIR, cast.province)])
    away = getattr(cast, absent)
    for name in unable:
        with pytest.raises(ValidationFailed) as exc:
            record(away, getattr(cast, name), actor=cast.admin)
        assert "substitute" in exc.value.fields, name
        assert not Absence.objects.exists()
    for name in able:
        absence = record(away, getattr(cast, name), actor=cast.admin)
        absence.delete()


def test_the_refusal_says_who_could_stand_in(cast, frozen_clock):
    with pytest.raises(ValidationFailed) as exc:
        record(cast.officer, cast.auditor)
    message = " ".join(exc.value.fields["substitute"])
    assert "Cán bộ giải quyết" in message and "Chủ nhiệm UBKT" in message
    assert "Giám sát" not in message


def test_the_form_choosing_who_stands_in_offers_exactly_those_the_service_accepts(cast, client, frozen_clock):
    """The chair chooses for the officer away: the grassroots unit's representative, the data
    protection officer, the intake officer, an inspector, the auditor and the leadership are refused by
    the service, so the row's form never offers them; everyone it offers is accepted."""
    from django.db import transaction

    dpo = UserFactory(username="dpo", roles=[(Role.DATA_PROTECTION, cast.sector)])
    grassroots_inspector = UserFactory(username="ginspector", roles=[(Role.INSPECTOR, cast.hospital)])
    absence = record(cast.officer)
    client.force_login(cast.chair)
    rows = client.get(reverse("absences")).context["absences"]
    form = next(form for a, _end, form in rows if a.pk == absence.pk)
    offered = set(form.fields["substitute"].queryset)
    assert offered == {cast.officer2, cast.chair}
    for person in absence_people(user=cast.chair):
        try:
            with transaction.atomic():
                absence_substitute_choose(actor=cast.chair, absence=absence, substitute=person)
                transaction.set_rollback(True)
            accepted = True
        except ValidationFailed:
            accepted = False
        assert accepted == (person in offered), person
    for refused in (cast.subject_rep, dpo, cast.intake, grassroots_inspector, cast.inspector):
        assert refused in absence_people(user=cast.chair) and refused not in offered


def test_the_record_form_keeps_its_list_and_the_refusal_names_who_may_stand_in(cast, client, frozen_clock):
    """Recording an absence, the person away is chosen in the same form: the list is the reader's
    people, and a refusal says why and names those who can stand in for the person chosen."""
    client.force_login(cast.chair)
    today = clock.today().isoformat()
    body = {"user": cast.officer.pk, "starts_on": today, "ends_on": today, "reason": "Ốm", "substitute": cast.intake.pk}
    page = client.post(reverse("absences"), body)
    assert page.status_code == 200 and not Absence.objects.exists()
    message = " ".join(page.context["form"].errors["substitute"])
    assert "Cán bộ giải quyết" in message  # why: the roles that can do the officer's work
    assert "Người làm thay được" in message and str(cast.officer2) in message and str(cast.chair) in message
    assert str(cast.inspector) not in message.split("Người làm thay được")[1]


def test_the_chair_cannot_choose_a_substitute_unable_to_do_the_work(cast, frozen_clock):
    absence = record(cast.officer)
    with pytest.raises(ValidationFailed):
        absence_substitute_choose(actor=cast.chair, absence=absence, substitute=cast.leader)
    absence.refresh_from_db()
    assert absence.substitute is None
    response = api_client(cast.chair).post(
        f"/api/absences/{absence.pk}/substitute/", {"substitute": cast.auditor.pk}, format="json"
    )
    assert response.status_code == 400, response.content
    absence.refresh_from_db()
    assert absence.substitute is None


def test_a_substitute_unable_to_do_the_work_covers_nobody_and_the_chair_is_told(cast, make_case):
    """Written anyway (an absence recorded before the rule, or by hand): the auditor neither holds the
    officer's task nor hears about the case; the chair is told in the officer's place."""
    case = make_case(kind=Kind.COMPLAINT)
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011, Đ.27")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    Absence.objects.create(
        user=cast.officer,
        starts_on=clock.today(),
        ends_on=clock.today() + dt.timedelta(days=5),
        reason="Công tác",
        substitute=cast.auditor,
        recorded_by=cast.chair,
        recorded_at=clock.now(),
    )
    assert absence_cover(user_ids=[cast.officer.pk]) == ({}, {cast.officer.pk})
    absences_sweep()
    assert task_holder(case) == cast.officer
    case_notify(case=case, users=[cast.officer], title="Người gửi bổ sung tài liệu", event="probe")
    told = set(Notification.objects.filter(key__endswith=f":probe:{case.version}").values_list("user_id", flat=True))
    assert cast.auditor.pk not in told
    assert cast.chair.pk in told


def test_an_acting_chair_from_the_first_day_of_the_absence_may_stand_in_for_the_chair(cast, frozen_clock):
    start = clock.today() + dt.timedelta(days=7)
    acting_chair_appoint(
        actor=cast.leader,
        unit=cast.sector,
        user=cast.inspector,
        valid_from=start,
        valid_to=start + dt.timedelta(days=14),
        document="Quyết định 30/QĐ-UBKT",
    )
    absence = record(cast.chair, cast.inspector, start=start, days=14)
    assert absence.substitute == cast.inspector
    clock.advance(dt.timedelta(days=7))
    assert absence_cover(user_ids=[cast.chair.pk])[0] == {cast.chair.pk: cast.inspector}


# 3. The substitute of an absence that has ended is not changed.


def test_the_substitute_of_an_ended_absence_is_not_changed(cast, client, frozen_clock):
    absence = record(cast.officer, cast.officer2, days=2)
    clock.advance(dt.timedelta(days=3))
    events = AuditEvent.objects.filter(action__startswith="absence.").count()
    with pytest.raises(TransitionNotAllowed) as exc:
        absence_substitute_choose(actor=cast.chair, absence=absence, substitute=cast.chair)
    assert "đã kết thúc" in exc.value.message
    response = api_client(cast.chair).post(
        f"/api/absences/{absence.pk}/substitute/", {"substitute": cast.chair.pk}, format="json"
    )
    assert response.status_code == 409
    client.force_login(cast.chair)
    client.post(reverse("absence_substitute", args=[absence.pk]), {"substitute": cast.chair.pk})
    absence.refresh_from_db()
    assert absence.substitute == cast.officer2
    assert AuditEvent.objects.filter(action__startswith="absence.").count() == events
    # Nor does the page offer to change it, or to end it again.
    page = client.get(reverse("absences")).content.decode()
    assert reverse("absence_substitute", args=[absence.pk]) not in page
    assert reverse("absence_end", args=[absence.pk]) not in page


# 4. An acting appointment takes effect from the day it is made or later.


def test_an_acting_appointment_does_not_start_in_the_past(cast, frozen_clock):
    yesterday = clock.today() - dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as exc:
        acting_chair_appoint(
            actor=cast.chair,
            unit=cast.sector,
            user=cast.inspector,
            valid_from=yesterday,
            valid_to=clock.today() + dt.timedelta(days=5),
            document="Quyết định 31/QĐ-UBKT ngày 01/03/2026",
        )
    assert "valid_from" in exc.value.fields
    response = api_client(cast.chair).post(
        "/api/acting-appointments/",
        {
            "unit": cast.sector.pk,
            "user": cast.inspector.pk,
            "valid_from": yesterday.isoformat(),
            "valid_to": clock.today().isoformat(),
            "document": "QĐ 32/QĐ-UBKT",
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "valid_from" in response.content.decode()
    assert not RoleAssignment.objects.exclude(acting_document="").exists()


# 5. The admin follows the same rule, and what it changes is audited.


def _admin_role_form(user, **values):
    form = {
        "user": user.pk,
        "unit": values.pop("unit").pk,
        "role": Role.COMMITTEE_CHAIR,
        "valid_from": clock.today().isoformat(),
        "valid_to": "",
        "acting_document": "",
    }
    form.update(values)
    return form


def test_the_admin_gives_no_acting_chair_outside_the_appointment_rule(cast, client, frozen_clock):
    client.force_login(cast.admin)
    url = reverse("admin:org_roleassignment_add")
    today = clock.today()
    refused = [
        {"acting_document": "QĐ 40/QĐ-UBKT"},  # no end
        {
            "acting_document": "QĐ 41/QĐ-UBKT",
            "valid_from": (today - dt.timedelta(days=10)).isoformat(),
            "valid_to": today.isoformat(),
        },
        {"acting_document": "QĐ 42/QĐ-UBKT", "valid_to": today.isoformat(), "role": Role.INSPECTOR},
    ]
    for values in refused:
        response = client.post(url, _admin_role_form(cast.inspector, unit=cast.sector, **values))
        assert response.status_code == 200, values  # the form again, with its errors
        assert response.context["adminform"].form.errors, values
    # Nor to someone outside the committee.
    response = client.post(
        url,
        _admin_role_form(cast.auditor, unit=cast.sector, acting_document="QĐ 43", valid_to=today.isoformat()),
    )
    assert response.status_code == 200
    assert not RoleAssignment.objects.exclude(acting_document="").exists()
    # A plain role is still the administrator's to give.
    response = client.post(url, _admin_role_form(cast.officer2, unit=cast.clinic))
    assert response.status_code == 302
    # An appointment within the rule is made, and audited with its document.
    response = client.post(
        url,
        _admin_role_form(cast.inspector, unit=cast.sector, acting_document="QĐ 44/QĐ-UBKT", valid_to=today.isoformat()),
    )
    assert response.status_code == 302
    acting = RoleAssignment.objects.get(acting_document="QĐ 44/QĐ-UBKT")
    event = AuditEvent.objects.get(action="role.change", target_id=str(acting.pk))
    assert event.after["acting_document"] == "QĐ 44/QĐ-UBKT"
    # Its end is not removed afterwards, and it is not turned into a chair in their own right.
    change = reverse("admin:org_roleassignment_change", args=[acting.pk])
    for values in ({"valid_to": ""}, {"acting_document": ""}):
        form = _admin_role_form(
            cast.inspector, unit=cast.sector, acting_document="QĐ 44/QĐ-UBKT", valid_to=today.isoformat()
        )
        form.update(values)
        assert client.post(change, form).status_code == 200, values
    acting.refresh_from_db()
    assert acting.valid_to == today and acting.acting_document == "QĐ 44/QĐ-UBKT"
    # Deleting it is audited too.
    client.post(reverse("admin:org_roleassignment_delete", args=[acting.pk]), {"post": "yes"})
    assert not RoleAssignment.objects.filter(pk=acting.pk).exists()
    assert AuditEvent.objects.filter(action="role.delete", target_id=str(acting.pk)).exists()


def test_the_user_page_of_the_admin_follows_the_same_rule(cast, client, frozen_clock):
    client.force_login(cast.admin)
    url = reverse("admin:org_user_change", args=[cast.inspector.pk])
    mine = list(RoleAssignment.objects.filter(user=cast.inspector))
    form = {
        "username": cast.inspector.username,
        "full_name": cast.inspector.full_name,
        "email": cast.inspector.email,
        "is_active": "on",
        "email_notifications": "on",
        "date_joined_0": "01/01/2026",
        "date_joined_1": "08:00:00",
        "roles-TOTAL_FORMS": str(len(mine) + 1),
        "roles-INITIAL_FORMS": str(len(mine)),
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }
    for i, ra in enumerate(mine):
        form.update(
            {
                f"roles-{i}-id": ra.pk,
                f"roles-{i}-user": cast.inspector.pk,
                f"roles-{i}-unit": ra.unit_id,
                f"roles-{i}-role": ra.role,
                f"roles-{i}-valid_from": ra.valid_from.strftime("%d/%m/%Y"),
                f"roles-{i}-valid_to": "",
                f"roles-{i}-acting_document": "",
            }
        )
    new = len(mine)
    form.update(
        {
            f"roles-{new}-user": cast.inspector.pk,
            f"roles-{new}-unit": cast.sector.pk,
            f"roles-{new}-role": Role.COMMITTEE_CHAIR,
            f"roles-{new}-valid_from": clock.today().strftime("%d/%m/%Y"),
            f"roles-{new}-valid_to": "",
            f"roles-{new}-acting_document": "QĐ 50/QĐ-UBKT",
        }
    )
    response = client.post(url, form)
    assert response.status_code == 200
    assert not RoleAssignment.objects.exclude(acting_document="").exists()
    form[f"roles-{new}-valid_to"] = (clock.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    acting = RoleAssignment.objects.get(acting_document="QĐ 50/QĐ-UBKT")
    assert AuditEvent.objects.get(action="role.change", target_id=str(acting.pk)).after["valid_to"]


def test_absences_in_the_admin_are_read_only_and_scoped(cast, client, frozen_clock):
    from django.contrib.auth.models import Permission

    mine = record(cast.officer, cast.officer2)
    theirs = record(cast.other_officer)
    cast.chair.is_staff = True
    cast.chair.save()
    cast.chair.user_permissions.add(Permission.objects.get(codename="view_absence"))
    client.force_login(cast.chair)
    listed = client.get(reverse("admin:org_absence_changelist"))
    assert listed.status_code == 200
    shown = {a.pk for a in listed.context["cl"].result_list}
    assert shown == {mine.pk}
    assert client.get(reverse("admin:org_absence_change", args=[theirs.pk])).status_code in {302, 404}
    client.force_login(cast.admin)
    assert client.get(reverse("admin:org_absence_add")).status_code == 403
