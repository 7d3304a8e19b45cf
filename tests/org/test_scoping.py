import datetime as dt

import pytest

from casework.org.models import Role, Unit
from casework.org.selectors import unit_is_visible, units_visible_to, user_has_role
from core import clock
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


class TestUnitSubtree:
    def test_paths_nest_under_the_parent(self, cast):
        assert cast.hospital.path.startswith(cast.sector.path)
        assert cast.sector.path.startswith(cast.province.path)
        assert not cast.other_grassroots.path.startswith(cast.sector.path)

    def test_subtree_is_one_prefix_query(self, cast, django_assert_num_queries):
        with django_assert_num_queries(1):
            got = sorted(Unit.objects.filter(cast.sector.subtree_q()).values_list("code", flat=True))
        assert got == ["C", "H", "S"]

    def test_ancestors_are_in_order(self, cast):
        assert [u.code for u in cast.hospital.ancestors()] == ["P", "S"]


class TestRoleScoping:
    def test_a_sector_role_sees_its_subtree_only(self, cast):
        assert codes(units_visible_to(user=cast.officer)) == ["C", "H", "S"]

    def test_a_grassroots_role_sees_its_unit_only(self, cast):
        assert codes(units_visible_to(user=cast.subject_rep)) == ["H"]

    def test_a_province_role_sees_the_whole_tree(self, cast):
        assert codes(units_visible_to(user=cast.province_leader)) == ["C", "E", "EG", "H", "P", "S"]

    def test_a_user_without_roles_sees_nothing(self, cast):
        assert codes(units_visible_to(user=cast.outsider)) == []

    def test_scope_is_per_role(self, cast):
        user = UserFactory(roles=[(Role.INSPECTOR, cast.hospital), (Role.AUDITOR, cast.other_sector)])
        assert codes(units_visible_to(user=user, roles=[Role.INSPECTOR])) == ["H"]
        assert codes(units_visible_to(user=user, roles=[Role.AUDITOR])) == ["E", "EG"]
        assert codes(units_visible_to(user=user)) == ["E", "EG", "H"]

    def test_an_expired_role_reaches_nothing(self, cast):
        user = UserFactory()
        grant(user, Role.CASE_OFFICER, cast.sector, valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2021, 1, 1))
        assert codes(units_visible_to(user=user)) == []
        with clock.frozen(dt.datetime(2020, 6, 1, tzinfo=dt.UTC)):
            assert codes(units_visible_to(user=user)) == ["C", "H", "S"]

    def test_visibility_of_single_units(self, cast):
        assert unit_is_visible(user=cast.officer, unit=cast.hospital)
        assert not unit_is_visible(user=cast.officer, unit=cast.other_grassroots)
        assert not unit_is_visible(user=cast.officer, unit=cast.province)

    def test_has_role_in_unit_follows_ancestors(self, cast):
        assert user_has_role(user=cast.chair, roles=[Role.COMMITTEE_CHAIR], unit=cast.clinic)
        assert not user_has_role(user=cast.chair, roles=[Role.COMMITTEE_CHAIR], unit=cast.other_sector)
        assert not user_has_role(user=cast.officer, roles=[Role.COMMITTEE_CHAIR])
