"""A step done past its clock's due moment before the sweep marked it breached was late all the same: the
clock keeps its due moment as the moment it ran out (deadline_close), and every reader of lateness says so
(the case page, the API's status_label and late_days, the quarterly report). The report counts the letters
whose papers to the parties were sent late, or stood unsent past due at the quarter's end, also once the
letter itself has ended (`sent_late`)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.cases.models import Kind
from casework.cases.services import case_notify_result, case_terminate, case_termination_sent
from casework.reports.selectors import quarterly_report
from core import clock
from tests.builders import accepted, decided, open_ad_hoc, raise_flag
from workflows.deadline_status import clock_state, target_key
from workflows.models import Deadline

pytestmark = pytest.mark.django_db


def _clock(obj, step: str) -> Deadline:
    kind, pk = target_key(obj)
    return Deadline.objects.filter(target_type=kind, target_id=pk, step=step).latest("pk")


def _figures(cast, quarter: int) -> dict[str, int]:
    return quarterly_report(unit=cast.sector, year=2026, quarter=quarter, user=cast.leader).figures


def test_a_decision_sent_a_day_past_its_limit_with_no_sweep_between_reads_late_everywhere(
    cast, frozen_clock, client, api_as
):
    case = decided(cast)
    sending = _clock(case, "send_decision")
    assert sending.due_on == dt.date(2026, 3, 5)  # 3 working days after Monday 2/3 (Luật Khiếu nại 2011 Đ.32)
    on_time = decided(cast, title="Đơn gửi quyết định đúng hạn")
    case_notify_result(case=on_time, actor=cast.officer)
    assert _figures(cast, 1)["sent_late"] == 0
    clock.set_now(sending.due_at + dt.timedelta(days=1))  # Friday night: no sweep has run since Monday
    case_notify_result(case=case, actor=cast.officer)
    sending.refresh_from_db()
    assert (sending.status, sending.breached_at, sending.closed_at) == (
        Deadline.Status.MET,
        sending.due_at,
        clock.now(),
    )
    assert _clock(on_time, "send_decision").breached_at is None
    state = clock_state(sending, clock.now() + dt.timedelta(days=30))
    assert (state.label, state.late_days, state.overdue) == ("hoàn thành quá hạn 1 ngày", 1, False)

    client.force_login(cast.chair)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    (row,) = [row for row in page.split("<tr") if "hoàn thành quá hạn" in row]
    assert "05/03/2026" in row and "hoàn thành quá hạn 1 ngày" in row
    body = api_as(cast.chair).get(f"/api/cases/{case.pk}/").json()
    (api_sending,) = [d for d in body["deadlines"] if d["step"] == "send_decision"]
    assert (api_sending["status"], api_sending["status_label"], api_sending["late_days"]) == (
        "met",
        "hoàn thành quá hạn 1 ngày",
        1,
    )
    figures = _figures(cast, 1)
    assert figures["sent_late"] == 1  # the late one, not the one sent in time
    assert figures["open_overdue"] == 0  # both letters are decided: no backlog


def test_a_step_stopped_in_time_or_while_paused_in_time_keeps_no_breach(cast, frozen_clock):
    case = accepted(cast)
    accept = _clock(case, "accept")
    assert (accept.status, accept.breached_at) == (Deadline.Status.MET, None)
    # A clock paused before its due moment and cancelled after it (its due day waited for a resume).
    paused = accepted(cast, title="Đơn tạm đình chỉ")
    resolve = _clock(paused, "resolve")
    Deadline.objects.filter(pk=resolve.pk).update(status=Deadline.Status.PAUSED, paused_at=clock.now())
    clock.set_now(resolve.due_at + dt.timedelta(days=3))
    case_terminate(case=paused, actor=cast.leader, ground="court", reason="Tòa án đã thụ lý")
    resolve.refresh_from_db()
    assert (resolve.status, resolve.breached_at) == (Deadline.Status.CANCELLED, None)


def test_a_flag_whose_clock_ran_out_before_it_was_inspected_reads_late_in_the_coverage(cast, frozen_clock):
    """Joining an inspection a day past the flag's limit, with no sweep between: the flag's own clock is
    met late, and the coverage no longer reads the flag "in progress, within every limit": it was overdue
    and nothing reached leadership, which is what "unaccounted" says."""
    from casework.inspections.selectors import bucket_q, coverage_flags

    flag = raise_flag(cast)
    own = _clock(flag, "open_inspection")
    clock.set_now(own.due_at + dt.timedelta(days=1))
    open_ad_hoc(cast, [flag])
    own.refresh_from_db()
    assert (own.status, own.breached_at) == (Deadline.Status.MET, own.due_at)
    flags = coverage_flags(user=cast.leader, unit=cast.province).filter(pk=flag.pk)
    buckets = {name for name, q in bucket_q().items() if flags.filter(q).exists()}
    assert buckets == {"unaccounted"}


def test_the_next_sweep_brings_a_step_done_late_to_leadership_once_with_nothing_left_to_decide(cast, frozen_clock):
    """The late step's breach reaches the leaders as any breach does (the sweep), recorded overtaken at once:
    never in their queue, one notice, and the coverage then reads the flag overdue and escalated."""
    from casework.inspections.selectors import bucket_q, coverage_flags
    from notifications.models import Notification
    from workflows.models import Escalation
    from workflows.services.escalations import escalation_leaders
    from workflows.sweep import sweep_run

    flag = raise_flag(cast)
    own = _clock(flag, "open_inspection")
    clock.set_now(own.due_at + dt.timedelta(days=1))
    open_ad_hoc(cast, [flag])
    assert list(Deadline.objects.filter(breach_unswept=True)) == [own]
    notices = Notification.objects.count()
    result = sweep_run()
    (escalation,) = Escalation.objects.filter(deadline=own)
    assert (escalation.status, escalation.automatic, escalation.breach_seq) == (Escalation.Status.OVERTAKEN, True, 0)
    assert escalation.overtaken_at == clock.now() and (escalation.decided_at, escalation.decided_by) == (None, None)
    assert "quá hạn" in escalation.reason and f"{own.due_on:%d/%m/%Y}" in escalation.reason
    assert not Escalation.objects.filter(status=Escalation.Status.PENDING).exists()
    assert not Deadline.objects.filter(target_type="workflows.escalation").exists()  # nothing to decide
    leaders_told = Notification.objects.filter(key__endswith=":late_stop")
    assert leaders_told.count() == Notification.objects.count() - notices > 0  # that notice, and nothing else
    assert {n.user for n in leaders_told} <= set(escalation_leaders(unit=escalation.level))
    assert (result.escalated, result.errors) == (1, 0)
    flags = coverage_flags(user=cast.leader, unit=cast.province).filter(pk=flag.pk)
    assert {name for name, q in bucket_q().items() if flags.filter(q).exists()} == {"overdue_escalated"}
    # Another pass records nothing more.
    assert not Deadline.objects.filter(breach_unswept=True).exists()
    assert sweep_run().escalated == 0 and Escalation.objects.filter(deadline=own).count() == 1


def test_a_step_done_in_time_or_a_clock_that_escalates_nothing_gives_no_late_escalation(cast, frozen_clock):
    from workflows.models import DeadlineRule, Escalation
    from workflows.sweep import sweep_run

    in_time = raise_flag(cast)
    open_ad_hoc(cast, [in_time])
    late = raise_flag(cast)
    own = _clock(late, "open_inspection")
    DeadlineRule.objects.filter(pk=own.rule_id).update(on_breach=DeadlineRule.OnBreach.NOTIFY)
    clock.set_now(own.due_at + dt.timedelta(days=1))
    open_ad_hoc(cast, [late])
    own.refresh_from_db()
    assert own.breach_unswept and own.breached_at == own.due_at
    sweep_run()
    own.refresh_from_db()
    assert not own.breach_unswept  # seen, and only told (the rule's on_breach)
    assert not Escalation.objects.filter(deadline=own).exists()  # its breach is only told, as the rule says


def test_a_terminated_letter_still_owing_its_decision_counts_late_at_the_quarter_end_and_when_sent(cast, frozen_clock):
    """A denunciation's termination decision is sent within 5 working days (Luật Tố cáo 2018 Đ.34 khoản 4);
    the letter has ended, so it is no backlog, but the sending late is counted: unsent past due at the end of
    the first quarter, then sent late in the second."""
    case = accepted(cast, kind=Kind.DENUNCIATION)
    clock.set_now(dt.datetime(2026, 3, 16, 2, 0, tzinfo=dt.UTC))
    case = case_terminate(
        case=case, actor=cast.leader, ground="resolved_final", reason="Đã được giải quyết bằng bản án có hiệu lực"
    )
    sending = _clock(case, "send_termination")
    assert sending.due_on == dt.date(2026, 3, 23)
    clock.set_now(dt.datetime(2026, 3, 20, 2, 0, tzinfo=dt.UTC))
    assert _figures(cast, 1)["sent_late"] == 0  # still within its limit
    clock.set_now(dt.datetime(2026, 4, 7, 2, 0, tzinfo=dt.UTC))
    first = _figures(cast, 1)
    assert (first["sent_late"], first["open_overdue"]) == (1, 0)
    assert _figures(cast, 2)["sent_late"] == 1  # unsent past due on today, the running quarter's as_of
    case_termination_sent(case=case, actor=cast.officer)
    assert _clock(case, "send_termination").breached_at == sending.due_at
    assert _figures(cast, 2)["sent_late"] == 1
    assert _figures(cast, 1)["sent_late"] == 1  # the first quarter still reads it unsent at its end


def test_the_clocks_stopped_late_before_the_mark_existed_are_marked_unless_their_breach_was_escalated(
    cast, frozen_clock
):
    from importlib import import_module

    from django.apps import apps

    from workflows.models import Escalation

    told, untold = raise_flag(cast), raise_flag(cast)
    clocks = [_clock(told, "open_inspection"), _clock(untold, "open_inspection")]
    clock.set_now(clocks[0].due_at + dt.timedelta(days=1))
    open_ad_hoc(cast, [told])
    open_ad_hoc(cast, [untold])
    Escalation.objects.create(
        target_type=clocks[0].target_type,
        target_id=clocks[0].target_id,
        unit=cast.sector,
        level=cast.sector,
        reason="Tự động",
        automatic=True,
        deadline=clocks[0],
        breach_seq=0,
        created_at=clock.now(),
    )
    Deadline.objects.update(breach_unswept=False)
    import_module("workflows.migrations.0026_breach_unswept").mark_unswept(apps, None)
    assert list(Deadline.objects.filter(breach_unswept=True)) == [clocks[1]]
