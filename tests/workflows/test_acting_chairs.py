"""Quyền Chủ nhiệm UBKT: one acting chair of a committee at a time, ended early when the chair is
back, taking the chair's decisions (those the body delegated to the chair included) in the period of
the appointment, on the page, the API and the service alike, and seen by nobody outside its scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.org.models import Role, RoleAssignment
from casework.org.selectors import user_has_role
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import api_client
from tests.concurrency import at_once
from tests.factories import UserFactory
from workflows.services.absences import acting_chair_appoint, acting_chair_check, acting_chair_end

pytestmark = pytest.mark.django_db


def days(n: int) -> dt.date:
    return clock.today() + dt.timedelta(days=n)


def appoint(cast, user=None, *, start=0, end=30, document="QĐ 12/QĐ-UBKT", actor=None, unit=None):
    return acting_chair_appoint(
        actor=actor or cast.chair,
        unit=unit or cast.sector,
        user=user or cast.inspector,
        valid_from=days(start),
        valid_to=days(end),
        document=document,
    )


def acting_events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


# 1. Ended early by the chair or the leadership who may appoint.


def test_the_chair_back_ends_the_appointment_and_it_holds_to_that_day_only(cast, frozen_clock):
    acting = appoint(cast)
    clock.advance(dt.timedelta(days=3))
    ended = acting_chair_end(actor=cast.chair, assignment=acting)
    assert ended is not None and ended.valid_to == clock.today()
    acting.refresh_from_db()
    assert acting.valid_to == clock.today()
    assert user_has_role(user=cast.inspector, roles=[Role.COMMITTEE_CHAIR], unit=cast.sector)  # to the end of today
    [event] = acting_events("role.acting_end")
    assert event.before == {"valid_to": days(27).isoformat()}
    assert event.after["valid_to"] == clock.today().isoformat() and event.after["document"] == "QĐ 12/QĐ-UBKT"
    clock.advance(dt.timedelta(days=1))
    assert not user_has_role(user=cast.inspector, roles=[Role.COMMITTEE_CHAIR], unit=cast.sector)


def test_the_leadership_may_end_it_on_a_later_day(cast, frozen_clock):
    acting = appoint(cast)
    acting_chair_end(actor=cast.leader, assignment=acting, on=days(10))
    acting.refresh_from_db()
    assert acting.valid_to == days(10)


@pytest.mark.parametrize(
    ("who", "on", "error"),
    [
        ("officer", 0, TransitionNotAllowed),  # no manager role
        ("inspector", 0, TransitionNotAllowed),  # the appointee, on the strength of the appointment itself
        ("chair", -1, ValidationFailed),  # a day already past
        ("chair", 30, ValidationFailed),  # its own end: not early
        ("chair", 40, ValidationFailed),  # later: not an extension
    ],
)
def test_ending_it_wrongly_is_refused_and_changes_nothing(cast, frozen_clock, who, on, error):
    acting = appoint(cast)
    with pytest.raises(error):
        acting_chair_end(actor=getattr(cast, who), assignment=acting, on=days(on))
    acting.refresh_from_db()
    assert acting.valid_to == days(30)
    assert not acting_events("role.acting_end")


def test_an_appointment_that_has_run_out_is_not_ended_again(cast, frozen_clock):
    acting = appoint(cast, end=2)
    clock.advance(dt.timedelta(days=3))
    with pytest.raises(TransitionNotAllowed, match="hết hạn"):
        acting_chair_end(actor=cast.chair, assignment=acting)


def test_ending_an_appointment_not_yet_begun_removes_it_from_effect(cast, frozen_clock):
    acting = appoint(cast, start=5, end=10)
    assert acting_chair_end(actor=cast.chair, assignment=acting) is None
    assert not RoleAssignment.objects.filter(pk=acting.pk).exists()
    [event] = acting_events("role.acting_cancel")
    assert event.before["valid_from"] == days(5).isoformat() and event.before["document"] == "QĐ 12/QĐ-UBKT"
    # One not begun but ended on a day inside its period is shortened instead.
    later = appoint(cast, start=5, end=10, document="QĐ 13/QĐ-UBKT")
    acting_chair_end(actor=cast.chair, assignment=later, on=days(7))
    later.refresh_from_db()
    assert (later.valid_from, later.valid_to) == (days(5), days(7))
    # Once removed, ending it again says so.
    with pytest.raises(TransitionNotAllowed, match="đã được hủy"):
        acting_chair_end(actor=cast.chair, assignment=acting)


def test_the_api_ends_an_appointment_within_the_callers_scope(cast, frozen_clock):
    acting = appoint(cast)
    url = f"/api/acting-appointments/{acting.pk}/end/"
    assert api_client(cast.other_officer).post(url, {}, format="json").status_code == 404  # outside their scope
    assert api_client(cast.officer).post(url, {}, format="json").status_code == 409
    assert api_client(cast.chair).post(url, {"on": "not a day"}, format="json").status_code == 400
    past = api_client(cast.chair).post(url, {"on": days(-1).isoformat()}, format="json")
    assert past.status_code == 400 and "on" in past.json()["fields"], past.content
    done = api_client(cast.chair).post(url, {"on": days(4).isoformat()}, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["valid_to"] == days(4).isoformat()
    later = appoint(cast, start=6, end=9, document="QĐ 14/QĐ-UBKT")
    removed = api_client(cast.leader).post(f"/api/acting-appointments/{later.pk}/end/", {}, format="json")
    assert removed.status_code == 204
    assert not RoleAssignment.objects.filter(pk=later.pk).exists()


def test_the_page_asks_before_ending_it_and_offers_it_only_to_who_may(client, cast, frozen_clock):
    acting = appoint(cast)
    url = reverse("acting_end", args=[acting.pk])
    client.force_login(cast.officer)
    page = client.get(reverse("absences")).content.decode()
    assert "QĐ 12/QĐ-UBKT" in page and url not in page
    client.force_login(cast.other_officer)
    assert "QĐ 12/QĐ-UBKT" not in client.get(reverse("absences")).content.decode()
    assert client.post(url, {"on": days(0).strftime("%d/%m/%Y")}).status_code == 404
    client.force_login(cast.chair)
    page = client.get(reverse("absences")).content.decode()
    start = page.index(f'action="{url}"')
    form = page[page.rindex("<form", 0, start) : page.index("</form>", start)]
    assert "data-confirm=" in form and days(0).strftime("%d/%m/%Y") in form
    response = client.post(url, {"on": days(-1).strftime("%d/%m/%Y")}, follow=True)
    assert "ngày đã qua" in response.content.decode()
    acting.refresh_from_db()
    assert acting.valid_to == days(30)
    client.post(url, {"on": days(2).strftime("%d/%m/%Y")})
    acting.refresh_from_db()
    assert acting.valid_to == days(2)


def test_the_page_gives_an_acting_appointment_by_the_same_rule(client, cast, frozen_clock):
    client.force_login(cast.officer)
    assert reverse("acting_appoint") not in client.get(reverse("absences")).content.decode()
    client.force_login(cast.chair)
    form = {
        "unit": cast.sector.pk,
        "user": cast.inspector.pk,
        "valid_from": days(0).strftime("%d/%m/%Y"),
        "valid_to": days(5).strftime("%d/%m/%Y"),
        "document": "QĐ 30/QĐ-UBKT",
    }
    assert client.post(reverse("acting_appoint"), form).status_code == 302
    assert RoleAssignment.objects.get(acting_document="QĐ 30/QĐ-UBKT").user == cast.inspector
    again = client.post(reverse("acting_appoint"), {**form, "user": cast.inspector2.pk, "document": "QĐ 31"})
    assert again.status_code == 200
    assert "Trùng thời gian" in again.content.decode()
    # A unit outside the chair's scope is not a choice.
    outside = client.post(reverse("acting_appoint"), {**form, "unit": cast.other_sector.pk, "document": "QĐ 32"})
    assert outside.status_code == 200
    assert not RoleAssignment.objects.filter(acting_document__in=["QĐ 31", "QĐ 32"]).exists()


# 2. One acting chair of a committee at a time.


def test_a_second_acting_chair_for_an_overlapping_period_is_refused(cast, frozen_clock):
    first = appoint(cast, start=0, end=10)
    with pytest.raises(ValidationFailed) as exc:
        appoint(cast, cast.inspector2, start=5, end=15, document="QĐ 20/QĐ-UBKT", actor=cast.leader)
    message = exc.value.fields["valid_from"][0]
    assert str(cast.inspector) in message
    assert f"{days(0):%d/%m/%Y}–{days(10):%d/%m/%Y}" in message and "QĐ 12/QĐ-UBKT" in message
    assert list(RoleAssignment.objects.exclude(acting_document="")) == [first]
    assert len(acting_events("role.acting_appoint")) == 1
    # The next day after it, or another unit's committee, is free.
    appoint(cast, cast.inspector2, start=11, end=15, document="QĐ 21/QĐ-UBKT")
    hospital_member = UserFactory(username="hmember", roles=[(Role.INSPECTOR, cast.hospital)])
    appoint(cast, hospital_member, unit=cast.hospital, start=0, end=10, document="QĐ 22/QĐ-UBKT")
    # Once the first is ended early, its remaining days are free too.
    acting_chair_end(actor=cast.chair, assignment=first, on=days(2))
    appoint(cast, cast.inspector3, start=3, end=10, document="QĐ 23/QĐ-UBKT")


def test_the_admins_check_is_the_same_and_an_appointment_does_not_overlap_itself(cast, frozen_clock):
    first = appoint(cast, start=0, end=10)
    values = {"unit": cast.sector, "valid_from": days(0), "valid_to": days(12), "document": "QĐ 12/QĐ-UBKT"}
    acting_chair_check(actor=cast.admin, user=cast.inspector, editing=first.pk, kept_from=days(0), **values)
    with pytest.raises(ValidationFailed) as exc:
        acting_chair_check(actor=cast.admin, user=cast.inspector2, **values)
    assert "Trùng thời gian" in exc.value.fields["valid_from"][0]


def test_two_appointments_one_after_the_other_the_second_sees_the_first(cast, frozen_clock):
    outcomes = []
    for user, document in ((cast.inspector, "QĐ 50"), (cast.inspector2, "QĐ 51")):
        try:
            outcomes.append(appoint(cast, user, document=document))
        except ValidationFailed as exc:
            outcomes.append(exc)
    assert isinstance(outcomes[0], RoleAssignment) and isinstance(outcomes[1], ValidationFailed)


pg_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@pg_only
@pytest.mark.django_db(transaction=True)
def test_two_people_appointing_at_once_give_one_acting_chair(cast, frozen_clock):
    outcomes = at_once(
        lambda: appoint(cast, cast.inspector, document="QĐ 60", actor=cast.chair),
        lambda: appoint(cast, cast.inspector2, document="QĐ 61", actor=cast.leader),
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["RoleAssignment", "ValidationFailed"], outcomes
    assert RoleAssignment.objects.exclude(acting_document="").count() == 1
    assert AuditEvent.objects.filter(action="role.acting_appoint").count() == 1


@pg_only
@pytest.mark.django_db(transaction=True)
def test_an_appointment_ended_twice_at_once_is_ended_once(cast, frozen_clock):
    acting = appoint(cast, start=3, end=9)
    outcomes = at_once(
        lambda: acting_chair_end(actor=cast.chair, assignment=acting),
        lambda: acting_chair_end(actor=cast.leader, assignment=acting),
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["NoneType", "TransitionNotAllowed"], outcomes
    assert AuditEvent.objects.filter(action="role.acting_cancel").count() == 1


# 5. The admin: its rows checked together, and under the same lock as the service.


def _admin_acting_row(i: int, user, unit, document: str, start: int, end: int) -> dict:
    return {
        f"roles-{i}-user": user.pk,
        f"roles-{i}-unit": unit.pk,
        f"roles-{i}-role": Role.COMMITTEE_CHAIR,
        f"roles-{i}-valid_from": days(start).strftime("%d/%m/%Y"),
        f"roles-{i}-valid_to": days(end).strftime("%d/%m/%Y"),
        f"roles-{i}-acting_document": document,
    }


def _admin_user_form(user, rows: list[dict]) -> dict:
    kept = list(RoleAssignment.objects.filter(user=user))
    form = {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "is_active": "on",
        "email_notifications": "on",
        "date_joined_0": "01/01/2026",
        "date_joined_1": "08:00:00",
        "roles-TOTAL_FORMS": str(len(kept) + len(rows)),
        "roles-INITIAL_FORMS": str(len(kept)),
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }
    for i, ra in enumerate(kept):
        form.update(
            {
                f"roles-{i}-id": ra.pk,
                f"roles-{i}-user": user.pk,
                f"roles-{i}-unit": ra.unit_id,
                f"roles-{i}-role": ra.role,
                f"roles-{i}-valid_from": ra.valid_from.strftime("%d/%m/%Y"),
                f"roles-{i}-valid_to": "",
                f"roles-{i}-acting_document": ra.acting_document,
            }
        )
    for row in rows:
        form.update(row)
    return form


def test_two_overlapping_acting_rows_given_in_one_admin_save_are_refused(cast, client, frozen_clock):
    client.force_login(cast.admin)
    url = reverse("admin:org_user_change", args=[cast.inspector.pk])
    base = RoleAssignment.objects.filter(user=cast.inspector).count()
    rows = [
        _admin_acting_row(base, cast.inspector, cast.sector, "QĐ 70/QĐ-UBKT", 0, 10),
        _admin_acting_row(base + 1, cast.inspector, cast.sector, "QĐ 71/QĐ-UBKT", 5, 20),
    ]
    response = client.post(url, _admin_user_form(cast.inspector, rows))
    assert response.status_code == 200  # the page again, saying why
    assert "trùng thời gian" in response.content.decode()
    assert not RoleAssignment.objects.exclude(acting_document="").exists()
    # One after the other, they are one appointment each.
    rows[1] = _admin_acting_row(base + 1, cast.inspector, cast.sector, "QĐ 71/QĐ-UBKT", 11, 20)
    assert client.post(url, _admin_user_form(cast.inspector, rows)).status_code == 302
    assert RoleAssignment.objects.exclude(acting_document="").count() == 2


# 6. Who may appoint: the chair or the leadership in their own right, or an administrator; never an
# acting chair, whose appointment gives the chair's decisions for a period, not the power to appoint.


def test_an_acting_chair_does_not_appoint_the_next_one_in_the_service(cast, frozen_clock):
    appoint(cast)  # cast.inspector is the sector's acting chair
    with pytest.raises(TransitionNotAllowed) as exc:
        appoint(cast, cast.inspector2, start=31, end=40, document="QĐ 40/QĐ-UBKT", actor=cast.inspector)
    assert "QĐ 12/QĐ-UBKT" in exc.value.message and "không giao quyền chủ nhiệm" in exc.value.message
    # Nor in a unit below, where the acting chair's role reaches too.
    hospital_member = UserFactory(username="hmember", roles=[(Role.INSPECTOR, cast.hospital)])
    with pytest.raises(TransitionNotAllowed):
        appoint(cast, hospital_member, unit=cast.hospital, document="QĐ 41/QĐ-UBKT", actor=cast.inspector)
    assert list(RoleAssignment.objects.exclude(acting_document="").values_list("acting_document", flat=True)) == [
        "QĐ 12/QĐ-UBKT"
    ]
    assert len(acting_events("role.acting_appoint")) == 1
    # The chair, the leadership (of the unit or above) and an administrator do.
    appoint(cast, cast.inspector2, start=31, end=40, document="QĐ 42/QĐ-UBKT", actor=cast.chair)
    appoint(cast, hospital_member, unit=cast.hospital, document="QĐ 43/QĐ-UBKT", actor=cast.province_leader)
    acting_chair_check(
        actor=cast.admin,
        unit=cast.sector,
        user=cast.inspector3,
        valid_from=days(41),
        valid_to=days(45),
        document="QĐ 44/QĐ-UBKT",
    )


def test_a_chair_in_their_own_right_appoints_even_while_also_acting_elsewhere(cast, frozen_clock):
    """The chair of the hospital's committee, acting chair of the sector's for a while, still appoints
    in the hospital (their own role) and not in the sector (the acting one)."""
    hospital_chair = UserFactory(
        username="hchair", roles=[(Role.COMMITTEE_CHAIR, cast.hospital), (Role.INSPECTOR, cast.sector)]
    )
    hospital_member = UserFactory(username="hmember", roles=[(Role.INSPECTOR, cast.hospital)])
    appoint(cast, hospital_chair)
    appoint(cast, hospital_member, unit=cast.hospital, document="QĐ 45/QĐ-UBKT", actor=hospital_chair)
    with pytest.raises(TransitionNotAllowed, match="QĐ 12/QĐ-UBKT"):
        appoint(cast, cast.inspector2, start=31, end=40, document="QĐ 46/QĐ-UBKT", actor=hospital_chair)


def test_an_acting_chair_does_not_end_another_acting_appointment(cast, frozen_clock):
    appoint(cast)
    hospital_member = UserFactory(username="hmember", roles=[(Role.INSPECTOR, cast.hospital)])
    below = appoint(cast, hospital_member, unit=cast.hospital, document="QĐ 47/QĐ-UBKT")
    with pytest.raises(TransitionNotAllowed, match="không kết thúc quyền chủ nhiệm"):
        acting_chair_end(actor=cast.inspector, assignment=below)
    below.refresh_from_db()
    assert below.valid_to == days(30)


def test_the_page_offers_an_acting_chair_no_appointment_and_refuses_one_posted(client, cast, frozen_clock):
    acting = appoint(cast)
    client.force_login(cast.inspector)
    page = client.get(reverse("absences")).content.decode()
    assert "QĐ 12/QĐ-UBKT" in page
    assert reverse("acting_appoint") not in page
    assert reverse("acting_end", args=[acting.pk]) not in page
    form = {
        "unit": cast.sector.pk,
        "user": cast.inspector2.pk,
        "valid_from": days(31).strftime("%d/%m/%Y"),
        "valid_to": days(40).strftime("%d/%m/%Y"),
        "document": "QĐ 48/QĐ-UBKT",
    }
    response = client.post(reverse("acting_appoint"), form, follow=True)
    content = response.content.decode()
    assert "không giao quyền chủ nhiệm cho người khác" in content
    assert reverse("acting_appoint") not in content  # told why, still not offered the form
    assert not RoleAssignment.objects.filter(acting_document="QĐ 48/QĐ-UBKT").exists()
    # The chair is offered both.
    client.force_login(cast.chair)
    page = client.get(reverse("absences")).content.decode()
    assert reverse("acting_appoint") in page and reverse("acting_end", args=[acting.pk]) in page


def test_the_api_refuses_an_acting_chair_and_its_allowed_actions_say_so(cast, frozen_clock):
    acting = appoint(cast)
    body = {
        "unit": cast.sector.pk,
        "user": cast.inspector2.pk,
        "valid_from": days(31).isoformat(),
        "valid_to": days(40).isoformat(),
        "document": "QĐ 49/QĐ-UBKT",
    }
    refused = api_client(cast.inspector).post("/api/acting-appointments/", body, format="json")
    assert refused.status_code == 409, refused.content
    assert "không giao quyền chủ nhiệm cho người khác" in refused.json()["detail"]
    assert not RoleAssignment.objects.filter(acting_document="QĐ 49/QĐ-UBKT").exists()
    listed = {row["id"]: row for row in api_client(cast.inspector).get("/api/acting-appointments/").json()["results"]}
    assert listed[acting.pk]["allowed_actions"] == []
    assert api_client(cast.chair).get(f"/api/acting-appointments/{acting.pk}/").json()["allowed_actions"] == ["end"]
    created = api_client(cast.chair).post("/api/acting-appointments/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["allowed_actions"] == ["end"]


# 4. Whom the form offers, and one away in the period.


def test_the_appointment_form_offers_exactly_the_people_the_service_accepts(client, cast, frozen_clock):
    """The chair appoints in the sector or a unit under it: a member or officer of the committee there
    or above. The leadership, the auditor, the intake officer, a unit's representative, the data
    protection officer, another sector's officer and the chair themself are refused, so not offered."""
    from django.db import transaction

    dpo = UserFactory(username="dpo", roles=[(Role.DATA_PROTECTION, cast.sector)])
    client.force_login(cast.chair)
    form = client.get(reverse("absences")).context["acting_form"]
    offered = set(form.fields["user"].queryset)
    assert offered == {cast.officer, cast.officer2, cast.inspector, cast.inspector2, cast.inspector3}
    for person in [*offered, cast.chair, cast.leader, cast.auditor, cast.intake, cast.subject_rep, dpo, cast.admin]:
        try:
            with transaction.atomic():
                appoint(cast, person, document=f"QĐ {person.pk}")
                transaction.set_rollback(True)
            accepted = True
        except ValidationFailed:
            accepted = False
        assert accepted == (person in offered), person
    assert cast.other_officer not in offered


def test_one_away_in_the_period_is_not_appointed_acting_chair(client, cast, frozen_clock):
    from casework.org.models import Absence
    from workflows.services.absences import absence_record

    absence_record(
        actor=cast.chair, user=cast.inspector, starts_on=days(10), ends_on=days(12), reason="Công tác nước ngoài"
    )
    with pytest.raises(ValidationFailed) as exc:
        appoint(cast, cast.inspector, start=5, end=10)
    message = " ".join(exc.value.fields["user"])
    assert days(10).strftime("%d/%m/%Y") in message and days(12).strftime("%d/%m/%Y") in message
    assert "Công tác nước ngoài" in message and "vắng" in message
    assert not RoleAssignment.objects.exclude(acting_document="").exists()
    assert not acting_events("role.acting_appoint")
    client.force_login(cast.chair)
    page = client.post(
        reverse("acting_appoint"),
        {
            "unit": cast.sector.pk,
            "user": cast.inspector.pk,
            "valid_from": days(0).strftime("%d/%m/%Y"),
            "valid_to": days(20).strftime("%d/%m/%Y"),
            "document": "QĐ 40",
        },
    )
    assert page.status_code == 200 and "Công tác nước ngoài" in page.content.decode()
    assert not RoleAssignment.objects.exclude(acting_document="").exists()
    # A period clear of the absence is accepted; the absence is still there.
    assert appoint(cast, cast.inspector, start=13, end=20).user == cast.inspector
    assert Absence.objects.filter(user=cast.inspector).count() == 1
