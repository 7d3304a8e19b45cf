"""An administrator's scope is every unit, and stays every unit once combined with another condition
(`Q() | Q(x)` is `Q(x)` in Django): who they may name, what they read, at no cost in SQL."""

from __future__ import annotations

import pytest
from django.db.models import Q

from casework.org.models import Role, Unit
from casework.org.selectors import scope_q, users_nameable_by
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


def names(qs):
    return set(qs.values_list("username", flat=True))


def test_an_administrators_scope_or_another_condition_is_still_every_unit(cast):
    everything = scope_q(user=cast.admin)
    assert codes(Unit.objects.filter(everything | Q(code="H"))) == ["C", "E", "EG", "H", "P", "S"]
    assert codes(Unit.objects.filter(Q(code="H") | everything)) == ["C", "E", "EG", "H", "P", "S"]
    assert codes(Unit.objects.filter(everything & Q(code="H"))) == ["H"]
    assert codes(Unit.objects.exclude(everything)) == []


def test_every_unit_costs_no_condition_in_the_query(cast):
    query = str(Unit.objects.filter(scope_q(user=cast.admin, prefix="")).query)
    assert "WHERE" not in query
    assert "WHERE" not in str(Unit.objects.filter(scope_q(user=cast.admin) | Q(code="H")).query)


def test_an_administrator_may_name_whoever_holds_a_role_in_any_unit(cast):
    nameable = names(users_nameable_by(user=cast.admin))
    # the sector's officers, the other sector's, the unit inspected's representative, the province's leader
    assert {"officer", "other_officer", "subject", "pleader", "inspector", "chair", "admin"} <= nameable
    assert "outsider" not in nameable  # holds no role anywhere: nobody's to name


def test_a_superuser_holding_no_role_names_the_same_people(cast):
    bare = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert names(users_nameable_by(user=bare)) == names(users_nameable_by(user=cast.admin)) | {"root"}


def test_an_officer_names_their_subtree_and_the_units_above_only(cast):
    nameable = names(users_nameable_by(user=cast.officer))
    assert {"officer", "inspector", "chair", "subject", "pleader", "admin"} <= nameable
    assert "other_officer" not in nameable


def test_an_inactive_holder_is_nobody_to_name(cast):
    cast.officer2.is_active = False
    cast.officer2.save()
    assert "officer2" not in names(users_nameable_by(user=cast.admin))


def test_someone_of_another_sector_is_the_administrators_to_name_not_the_officers(cast):
    UserFactory(username="edu", roles=[(Role.CASE_OFFICER, cast.other_grassroots)])
    assert "edu" not in names(users_nameable_by(user=cast.officer))
    assert "edu" in names(users_nameable_by(user=cast.admin))
