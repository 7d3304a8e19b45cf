import pytest

from casework.audit.jobs import audit_verify_periodic
from casework.audit.services import audit_record_standalone
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_an_intact_chain_alerts_nobody(cast):
    audit_record_standalone(actor=None, action="sweep", target=("t", 1))
    summary = audit_verify_periodic()
    assert "nguyên vẹn" in summary
    assert not Notification.objects.exists()


def test_a_broken_chain_alerts_administrators_once_per_broken_state(cast, tamper):
    from casework.org.models import Role
    from tests.factories import UserFactory

    second_admin = UserFactory(username="admin2", roles=[(Role.ADMIN, cast.province)])
    event = audit_record_standalone(actor=None, action="sweep", target=("t", 1), unit=cast.sector)
    tamper.set_field(seq=event.seq, column="reason", value="sửa lén")
    audit_verify_periodic()
    audit_verify_periodic()
    notes = Notification.objects.all()
    assert {n.user for n in notes} == {cast.admin, second_admin}, "every administrator, once"
    assert f"seq {event.seq}" in notes[0].body
    assert not Notification.objects.filter(user__in=[cast.auditor, cast.officer]).exists()
    # A new break is a new state: administrators hear about it too.
    tamper.set_field(seq=1, column="reason", value="sửa lén lần nữa")
    audit_verify_periodic()
    assert Notification.objects.count() == 4


def test_the_job_is_scheduled():
    from casework.web.schedule import PERIODIC_JOBS

    assert ("casework.audit.jobs.audit_verify_periodic", 3600) in PERIODIC_JOBS
