"""A denunciation walked through its statutory clocks with an injected clock (Luật Tố cáo 2018,
counted under Bộ luật Dân sự 2015 Đ.147–148 on the working-day calendar with the 2026 swap of
Công văn 12729/VPCP-KGVX: Friday 02/01 off, Saturday 10/01 worked).

The edges: a letter received on the Friday before Tết, a limit ending on the swapped Saturday, an
extension decided after the limit ran out, a second extension asked for a case only marked complex,
a suspension across the new year."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.audit.selectors import audit_events_for
from casework.cases.actions import case_actions
from casework.cases.models import Case, Kind, Outcome, Status
from casework.cases.selectors import case_deadlines
from casework.cases.services import (
    case_accept,
    case_assign,
    case_complexity_decide,
    case_extend,
    case_outside_competence,
    case_processing_extend,
    case_resume,
    case_start_verification,
    case_suspend,
)
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import (
    DECISION_PARTS,
    case_clock,
    clock_at,
    expertise_requested,
    explained,
    make_case,
    published,
    withdrawal_letter,
)
from workflows.calendar import deadline_is_estimated
from workflows.models import Deadline, Escalation
from workflows.services import escalation_decide
from workflows.sweep import sweep_deadlines

pytestmark = pytest.mark.django_db


def denunciation(cast, received_on: dt.date):
    clock_at(received_on)
    return make_case(cast, kind=Kind.DENUNCIATION, received_on=received_on)


def accepted(cast, on: dt.date, *, received_on: dt.date | None = None):
    case = denunciation(cast, received_on or on)
    clock_at(on)
    return case_accept(case=case, actor=cast.intake, legal_ground="Luật Tố cáo 2018 Đ.29", subject_area="khac")


def verifying(case, cast):
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    return case_start_verification(case=case, actor=cast.officer)


# ---- Đ.24: initial processing and transfer ----------------------------------------------------------


def test_art24_a_letter_received_the_friday_before_tet_has_seven_working_days_after_tet(cast):
    # Tết Bính Ngọ: Monday 16 to Friday 20/02/2026 are holidays. Counting starts the day after
    # receipt (Đ.147): Mon 23, Tue 24, Wed 25, Thu 26, Fri 27/02, Mon 2, Tue 3/03.
    case = denunciation(cast, dt.date(2026, 2, 13))
    clock_ = case_clock(case, "accept")
    assert (clock_.due_on, clock_.day_unit, clock_.rule.source) == (
        dt.date(2026, 3, 3),
        "working",
        "Luật Tố cáo 2018 Đ.24",
    )
    # Several places to check: up to 10 working days, from the same receipt (Wed 4, Thu 5, Fri 6/03).
    clock_at(dt.date(2026, 2, 24))
    case = case_processing_extend(case=case, actor=cast.intake, reason="Phải kiểm tra, xác minh tại nhiều địa điểm")
    assert case_clock(case, "accept").due_on == dt.date(2026, 3, 6)
    # Once only.
    with pytest.raises(TransitionNotAllowed):
        case_processing_extend(case=case, actor=cast.intake, reason="Thêm lần nữa")
    assert case_clock(case, "accept").due_on == dt.date(2026, 3, 6)


def test_art24_outside_competence_transfer_runs_five_working_days_from_receipt_and_tells_the_denouncer(cast):
    from casework.cases.services import case_transfer

    case = denunciation(cast, dt.date(2026, 2, 13))  # the Friday before Tết
    clock_at(dt.date(2026, 2, 23))
    case = case_outside_competence(case=case, actor=cast.intake, reason="Thuộc thẩm quyền Thanh tra tỉnh")
    transfer = case_clock(case, "transfer")
    # Mon 23 … Fri 27/02: five working days after the receipt, not after the finding.
    assert (transfer.starts_on, transfer.due_on) == (dt.date(2026, 2, 13), dt.date(2026, 2, 27))
    assert [d.status for d in case_deadlines(case=case) if d.step == "accept"] == [Deadline.Status.CANCELLED]
    case, _new = case_transfer(
        case=case, actor=cast.intake, reason="Chuyển Thanh tra tỉnh", outside_body="Thanh tra tỉnh", subject_area="khac"
    )
    assert running_or_none(case, "transfer") is None
    notice = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.transfer_notice")
    assert notice.after["recipient"] == "người tố cáo"


def running_or_none(case, step: str) -> Deadline | None:
    return next(
        (
            d
            for d in case_deadlines(case=case)
            if d.step == step and d.status in (Deadline.Status.OPEN, Deadline.Status.PAUSED)
        ),
        None,
    )


# ---- the swapped days of 2026 (Công văn 12729/VPCP-KGVX) -----------------------------------------------


def test_a_working_day_limit_may_end_on_the_swapped_saturday(cast):
    # Received Monday 05/01/2026; outside competence: Tue 6, Wed 7, Thu 8, Fri 9, Sat 10/01 (worked).
    case = denunciation(cast, dt.date(2026, 1, 5))
    case = case_outside_competence(case=case, actor=cast.intake, reason="Không thuộc thẩm quyền")
    assert case_clock(case, "transfer").due_on == dt.date(2026, 1, 10)


def test_a_calendar_limit_ending_on_the_swapped_saturday_ends_that_day_and_one_ending_on_the_swapped_friday_moves(cast):
    # Accepted Thursday 11/12/2025: 30 days end on Saturday 10/01/2026, a working day that year.
    case = accepted(cast, dt.date(2025, 12, 11))
    assert case_clock(case, "resolve").due_on == dt.date(2026, 1, 10)
    # Accepted Wednesday 03/12/2025: 30 days end on Friday 02/01/2026, a day off: the limit ends
    # at the close of the next working day, Monday 05/01 (Đ.148).
    other = accepted(cast, dt.date(2025, 12, 3))
    assert case_clock(other, "resolve").due_on == dt.date(2026, 1, 5)


# ---- Đ.29: notice of acceptance -----------------------------------------------------------------------


def test_art29_both_notices_of_acceptance_run_five_working_days_from_the_acceptance(cast):
    case = accepted(cast, dt.date(2026, 2, 13))  # accepted the Friday before Tết
    assert {s: case_clock(case, s).due_on for s in ("notify_accept", "notify_denounced")} == {
        "notify_accept": dt.date(2026, 2, 27),
        "notify_denounced": dt.date(2026, 2, 27),
    }


# ---- Đ.30: resolution and its extensions --------------------------------------------------------------


def test_art30_an_extension_decided_after_the_limit_ran_out_counts_from_the_limit_not_from_the_decision(cast):
    case = verifying(accepted(cast, dt.date(2026, 3, 2)), cast)  # 30 days: Wednesday 01/04/2026
    assert case_clock(case, "resolve").due_on == dt.date(2026, 4, 1)
    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Hai nội dung phải xác minh", criteria=["places"]
    )
    clock_at(dt.date(2026, 4, 3))
    sweep_deadlines()
    assert case_clock(case, "resolve").status == Deadline.Status.BREACHED
    case = case_extend(case=case, actor=cast.leader, reason="Vụ việc phức tạp (NĐ 31/2019 Đ.3)")
    resolve = case_clock(case, "resolve")
    # 30 more days from 01/04, not from 03/04: Friday 01/05 is a holiday, so Monday 04/05.
    assert (resolve.status, resolve.due_on, resolve.extensions, resolve.breached_at) == (
        Deadline.Status.OPEN,
        dt.date(2026, 5, 4),
        1,
        None,
    )
    assert case.extensions == 1


def test_art30_a_case_only_marked_complex_gets_no_second_extension(cast):
    case = verifying(accepted(cast, dt.date(2026, 3, 2)), cast)
    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Nhiều người tố cáo", criteria=["places"]
    )
    case = case_extend(case=case, actor=cast.leader, reason="Lần một")
    due = case_clock(case, "resolve").due_on
    with pytest.raises(TransitionNotAllowed) as err:
        case_extend(case=case, actor=cast.leader, reason="Lần hai")
    assert "tối đa 1 lần" in str(err.value)
    case.refresh_from_db()
    assert (case.extensions, case_clock(case, "resolve").due_on) == (1, due)


def test_art30_especially_complex_two_extensions_each_a_decision_sent_to_the_parties(cast):
    case = verifying(accepted(cast, dt.date(2026, 3, 2)), cast)
    case = case_complexity_decide(
        case=case,
        actor=cast.leader,
        complexity="especially_complex",
        reason="Hai tiêu chí",
        criteria=["places", "contents"],
    )
    case = case_extend(case=case, actor=cast.leader, reason="Lần một")
    case = case_extend(case=case, actor=cast.leader, reason="Lần hai")
    # 01/04 + 30 = 01/05 (holiday) → Mon 04/05; + 30 = Wed 03/06.
    assert case_clock(case, "resolve").due_on == dt.date(2026, 6, 3)
    events = audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.extend")
    assert [e.after["sent_to"] for e in events] == [
        ["người tố cáo", "người bị tố cáo", "cơ quan, tổ chức có liên quan"]
    ] * 2
    assert all(e.after["decision_number"] for e in events)
    with pytest.raises(TransitionNotAllowed):
        case_extend(case=case, actor=cast.leader, reason="Lần ba")


def test_art30_a_late_notice_of_acceptance_is_not_extended_and_does_not_use_up_the_resolution_extension(cast):
    """The law gives the 5 working days of Đ.29 no extension: the leadership orders the notice
    sent; the one extension a complex case has (Đ.30) stays for its resolution."""
    case = verifying(accepted(cast, dt.date(2026, 3, 2)), cast)  # notices due Monday 09/03
    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Nhiều nội dung", criteria=["places"]
    )
    clock_at(dt.date(2026, 3, 10))
    sweep_deadlines()
    escalation = Escalation.objects.get(target_id=str(case.pk), deadline__step="notify_accept")
    with pytest.raises(ValidationFailed) as err:
        escalation_decide(
            escalation=escalation,
            actor=cast.leader,
            decision="extend",
            reason="Gia hạn",
            new_due_on=dt.date(2026, 3, 16),
        )
    assert "decision" in err.value.fields
    case.refresh_from_db()
    assert case.extensions == 0 and case_clock(case, "notify_accept").status == Deadline.Status.BREACHED
    case = case_extend(case=case, actor=cast.leader, reason="Vụ việc phức tạp")
    assert case.extensions == 1 and case_clock(case, "resolve").due_on == dt.date(2026, 5, 4)


# ---- Đ.34 (and Luật 136/2025/QH15): suspension does not count -----------------------------------------


def test_art34_a_suspension_across_the_new_year_is_not_counted_and_the_new_limit_is_an_estimate(cast):
    case = verifying(accepted(cast, dt.date(2026, 12, 1)), cast)  # 30 days: Thursday 31/12/2026
    assert case_clock(case, "resolve").due_on == dt.date(2026, 12, 31)
    assert not deadline_is_estimated(case_clock(case, "resolve"))
    clock_at(dt.date(2026, 12, 21))
    case = expertise_requested(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground="await_expertise", reason="Chờ giám định lại")
    assert case_clock(case, "resolve").status == Deadline.Status.PAUSED
    clock_at(dt.date(2027, 1, 11))
    sweep_deadlines()  # a paused clock is neither reminded nor breached
    assert case_clock(case, "resolve").status == Deadline.Status.PAUSED
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết quả giám định")
    resolve = case_clock(case, "resolve")
    # 21 calendar days paused (21/12/2026 → 11/01/2027): 31/12 + 21 = Thursday 21/01/2027.
    assert (resolve.status, resolve.paused_days, resolve.due_on) == (Deadline.Status.OPEN, 21, dt.date(2027, 1, 21))
    # 2027 has no government notice on record yet: the date is an estimate (dự kiến).
    assert deadline_is_estimated(resolve)
    assert case.status == Status.VERIFYING


def test_art34_a_working_day_limit_paused_across_the_new_year_loses_only_the_working_days(cast):
    from workflows.models import DeadlineRule
    from workflows.services.policy import policy_current

    # The administrator counts the resolution limit in working days (the policy row says which).
    rule = DeadlineRule.objects.get(version=policy_current(), subject="denunciation", step="resolve", variant="normal")
    rule.days, rule.day_unit = 20, "working"
    rule.save()
    case = verifying(accepted(cast, dt.date(2026, 12, 28)), cast)  # Monday
    # Tue 29, Wed 30, Thu 31/12, then from Mon 4/01/2027 (01/01 is New Year's Day): 20th is Tue 26/01.
    assert case_clock(case, "resolve").due_on == dt.date(2027, 1, 26)
    clock_at(dt.date(2026, 12, 30))
    case = case_suspend(case=case, actor=cast.chair, ground="await_other_body", reason="Chờ cơ quan khác")
    clock_at(dt.date(2027, 1, 5))
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết quả")
    resolve = case_clock(case, "resolve")
    # Paused: Thu 31/12, Mon 4, Tue 5/01 = 3 working days; 26/01 + 3 working days = Fri 29/01/2027.
    assert (resolve.paused_days, resolve.due_on) == (3, dt.date(2027, 1, 29))
    # The notice to the person denounced ran on: due Tue 05/01/2027 as set at the acceptance.
    notice = case_clock(case, "notify_denounced")
    assert (notice.paused_days, notice.due_on) == (0, dt.date(2027, 1, 5))


def test_art34_2_a_suspension_stops_the_resolution_limit_and_not_the_notices_of_acceptance(cast):
    """Đ.34 khoản 2: the time suspended is not counted in the time limit for resolving the denunciation
    (thời hạn giải quyết tố cáo); the notices of acceptance (Đ.29) keep their own 5 working days."""
    case = verifying(accepted(cast, dt.date(2026, 3, 2)), cast)  # notices due Monday 09/03
    clock_at(dt.date(2026, 3, 4))
    case = case_suspend(case=case, actor=cast.chair, ground="await_other_body", reason="Chờ kết quả thanh tra")
    clocks = {d.step: d for d in case_deadlines(case=case) if d.status != Deadline.Status.MET}
    assert {s: d.status for s, d in clocks.items() if s != "send_suspension"} == {
        "resolve": Deadline.Status.PAUSED,
        "notify_accept": Deadline.Status.OPEN,
        "notify_denounced": Deadline.Status.OPEN,
    }
    # The notices run out while the case is suspended: breached and escalated like any other day.
    clock_at(dt.date(2026, 3, 10))
    sweep_deadlines()
    assert case_clock(case, "notify_accept").status == Deadline.Status.BREACHED
    assert Escalation.objects.filter(target_id=str(case.pk), deadline__step="notify_denounced").exists()
    assert case_clock(case, "resolve").status == Deadline.Status.PAUSED
    # Resumed: the resolution limit moves by the 8 days suspended, the notices neither move nor reopen.
    clock_at(dt.date(2026, 3, 12))
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết quả")
    resolve, notice = case_clock(case, "resolve"), case_clock(case, "notify_accept")
    assert (resolve.status, resolve.paused_days, resolve.due_on) == (Deadline.Status.OPEN, 8, dt.date(2026, 4, 9))
    assert (notice.status, notice.paused_days, notice.due_on) == (Deadline.Status.BREACHED, 0, dt.date(2026, 3, 9))


def test_a_complaints_suspension_stops_only_its_resolution_limit(cast):
    clock_at(dt.date(2026, 3, 2))
    case = case_accept(case=make_case(cast), actor=cast.intake, legal_ground="Đ.27", subject_area="khac")
    case = verifying(case, cast)
    case = case_suspend(case=case, actor=cast.chair, ground="await_other_body", reason="Chờ Tòa án")
    paused = [d.step for d in case_deadlines(case=case) if d.status == Deadline.Status.PAUSED]
    assert paused == ["resolve"]


# ---- Đ.35 khoản 3, Đ.36 khoản 1: after the conclusion ----------------------------------------------------


def concluded(cast, on: dt.date):
    from casework.cases.services import case_approve, case_conclude, case_denounced_notice_sent, case_propose

    case = verifying(accepted(cast, on), cast)
    case = explained(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Tố cáo đúng một phần.", outcome=Outcome.PARTLY)
    case = case_approve(case=case, actor=cast.leader)
    case = case_denounced_notice_sent(case=case, actor=cast.officer)  # Luật Tố cáo 2018 Đ.29 khoản 3
    return case_conclude(
        case=case,
        actor=cast.officer,
        **DECISION_PARTS,
        decision_text="Kết luận nội dung tố cáo.",
        outcome=Outcome.PARTLY,
    )


def test_art35_the_conclusion_is_sent_within_five_working_days_and_handled_within_seven(cast):
    from casework.cases.services import case_conclusion_sent, case_handle_conclusion

    case = concluded(cast, dt.date(2026, 2, 13))  # issued the Friday before Tết
    sending, handling = case_clock(case, "send_conclusion"), case_clock(case, "handle_conclusion")
    # After Tết: Mon 23 … Fri 27/02 for sending; and Mon 2, Tue 3/03 for handling.
    assert (sending.due_on, sending.day_unit, sending.rule.source) == (
        dt.date(2026, 2, 27),
        "working",
        "Luật Tố cáo 2018 Đ.35 khoản 3",
    )
    assert (handling.due_on, handling.rule.source) == (dt.date(2026, 3, 3), "Luật Tố cáo 2018 Đ.36 khoản 1")
    assert "conclusion_sent" in case_actions(user=cast.officer, case=case)
    # Sent before the conclusion is handled: the state stays, the sending clock stops, the other runs.
    clock_at(dt.date(2026, 2, 25))
    case = case_conclusion_sent(case=case, actor=cast.officer, note="Gửi qua bưu điện")
    assert (case.status, case_clock(case, "send_conclusion").status) == (Status.CONCLUDED, Deadline.Status.MET)
    assert case_clock(case, "handle_conclusion").status == Deadline.Status.OPEN
    event = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.conclusion_sent")
    assert event.after["decision_number"] == case.decision_number and "người bị tố cáo" in event.after["sent_to"]
    assert "conclusion_sent" not in case_actions(user=cast.officer, case=case)
    with pytest.raises(TransitionNotAllowed):
        case_conclusion_sent(case=case, actor=cast.officer)
    case = case_handle_conclusion(case=case, actor=cast.leader, note="Kiến nghị xử lý theo thẩm quyền")
    assert case_clock(case, "handle_conclusion").status == Deadline.Status.MET


def test_art35_a_conclusion_not_sent_in_time_is_breached_escalated_and_not_extended(cast):
    case = concluded(cast, dt.date(2026, 3, 2))  # sending due Monday 09/03
    clock_at(dt.date(2026, 3, 10))
    sweep_deadlines()
    assert case_clock(case, "send_conclusion").status == Deadline.Status.BREACHED
    escalation = Escalation.objects.get(target_id=str(case.pk), deadline__step="send_conclusion")
    with pytest.raises(ValidationFailed):
        escalation_decide(
            escalation=escalation,
            actor=cast.leader,
            decision="extend",
            reason="Gia hạn",
            new_due_on=dt.date(2026, 3, 16),
        )
    # Telling the parties the result, once the conclusion is handled, is sending it at the latest.
    from casework.cases.services import case_handle_conclusion, case_notify_result

    case = case_handle_conclusion(case=case, actor=cast.leader, note="Xử lý theo thẩm quyền")
    case = case_notify_result(case=case, actor=cast.officer)
    assert case_clock(case, "send_conclusion").status == Deadline.Status.MET


def test_art35_the_person_denounced_is_sent_the_conclusion_without_the_denouncer(cast):
    from casework.cases.services import case_conclusion_sent
    from notifications.models import Notification
    from tests.factories import UserFactory

    denounced = UserFactory()
    case = concluded(cast, dt.date(2026, 3, 2))
    Case.objects.filter(pk=case.pk).update(subject_user=denounced)
    case.refresh_from_db()
    case = case_conclusion_sent(case=case, actor=cast.officer)
    (notice,) = Notification.objects.filter(user=denounced)
    assert case.decision_number in notice.title and notice.url == ""
    assert "Nguyễn Văn Gửi" not in notice.title + notice.body


# ---- Đ.34 khoản 4: the suspension and termination decisions are sent within 5 working days --------------


def test_art34_4_a_suspension_decision_is_sent_within_five_working_days_on_a_clock_the_suspension_does_not_pause(
    cast,
):
    from casework.cases.services import case_suspension_sent

    case = verifying(accepted(cast, dt.date(2026, 3, 2)), cast)
    clock_at(dt.date(2026, 3, 11))  # Wednesday
    case = case_suspend(case=case, actor=cast.chair, ground="await_other_body", reason="Chờ kết quả thanh tra")
    first = case_clock(case, "send_suspension")
    # Thu 12, Fri 13, Mon 16, Tue 17, Wed 18/03: counted while the resolution is paused.
    assert (first.status, first.due_on, first.day_unit, first.rule.source) == (
        Deadline.Status.OPEN,
        dt.date(2026, 3, 18),
        "working",
        "Luật Tố cáo 2018 Đ.34 khoản 4",
    )
    assert case_clock(case, "resolve").status == Deadline.Status.PAUSED
    # Resumed and suspended again before the first decision went out: the sending clock does not
    # pause, and its earlier limit covers the second decision too.
    clock_at(dt.date(2026, 3, 12))
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết quả")
    clock_at(dt.date(2026, 3, 13))
    case = expertise_requested(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground="await_expertise", reason="Chờ giám định lại")
    sending = [d for d in case_deadlines(case=case) if d.step == "send_suspension"]
    assert [(d.status, d.due_on) for d in sending] == [(Deadline.Status.OPEN, dt.date(2026, 3, 18))]
    assert case_clock(case, "resolve").status == Deadline.Status.PAUSED
    assert "suspension_sent" in case_actions(user=cast.officer, case=case)
    clock_at(dt.date(2026, 3, 16))
    case = case_suspension_sent(case=case, actor=cast.officer, note="Gửi bưu điện")
    assert {d.status for d in case_deadlines(case=case) if d.step == "send_suspension"} == {Deadline.Status.MET}
    assert case.status == Status.SUSPENDED and case_clock(case, "resolve").status == Deadline.Status.PAUSED
    event = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.suspension_sent")
    assert event.after["sent_to"] == ["người tố cáo", "người bị tố cáo"] and event.after["decision_number"]
    assert "suspension_sent" not in case_actions(user=cast.officer, case=case)
    with pytest.raises(TransitionNotAllowed):
        case_suspension_sent(case=case, actor=cast.officer)


def test_art34_4_a_suspension_decision_not_sent_in_time_is_breached_escalated_and_not_extended(cast):
    from casework.cases.services import case_suspension_sent

    case = verifying(accepted(cast, dt.date(2026, 3, 2)), cast)
    clock_at(dt.date(2026, 3, 11))
    case = case_suspend(case=case, actor=cast.chair, ground="await_other_body", reason="Chờ kết quả thanh tra")
    clock_at(dt.date(2026, 3, 19))
    sweep_deadlines()
    assert case_clock(case, "send_suspension").status == Deadline.Status.BREACHED
    escalation = Escalation.objects.get(target_id=str(case.pk), deadline__step="send_suspension")
    with pytest.raises(ValidationFailed):
        escalation_decide(
            escalation=escalation,
            actor=cast.leader,
            decision="extend",
            reason="Gia hạn",
            new_due_on=dt.date(2026, 3, 25),
        )
    case.refresh_from_db()
    assert case.extensions == 0
    case = case_suspension_sent(case=case, actor=cast.officer)
    assert case_clock(case, "send_suspension").status == Deadline.Status.MET


def test_art34_4_a_termination_decision_is_sent_within_five_working_days_after_the_case_ends(cast):
    from rest_framework.test import APIClient

    from casework.cases.services import case_terminate, case_withdraw

    case = verifying(accepted(cast, dt.date(2026, 3, 2)), cast)
    clock_at(dt.date(2026, 3, 10))
    case = case_suspend(case=case, actor=cast.chair, ground="await_other_body", reason="Chờ kết quả thanh tra")
    clock_at(dt.date(2026, 3, 11))
    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Đơn rút tố cáo",
        assessment="Tự nguyện, không vi phạm",
        **withdrawal_letter(),
    )
    case = case_terminate(case=case, actor=cast.leader, ground="withdrawn")
    assert case.status == Status.TERMINATED
    sending = case_clock(case, "send_termination")
    assert (sending.status, sending.due_on, sending.rule.source) == (
        Deadline.Status.OPEN,
        dt.date(2026, 3, 18),
        "Luật Tố cáo 2018 Đ.34 khoản 4",
    )
    # The resolution's clocks end; the suspension decision still has to go out (due Tue 17/03).
    assert [d.status for d in case_deadlines(case=case) if d.step == "resolve"] == [Deadline.Status.CANCELLED]
    assert (case_clock(case, "send_suspension").status, case_clock(case, "send_suspension").due_on) == (
        Deadline.Status.OPEN,
        dt.date(2026, 3, 17),
    )
    api = APIClient()
    api.force_authenticate(cast.officer)
    detail = api.get(f"/api/cases/{case.pk}/").json()
    assert {"suspension_sent", "termination_sent"} <= set(detail["allowed_actions"])
    assert set(detail["allowed_actions"]) == set(case_actions(user=cast.officer, case=case))
    clock_at(dt.date(2026, 3, 12))
    response = api.post(
        f"/api/cases/{case.pk}/termination_sent/", {"version": case.version, "note": "Gửi trực tiếp"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert "termination_sent" not in response.json()["allowed_actions"]
    case.refresh_from_db()
    assert case_clock(case, "send_termination").status == Deadline.Status.MET
    assert case_clock(case, "send_suspension").status == Deadline.Status.OPEN


def test_closing_a_denunciation_does_not_record_a_sending_that_did_not_happen(cast, client):
    """Closing the file (đóng hồ sơ) sends nothing: a suspension decision not yet sent (Đ.34 khoản 4)
    and the notices of acceptance not yet sent (Đ.29) keep their clocks, and the page and the API
    still offer to record them."""
    from rest_framework.test import APIClient

    from casework.cases.services import (
        case_approve,
        case_close,
        case_conclude,
        case_conclusion_sent,
        case_denounced_notice_sent,
        case_handle_conclusion,
        case_notify_result,
        case_propose,
    )

    case = verifying(accepted(cast, dt.date(2026, 3, 2)), cast)  # notices due Monday 09/03
    clock_at(dt.date(2026, 3, 4))
    case = case_suspend(case=case, actor=cast.chair, ground="await_other_body", reason="Chờ kết quả thanh tra")
    clock_at(dt.date(2026, 3, 5))  # the suspension decision is due to go out by Wednesday 11/03
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết quả")
    case = explained(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Tố cáo đúng một phần.", outcome=Outcome.PARTLY)
    case = case_approve(case=case, actor=cast.leader)
    # The person denounced is told before the conclusion (Đ.29 khoản 3, Đ.35 khoản 1).
    case = case_denounced_notice_sent(case=case, actor=cast.officer)
    case = case_conclude(
        case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Kết luận.", outcome=Outcome.PARTLY
    )
    case = case_conclusion_sent(case=case, actor=cast.officer)
    case = case_handle_conclusion(case=case, actor=cast.leader, note="Xử lý theo thẩm quyền")
    clock_at(dt.date(2026, 3, 6))
    case = case_notify_result(case=case, actor=cast.officer)
    case = published(case, cast.officer)  # Luật Tố cáo 2018 Đ.40: the conclusion made public first
    case = case_close(case=case, actor=cast.officer, note="Lưu trữ")
    assert case.status == Status.CLOSED
    statuses = {d.step: d.status for d in case_deadlines(case=case)}
    assert {s: statuses[s] for s in ("send_suspension", "notify_accept")} == {
        "send_suspension": Deadline.Status.OPEN,
        "notify_accept": Deadline.Status.OPEN,
    }
    # What was done before the closing is met, as recorded.
    assert {s: statuses[s] for s in ("resolve", "send_conclusion", "handle_conclusion", "notify_denounced")} == {
        "resolve": Deadline.Status.MET,
        "send_conclusion": Deadline.Status.MET,
        "handle_conclusion": Deadline.Status.MET,
        "notify_denounced": Deadline.Status.MET,
    }
    pending = {"suspension_sent", "accept_notice"}
    assert pending <= set(case_actions(user=cast.officer, case=case))
    api = APIClient()
    api.force_authenticate(cast.officer)
    assert set(api.get(f"/api/cases/{case.pk}/").json()["allowed_actions"]) == set(
        case_actions(user=cast.officer, case=case)
    )
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert all(f"/cases/{case.pk}/action/{name}/" in page for name in pending)
    clock_at(dt.date(2026, 3, 9))
    response = api.post(
        f"/api/cases/{case.pk}/suspension_sent/", {"version": case.version, "note": "Gửi bưu điện"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert case_clock(case, "send_suspension").status == Deadline.Status.MET
    assert "suspension_sent" not in response.json()["allowed_actions"]


def test_art29_a_denunciation_is_not_closed_while_the_notice_to_the_person_denounced_is_owed(cast, client):
    """Đ.29 khoản 3: the person denounced is told of the acceptance within 5 working days; closing the
    file does not stand for it. The service, `case_actions` (page and API alike) and the page's notice
    refuse the closing with the same reason, and once the notice is recorded the file closes and no
    clock of the closed case runs out. The conclusion is refused while the notice is owed
    (`conclude_refusal`), so the case here is one that reached its result with the notice still owed
    (imported as it stood): its clock is open again."""
    from rest_framework.test import APIClient

    from casework.cases.services import (
        case_approve,
        case_close,
        case_conclude,
        case_conclusion_sent,
        case_denounced_notice_sent,
        case_handle_conclusion,
        case_notify_result,
        case_propose,
    )

    case = verifying(accepted(cast, dt.date(2026, 3, 2)), cast)  # notices due Monday 09/03
    case = explained(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Tố cáo đúng.", outcome=Outcome.FOUNDED)
    case = case_approve(case=case, actor=cast.leader)
    case = case_denounced_notice_sent(case=case, actor=cast.officer)
    case = case_conclude(
        case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Kết luận.", outcome=Outcome.FOUNDED
    )
    case = case_conclusion_sent(case=case, actor=cast.officer)
    case = case_handle_conclusion(case=case, actor=cast.leader, note="Xử lý theo thẩm quyền")
    case = case_notify_result(case=case, actor=cast.officer)
    case = published(case, cast.officer)
    Deadline.objects.filter(target_type="cases.case", target_id=str(case.pk), step="notify_denounced").update(
        status=Deadline.Status.OPEN, closed_at=None
    )
    with pytest.raises(TransitionNotAllowed, match="người bị tố cáo") as refused:
        case_close(case=case, actor=cast.officer, note="Lưu trữ")
    assert "Điều 29" in refused.value.message
    case.refresh_from_db()
    assert case.status == Status.NOTIFIED
    assert "close" not in case_actions(user=cast.officer, case=case)
    api = APIClient()
    api.force_authenticate(cast.officer)
    response = api.post(f"/api/cases/{case.pk}/close/", {"version": case.version, "note": "x"}, format="json")
    assert response.status_code == 409, response.content
    assert "close" not in response.json()["allowed_actions"]
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="close-refusal"' in page and refused.value.message in page
    assert f"/cases/{case.pk}/action/close/" not in page
    # The page's form posted anyway (a stale page) is refused with the same reason, nothing confirmed.
    posted = client.post(f"/cases/{case.pk}/action/close/", {"version": case.version, "note": "x"})
    assert posted.status_code == 400 and refused.value.message in posted.content.decode()
    assert Case.objects.get(pk=case.pk).status == Status.NOTIFIED
    # Recorded: the file closes, and the notice's clock cannot run out on the closed case.
    case = case_denounced_notice_sent(case=case, actor=cast.officer, note="Gửi bưu điện")
    assert "close" in case_actions(user=cast.officer, case=case)
    assert 'id="close-refusal"' not in client.get(f"/cases/{case.pk}/").content.decode()
    case = case_close(case=case, actor=cast.officer, note="Lưu trữ")
    assert case.status == Status.CLOSED
    clock_at(dt.date(2026, 3, 10))
    sweep_deadlines()
    assert case_clock(case, "notify_denounced").status == Deadline.Status.MET


def test_art35_a_denunciation_is_not_concluded_while_the_person_denounced_was_not_told_its_content(cast, client):
    """Đ.10 khoản 1 điểm a, b; Đ.29 khoản 3; Đ.35 khoản 1: the person denounced is told the content of the
    denunciation and may explain before the conclusion, which rests on that explanation. While the
    notice of acceptance to them is owed, the service, `case_actions` (page and API alike) and the page
    refuse the conclusion with the same reason; once it is recorded, the conclusion is issued."""
    from rest_framework.test import APIClient

    from casework.cases.services import case_approve, case_conclude, case_denounced_notice_sent, case_propose

    case = verifying(accepted(cast, dt.date(2026, 3, 2)), cast)
    case = explained(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Tố cáo đúng một phần.", outcome=Outcome.PARTLY)
    case = case_approve(case=case, actor=cast.leader)
    with pytest.raises(TransitionNotAllowed, match="người bị tố cáo") as refused:
        case_conclude(
            case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Kết luận.", outcome=Outcome.PARTLY
        )
    assert "Điều 29 khoản 3" in refused.value.message and "Điều 35" in refused.value.message
    case.refresh_from_db()
    assert case.status == Status.APPROVED and not case.decision_number
    assert "conclude" not in case_actions(user=cast.officer, case=case)
    assert "denounced_notice" in case_actions(user=cast.officer, case=case)
    api = APIClient()
    api.force_authenticate(cast.officer)
    body = {"version": case.version, **DECISION_PARTS, "decision_text": "Kết luận.", "outcome": Outcome.PARTLY}
    response = api.post(f"/api/cases/{case.pk}/conclude/", body, format="json")
    assert response.status_code == 409, response.content
    assert refused.value.message in str(response.json())
    assert "conclude" not in response.json()["allowed_actions"]
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="conclude-refusal"' in page and refused.value.message in page
    assert f"/cases/{case.pk}/action/conclude/" not in page
    # The page's form posted anyway (a stale page) is refused with the same reason, nothing issued.
    posted = client.post(f"/cases/{case.pk}/action/conclude/", body)
    assert posted.status_code == 400 and refused.value.message in posted.content.decode()
    assert Case.objects.get(pk=case.pk).status == Status.APPROVED
    # Told: the conclusion is offered and issued.
    case = case_denounced_notice_sent(case=case, actor=cast.officer, note="Gửi bưu điện")
    assert "conclude" in case_actions(user=cast.officer, case=case)
    assert 'id="conclude-refusal"' not in client.get(f"/cases/{case.pk}/").content.decode()
    case = case_conclude(
        case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Kết luận.", outcome=Outcome.PARTLY
    )
    assert case.status == Status.CONCLUDED
