"""A role assignment carries the holder's position in the body of that role (chủ tịch, phó chủ tịch, ủy viên of
the executive and standing committees; chủ nhiệm, phó chủ nhiệm, ủy viên of the inspection committee), blank
when not known; the papers' signature block follows it. The admin edits it, audited; a position the role's body
does not have is refused. The demo's leaders hold theirs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.org.demo import load_demo_org
from casework.org.models import Position, Role, RoleAssignment, User
from casework.org.services import role_assign
from core.errors import ValidationFailed

pytestmark = pytest.mark.django_db

SINCE = dt.date(2021, 1, 1)


def test_a_position_the_roles_body_does_not_have_is_refused(cast):
    for role, position in ((Role.CASE_OFFICER, Position.CHAIR), (Role.BTV_MEMBER, Position.COMMITTEE_VICE_CHAIR)):
        with pytest.raises(ValidationFailed) as refused:
            role_assign(user=cast.officer, unit=cast.hospital, role=role, valid_from=SINCE, position=position)
        assert list(refused.value.fields) == ["position"]
    held = role_assign(
        user=cast.officer, unit=cast.hospital, role=Role.BCH_MEMBER, valid_from=SINCE, position=Position.MEMBER
    )
    assert held.position == Position.MEMBER
    # The database refuses it too, whoever writes the row.
    assignment = RoleAssignment.objects.get(user=cast.chair)
    assignment.position = Position.VICE_CHAIR
    with pytest.raises(IntegrityError), transaction.atomic():
        assignment.save()


def test_the_admin_edits_the_position_audited_and_refuses_one_of_another_body(client, cast):
    client.force_login(cast.admin)
    assignment = RoleAssignment.objects.get(user=cast.leader)
    url = reverse("admin:org_roleassignment_change", args=[assignment.pk])
    form = {
        "user": cast.leader.pk,
        "unit": cast.sector.pk,
        "role": assignment.role,
        "valid_from": "2020-01-01",
        "valid_to": "",
        "position": Position.COMMITTEE_CHAIR,
    }
    response = client.post(url, form)
    assert response.status_code == 200 and "Ủy ban kiểm tra" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.position == Position.CHAIR  # the cast's leader chairs the union (tests/factories.py)
    assert client.post(url, {**form, "position": Position.VICE_CHAIR}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.position == Position.VICE_CHAIR
    event = AuditEvent.objects.filter(action="role.change").latest("seq")
    assert (event.before["position"], event.after["position"]) == (Position.CHAIR, Position.VICE_CHAIR)


def test_the_user_page_edits_the_position_of_each_role_held(client, cast):
    client.force_login(cast.admin)
    page = client.get(reverse("admin:org_user_change", args=[cast.leader.pk])).content.decode()
    assert 'name="roles-0-position"' in page and "Phó Chủ tịch" in page


def test_the_demo_leaders_hold_their_positions_and_a_second_load_changes_nothing():
    load_demo_org()
    held = dict(RoleAssignment.objects.exclude(position="").values_list("user__username", "position"))
    assert held == {
        "chunhiem": Position.COMMITTEE_CHAIR,
        "btv": Position.VICE_CHAIR,
        "bch": Position.MEMBER,
        "btvtinh": Position.CHAIR,
    }
    rows = list(RoleAssignment.objects.order_by("pk").values())
    events = AuditEvent.objects.count()
    load_demo_org()
    assert list(RoleAssignment.objects.order_by("pk").values()) == rows and AuditEvent.objects.count() == events


def test_a_demo_whose_rows_carry_no_position_is_given_them():
    load_demo_org()
    RoleAssignment.objects.update(position="")
    load_demo_org()
    assert RoleAssignment.objects.get(user=User.objects.get(username="btv")).position == Position.VICE_CHAIR
