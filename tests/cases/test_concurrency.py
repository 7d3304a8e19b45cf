"""Two officers act on the same case at once: one succeeds, the other is told to reload."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from casework.audit.selectors import audit_events_for
from casework.cases.models import Case, Status
from casework.cases.services import case_accept
from core.errors import ConcurrentChange
from tests.concurrency import at_once

CONFLICT = "Hồ sơ đã được người khác thay đổi, vui lòng tải lại trang."


@pytest.mark.django_db
def test_a_stale_page_gets_the_conflict_message_and_nothing_is_lost(cast, make_case, client):
    case = make_case()
    seen_version = case.version
    case_accept(subject_area="khac", case=case, actor=cast.officer, legal_ground="Thụ lý bởi cán bộ thứ nhất")
    client.force_login(cast.intake)
    response = client.post(
        f"/cases/{case.pk}/action/refuse/",
        {"ground": "expired", "version": seen_version, "subject_area": "khac"},
        follow=True,
    )
    assert CONFLICT in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED and case.legal_ground == "Thụ lý bởi cán bộ thứ nhất"


@pytest.mark.django_db
def test_a_stale_copy_in_a_service_call_raises_concurrent_change(cast, make_case):
    case = make_case()
    stale = Case.objects.get(pk=case.pk)
    case_accept(subject_area="khac", case=case, actor=cast.officer, legal_ground="Đ.27")
    with pytest.raises(ConcurrentChange) as err:
        case_accept(subject_area="khac", case=stale, actor=cast.intake, legal_ground="Đ.27 lần hai")
    assert err.value.message == CONFLICT


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_threads_accepting_the_same_case(cast, make_case):
    case = make_case()
    copies = [Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)]
    actors = [cast.officer, cast.intake]
    barrier = threading.Barrier(2)
    results: list[str] = []

    def accept(i: int) -> None:
        try:
            barrier.wait()
            case_accept(subject_area="khac", case=copies[i], actor=actors[i], legal_ground=f"Thụ lý {i}")
            results.append("ok")
        except ConcurrentChange:
            results.append("conflict")
        finally:
            connection.close()  # each thread has its own connection; leave none open for teardown

    threads = [threading.Thread(target=accept, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED and case.version == 2
    assert audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.accept").count() == 1


@pytest.mark.django_db
def test_references_run_per_kind_and_year_and_a_rollback_gives_its_number_back(cast, make_case):
    from django.db import transaction

    from casework.cases.models import Kind

    first, second = make_case(), make_case()
    assert (first.reference, second.reference) == ("KN-2026-00001", "KN-2026-00002")
    assert make_case(kind=Kind.DENUNCIATION).reference == "TC-2026-00001"
    with pytest.raises(RuntimeError), transaction.atomic():
        make_case()  # numbered KN-2026-00003, then the caller's transaction rolls back
        raise RuntimeError("rolled back")
    assert make_case().reference == "KN-2026-00003"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_eight_intakes_at_once_get_eight_consecutive_references(cast, make_case):
    cases = at_once(*[make_case] * 8)
    assert sorted(c.reference for c in cases) == [f"KN-2026-{n:05d}" for n in range(1, 9)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_duplicates_merged_into_each_other_at_once_leave_one_case_carrying_on(cast, make_case):
    """Each merge locks its own case: without both rows locked in one order the two waited on each
    other (a deadlock, a server error for one), or both went through and no case carried on."""
    from casework.cases.services import case_merge

    first, second = make_case(), make_case()
    outcomes = at_once(
        lambda: case_merge(case=first, into=second, actor=cast.intake),
        lambda: case_merge(case=second, into=first, actor=cast.officer),
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["Case", "ValidationFailed"]
    refused = next(o for o in outcomes if isinstance(o, Exception))
    assert "đã bị gộp" in refused.fields["into"][0]
    statuses = sorted(Case.objects.values_list("status", flat=True))
    assert statuses == sorted([Status.MERGED, Status.RECEIVED])
    assert (
        audit_events_for(target_type="cases.case", target_id=first.pk).filter(action="case.merge").count()
        + (audit_events_for(target_type="cases.case", target_id=second.pk).filter(action="case.merge").count())
        == 1
    )
