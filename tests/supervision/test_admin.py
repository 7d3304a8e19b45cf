"""The Django admin shows supervisions read-only (the services own every write: audit, notices,
flags), to its readers only (the supervision selectors' rule)."""

from __future__ import annotations

import pytest
from django.contrib import admin

from casework.org.models import Role
from casework.supervision.models import Supervision, SupervisionMember
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_admin_lists_filters_and_searches_but_never_writes(cast, client, supervision):
    client.force_login(cast.admin)
    listed = client.get("/admin/supervision/supervision/", {"status": "planned", "q": "Bệnh viện"})
    assert listed.status_code == 200
    assert supervision.title in listed.content.decode()  # a superuser sees one still planned too
    assert client.get("/admin/supervision/supervision/", {"q": "Trường học"}).context["cl"].result_count == 0
    change = f"/admin/supervision/supervision/{supervision.pk}/change/"
    assert client.get(change).status_code == 200
    assert client.post(change, {"status": "closed", "title": "Khác"}).status_code == 403
    assert client.get("/admin/supervision/supervision/add/").status_code == 403
    assert client.post(f"/admin/supervision/supervision/{supervision.pk}/delete/", {"post": "yes"}).status_code == 403
    supervision.refresh_from_db()
    assert (supervision.status, Supervision.objects.count()) == (Supervision.Status.PLANNED, 1)
    assert client.get("/admin/supervision/supervisionmember/").status_code == 200
    assert SupervisionMember.objects.filter(supervision=supervision).count() == 2


def test_staff_outside_its_scope_do_not_see_it(cast, rf, supervision):
    model_admin = admin.site.get_model_admin(Supervision)
    for user, seen in (
        (UserFactory(username="e_admin", roles=[(Role.ADMIN, cast.other_sector)], is_staff=True), False),
        (UserFactory(username="s_admin", roles=[(Role.ADMIN, cast.sector)], is_staff=True), True),
    ):
        request = rf.get("/admin/supervision/supervision/")
        request.user = user
        assert model_admin.get_queryset(request).filter(pk=supervision.pk).exists() is seen
