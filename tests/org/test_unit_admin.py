"""A unit keeps its place in the tree: the admin edits its name and details, never its parent.

Scope, reports and coverage follow the unit's tree path, set once by unit_create; escalations climb
by `parent`. A parent changed by hand left the path behind: the hospital's flags stayed in the old
sector's coverage while its escalations climbed to the new sector's leaders, who cannot read it."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_admin_cannot_move_a_unit_to_another_parent(client, cast):
    client.force_login(cast.admin)
    url = reverse("admin:org_unit_change", args=[cast.hospital.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = {
        "code": cast.hospital.code,
        "name": "CĐCS Bệnh viện đa khoa",
        "kind": cast.hospital.kind,
        "parent": cast.other_sector.pk,
        "is_active": "on",
        "member_count": "",
    }
    client.post(url, form)
    cast.hospital.refresh_from_db()
    assert cast.hospital.name == "CĐCS Bệnh viện đa khoa"  # the details are still edited
    assert cast.hospital.parent_id == cast.sector.pk
    assert cast.hospital.is_within(cast.sector)


def _unit_form(unit, **changes):
    form = {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "is_active": "on" if unit.is_active else "",
        "remote_area": "on" if unit.remote_area else "",
        "member_count": "" if unit.member_count is None else str(unit.member_count),
    }
    return {key: value for key, value in {**form, **changes}.items() if value != ""}


def test_a_unit_edited_in_the_admin_is_audited_with_what_it_was(client, cast):
    """Activity (a dissolved unit), kind and member count decide rules: each change is on the chain."""
    from casework.audit.models import AuditEvent

    client.force_login(cast.admin)
    url = reverse("admin:org_unit_change", args=[cast.hospital.pk])
    response = client.post(url, _unit_form(cast.hospital, is_active="", member_count="25", kind="sector"))
    assert response.status_code == 302
    cast.hospital.refresh_from_db()
    assert (cast.hospital.is_active, cast.hospital.member_count, cast.hospital.kind) == (False, 25, "sector")
    event = AuditEvent.objects.get(action="unit.change")
    assert (event.target_type, event.target_id, event.actor, event.unit) == (
        "org.unit",
        str(cast.hospital.pk),
        cast.admin,
        cast.hospital,
    )
    assert event.before == {"is_active": True, "member_count": None, "kind": "grassroots"}
    assert event.after == {"is_active": False, "member_count": 25, "kind": "sector"}
    # Saving the form unchanged records nothing.
    client.post(url, _unit_form(cast.hospital))
    assert AuditEvent.objects.filter(action="unit.change").count() == 1


def test_unit_update_refuses_bad_values_and_changes_nothing(cast):
    from casework.org.services import unit_update
    from core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        unit_update(unit=cast.hospital, actor=cast.admin, changes={"member_count": -1, "parent": cast.other_sector})
    assert set(refused.value.fields) == {"member_count", "parent"}
    cast.hospital.refresh_from_db()
    assert (cast.hospital.member_count, cast.hospital.parent_id) == (None, cast.sector.pk)


def test_role_assignments_edited_or_removed_in_the_admin_are_audited(client, cast):
    from casework.audit.models import AuditEvent
    from casework.org.models import RoleAssignment

    client.force_login(cast.admin)
    assignment = RoleAssignment.objects.get(user=cast.auditor)
    url = reverse("admin:org_roleassignment_change", args=[assignment.pk])
    form = {
        "user": cast.auditor.pk,
        "unit": cast.hospital.pk,
        "role": assignment.role,
        "valid_from": "2020-01-01",
        "valid_to": "2026-12-31",
    }
    assert client.post(url, form).status_code == 302
    event = AuditEvent.objects.filter(action="role.change").latest("seq")
    assert (event.before["unit"], event.before["valid_to"]) == (cast.sector.pk, None)
    assert (event.after["unit"], event.after["valid_to"]) == (cast.hospital.pk, "2026-12-31")
    # A period that ends before it starts is a form error, nothing saved.
    response = client.post(url, {**form, "valid_to": "2019-01-01"})
    assert response.status_code == 200
    assignment.refresh_from_db()
    assert assignment.valid_to.isoformat() == "2026-12-31"
    delete = reverse("admin:org_roleassignment_delete", args=[assignment.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    gone = AuditEvent.objects.get(action="role.delete")
    assert (gone.target_id, gone.before["role"], gone.actor) == (str(assignment.pk), assignment.role, cast.admin)
