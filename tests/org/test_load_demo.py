import pytest
from django.core.management import call_command

from casework.audit.models import AuditEvent
from casework.org.models import Role, RoleAssignment, Unit, User

pytestmark = pytest.mark.django_db


def snapshot():
    return (Unit.objects.count(), User.objects.count(), RoleAssignment.objects.count(), AuditEvent.objects.count())


def test_it_builds_the_thai_binh_tree_with_a_user_per_role_and_running_it_twice_changes_nothing():
    call_command("load_demo", stdout=open("/dev/null", "w"))
    sector = Unit.objects.get(code="CDN-YT-TB")
    assert sector.parent.name == "Liên đoàn Lao động tỉnh Thái Bình"
    assert Unit.objects.filter(parent=sector, kind=Unit.Kind.GRASSROOTS).count() >= 20
    held = set(RoleAssignment.objects.values_list("role", flat=True))
    assert held == set(Role.values)
    first = snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert snapshot() == first
