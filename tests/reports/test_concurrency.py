"""Two people acting on one quarterly report at the same moment (PostgreSQL): exactly one wins."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from casework.audit.models import AuditEvent
from casework.org.models import Role
from casework.reports.models import QuarterlyReport
from casework.reports.services import quarterly_report_acknowledge, quarterly_report_return, quarterly_report_submit
from core.errors import ConcurrentChange, TransitionNotAllowed
from tests.factories import UserFactory


def race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call) -> None:
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except (ConcurrentChange, TransitionNotAllowed):
            outcomes.append("refused")
        except Exception as exc:  # noqa: BLE001 - surfaced by the assertion
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_leaders_submitting_the_same_report_at_once(cast, frozen_clock):
    a = UserFactory(username="h_btv", roles=[(Role.BTV_MEMBER, cast.hospital)])
    b = UserFactory(username="h_chair", roles=[(Role.COMMITTEE_CHAIR, cast.hospital)])
    outcomes = race(
        lambda: quarterly_report_submit(unit=cast.hospital, year=2026, quarter=1, actor=a),
        lambda: quarterly_report_submit(unit=cast.hospital, year=2026, quarter=1, actor=b),
    )
    assert outcomes == ["ok", "refused"]
    assert QuarterlyReport.objects.get(unit=cast.hospital).status == QuarterlyReport.Status.SUBMITTED
    assert AuditEvent.objects.filter(action="report.submit").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_acknowledge_and_return_at_the_same_moment(cast, frozen_clock):
    h_leader = UserFactory(username="h_btv", roles=[(Role.BTV_MEMBER, cast.hospital)])
    other = UserFactory(username="s_bch", roles=[(Role.BCH_MEMBER, cast.sector)])
    report = quarterly_report_submit(unit=cast.hospital, year=2026, quarter=1, actor=h_leader)
    outcomes = race(
        lambda: quarterly_report_acknowledge(report=report, actor=cast.leader),
        lambda: quarterly_report_return(report=report, actor=other, reason="Thiếu số liệu"),
    )
    assert outcomes == ["ok", "refused"]
    report.refresh_from_db()
    assert report.status in (QuarterlyReport.Status.ACKNOWLEDGED, QuarterlyReport.Status.DRAFT)
    assert AuditEvent.objects.filter(action__in=["report.acknowledge", "report.return"]).count() == 1
