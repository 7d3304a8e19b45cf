"""Complaints and petitions walked step by step with the clock moved by hand: every due date is the
day the law gives, counted as the Civil Code counts (Bộ luật Dân sự 2015 Đ.147–148: the day of the
event is not counted; a limit that ends on a weekend or holiday ends with the next working day).

2026 days used below: Tết 14–22/02; Hùng Kings (Sun 26/04) observed Mon 27/04; 30/04 and 01/05."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.cases.actions import case_actions
from casework.cases.complaint_limits import (
    first_decision_final,
    limitation_expired,
    limitation_last_day,
    second_complaint_last_day,
    second_complaint_late,
)
from casework.cases.models import Kind, Outcome, Status
from casework.cases.selectors import case_deadlines, case_list
from casework.cases.services import (
    case_accept,
    case_answer,
    case_approve,
    case_assign,
    case_complaint_second,
    case_complexity_decide,
    case_decide,
    case_notify_result,
    case_propose,
    case_resume,
    case_resumption_sent,
    case_start_verification,
    case_suspend,
    case_suspension_sent,
    case_terminate,
    case_withdraw,
)
from casework.org.models import Role
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import (
    DECISION_PARTS,
    before_dialogue,
    dialogued,
    expertise_requested,
    registered,
    withdrawal_letter,
)
from tests.factories import UserFactory
from workflows.models import Deadline

pytestmark = pytest.mark.django_db


def on(day: dt.date, hour: int = 9) -> None:
    """Move the clock to `hour` o'clock in Vietnam (UTC+7) on `day`."""
    clock.set_now(dt.datetime.combine(day, dt.time(hour - 7, 0), tzinfo=dt.UTC))


def _clock(case, step):
    return next(d for d in case_deadlines(case=case) if d.step == step)


def _overdue(case, user) -> bool:
    return case.reference in {c.reference for c in case_list(user=user, filters={"overdue": True})}


def _accept(case, actor, **kw):
    return case_accept(subject_area="khac", case=case, actor=actor, legal_ground="Luật Khiếu nại 2011 Đ.27", **kw)


def _verifying(case, cast):
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    return case_start_verification(case=case, actor=cast.officer)


# ---- first complaint -----------------------------------------------------------------------------------


def test_art9_the_limitation_ends_with_the_first_working_day_after_tet_and_obstacles_are_not_counted(cast, make_case):
    on(dt.date(2026, 2, 24))
    # Knew on Wed 19/11/2025: the 90th day is Tue 17/02/2026, in Tết; the limit ends Mon 23/02.
    in_time = make_case(received_on=dt.date(2026, 2, 23), knew_on=dt.date(2025, 11, 19))
    assert limitation_last_day(in_time) == dt.date(2026, 2, 23) and not limitation_expired(in_time)
    late = make_case(received_on=dt.date(2026, 2, 24), knew_on=dt.date(2025, 11, 19), content="Đơn thứ hai.")
    assert limitation_expired(late)
    # Seven days in hospital are not counted: the 97th day is Tue 24/02, a working day.
    ill = make_case(
        received_on=dt.date(2026, 2, 24),
        knew_on=dt.date(2025, 11, 19),
        obstacle_days=7,
        obstacle_note="Nằm viện",
        content="Đơn thứ ba.",
    )
    assert limitation_last_day(ill) == dt.date(2026, 2, 24) and not limitation_expired(ill)


def test_art27_acceptance_is_due_10_days_after_receipt_carried_past_the_hung_kings_holiday(cast, make_case):
    on(dt.date(2026, 4, 17))  # Fri: the 10th day is Mon 27/04, the observed Hùng Kings holiday
    case = make_case()
    accept = _clock(case, "accept")
    assert (accept.starts_on, accept.days, accept.due_on) == (dt.date(2026, 4, 17), 10, dt.date(2026, 4, 28))
    on(dt.date(2026, 4, 28), hour=23)
    assert not _overdue(case, cast.officer)  # the limit ends with the close of Tue 28/04
    on(dt.date(2026, 4, 29), hour=8)
    assert _overdue(case, cast.officer)


def test_art28_the_resolution_runs_30_days_from_acceptance_and_paused_days_move_its_last_day_before_the_carry(
    cast, make_case
):
    case = make_case()  # received Mon 02/03/2026
    on(dt.date(2026, 3, 5))
    case = _accept(case, cast.intake)  # Thu 05/03: the 30th day is Sat 04/04, the limit ends Mon 06/04
    resolve = _clock(case, "resolve")
    assert (resolve.starts_on, resolve.days, resolve.due_on) == (dt.date(2026, 3, 5), 30, dt.date(2026, 4, 6))
    case = _verifying(case, cast)

    on(dt.date(2026, 3, 9))
    case = case_suspend(case=case, actor=cast.chair, ground="await_other_body", reason="Chờ kết quả của Sở")
    on(dt.date(2026, 3, 10))
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết quả")
    resolve = _clock(case, "resolve")
    # One day not counted: the 31st day is Sun 05/04, so the limit still ends Mon 06/04 (not Tue 07/04).
    assert (resolve.paused_days, resolve.due_on) == (1, dt.date(2026, 4, 6))

    on(dt.date(2026, 3, 11))
    case = expertise_requested(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground="await_expertise")
    # The decisions went out to the parties (Nghị định 124/2020/NĐ-CP Đ.28b): only the resolution waits.
    case = case_suspension_sent(case=case, actor=cast.officer)
    case = case_resumption_sent(case=case, actor=cast.officer)
    on(dt.date(2026, 5, 1))  # paused past the old limit: not overdue
    assert not _overdue(case, cast.officer)
    on(dt.date(2026, 3, 13))
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết quả giám định")
    resolve = _clock(case, "resolve")
    assert (resolve.paused_days, resolve.due_on) == (3, dt.date(2026, 4, 7))  # the 33rd day, Tue 07/04

    # Found complex: 45 days from acceptance plus the 3 paused: the 48th day, Wed 22/04.
    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Nhiều đơn vị liên quan", grounds=["many_bodies"]
    )
    resolve = _clock(case, "resolve")
    assert (resolve.days, resolve.paused_days, resolve.due_on) == (45, 3, dt.date(2026, 4, 22))


def test_art11a_a_complaint_is_suspended_when_force_majeure_keeps_the_complainant_from_their_rights(cast, make_case):
    """Luật Khiếu nại Điều 11a khoản 1 điểm a (Luật 136/2025/QH15), defined by Nghị định 124/2020/NĐ-CP Đ.28a
    (bổ sung bởi Nghị định 155/2026/NĐ-CP): the event or obstacle is shown by documents in the file (khoản
    4), so the decision states it; a denunciation is never suspended on it (Luật Tố cáo 2018 Đ.34 khoản 1)."""
    case = _verifying(_accept(make_case(), cast.intake), cast)
    with pytest.raises(ValidationFailed) as err:
        case_suspend(case=case, actor=cast.chair, ground="force_majeure")
    assert "reason" in err.value.fields
    case = case_suspend(
        case=case, actor=cast.chair, ground="force_majeure", reason="Người khiếu nại nằm viện (giấy ra viện kèm hồ sơ)"
    )
    assert (case.status, case.suspension_ground) == (Status.SUSPENDED, "force_majeure")
    assert _clock(case, "resolve").status == Deadline.Status.PAUSED

    denunciation = make_case(kind=Kind.DENUNCIATION)
    with pytest.raises(ValidationFailed) as err:
        case_suspend(case=denunciation, actor=cast.chair, ground="force_majeure", reason="Ốm")
    assert "ground" in err.value.fields


def test_a_suspended_complaint_withdrawn_in_part_stays_paused_and_its_termination_cancels_the_paused_clock(
    cast, make_case
):
    case = _verifying(_accept(make_case(), cast.intake), cast)
    case = case_suspend(case=case, actor=cast.chair, ground="heir_pending", reason="Người khiếu nại mất")
    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Đơn rút một phần",
        scope="partial",
        withdrawn_content="Nội dung 1",
        **withdrawal_letter(),
    )
    assert case.status == Status.SUSPENDED and _clock(case, "resolve").status == Deadline.Status.PAUSED
    with pytest.raises(ValidationFailed) as err:
        case_terminate(case=case, actor=cast.leader, ground="denounced_died")  # a denunciation's ground
    assert "ground" in err.value.fields
    # Sent to the commune where the complainant last resided (Nghị định 124/2020/NĐ-CP Đ.28b khoản 1).
    case = case_terminate(
        case=case,
        actor=cast.leader,
        ground="no_heir",
        reason="Không có người thừa kế",
        commune_committee="Ủy ban nhân dân phường Kỳ Bá",
    )
    assert (case.status, case.termination_ground, case.suspended_from) == (Status.TERMINATED, "no_heir", "")
    assert _clock(case, "resolve").status == Deadline.Status.CANCELLED
    # The suspension took the first number of the register, the termination the second.
    assert case.decision_number == registered(2)


# ---- second complaint ------------------------------------------------------------------------------------


@pytest.fixture
def province_intake(cast):
    return UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])


@pytest.mark.parametrize(
    ("complex_", "remote", "days"),
    [(False, False, 45), (True, False, 60), (False, True, 60), (True, True, 70)],
)
def test_art37_the_second_round_resolves_in_45_days_complex_60_remote_60_remote_and_complex_70(
    cast, make_case, province_intake, complex_, remote, days
):
    cast.hospital.remote_area = remote
    cast.hospital.save()
    first = _verifying(_accept(make_case(), cast.intake), cast)
    # The first round found complex: the second does not take it over (Đ.37 counts its own round).
    first = case_complexity_decide(
        case=first, actor=cast.leader, complexity="complex", reason="Nhiều nơi", grounds=["places"]
    )
    on(_clock(first, "resolve").due_on + dt.timedelta(days=1))  # the first round ran out undecided
    second = case_complaint_second(first=first, actor=province_intake, received_on=clock.today(), content="Lần hai")
    assert (second.round, second.unit_id, second.is_remote) == (2, cast.province.pk, remote)
    assert (second.is_complex, second.complexity_grounds, second.complexity_decision) == (False, [], "")
    assert _clock(second, "accept").days == 10
    second = _accept(second, province_intake)
    assert _clock(second, "resolve").days == (60 if remote else 45)
    if complex_:  # decided on its own by the superior's competent person (Nghị định 124/2020/NĐ-CP Đ.3a)
        second = case_complexity_decide(
            case=second, actor=cast.province_leader, complexity="complex", reason="Hai nội dung", grounds=["contents"]
        )
    resolve = _clock(second, "resolve")
    assert (resolve.days, resolve.starts_on) == (days, clock.today())


def test_art33_art44_the_window_ends_with_the_first_working_day_after_30_april_and_then_the_decision_is_final(
    cast, make_case, province_intake
):
    with before_dialogue():  # accepted five days ago: its dialogue may be held today
        case = _accept(make_case(), cast.intake)
    case = dialogued(_verifying(case, cast), cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Không có cơ sở", outcome=Outcome.UNFOUNDED)
    case = case_approve(case=case, actor=cast.leader)
    on(dt.date(2026, 3, 31))
    first = case_decide(
        case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Giữ nguyên", outcome=Outcome.UNFOUNDED
    )
    first = case_notify_result(case=first, actor=cast.officer)  # received by the complainant Tue 31/03
    # The 30th day is Thu 30/04 (holiday), then 01/05 and a weekend: the window ends Mon 04/05.
    assert second_complaint_last_day(first) == dt.date(2026, 5, 4)
    on(dt.date(2026, 5, 4), hour=23)
    assert not first_decision_final(first)
    on(dt.date(2026, 5, 5))
    assert first_decision_final(first)
    # Past the window the second complaint is registered all the same, to be answered in writing at triage
    # (Luật Khiếu nại 2011 Đ.11 khoản 6, Đ.36 khoản 1): it may only be refused on the expired time limit.
    late = case_complaint_second(first=first, actor=province_intake, received_on=clock.today(), content="Muộn")
    assert (late.round, late.status, late.previous_id) == (2, Status.RECEIVED, first.pk)
    assert second_complaint_late(late) and "accept" not in case_actions(user=province_intake, case=late)
    assert first_decision_final(first)  # a complaint lodged late does not keep it from being final (Đ.44)
    # A letter that arrived on Mon 04/05 is within the window, whenever it is registered.
    late.received_on = dt.date(2026, 5, 4)
    assert not second_complaint_late(late)


def test_art33_a_second_complaint_goes_to_the_directly_superior_union_only(cast, make_case):
    first = _verifying(_accept(make_case(), cast.intake), cast)
    on(_clock(first, "resolve").due_on + dt.timedelta(days=1))
    with pytest.raises(TransitionNotAllowed):
        # The sector's own intake officer cannot take the second round: it belongs to the province.
        case_complaint_second(first=first, actor=cast.intake, received_on=clock.today(), content="Lần hai")
    assert not first.next_rounds.exists()


# ---- petitions -------------------------------------------------------------------------------------------


def test_a_petition_is_accepted_within_10_days_answered_within_30_and_is_never_suspended_nor_terminated(
    cast, make_case
):
    on(dt.date(2026, 4, 17))
    case = make_case(kind=Kind.PETITION)
    assert _clock(case, "accept").due_on == dt.date(2026, 4, 28)  # 27/04 is the observed Hùng Kings holiday
    on(dt.date(2026, 4, 21))
    case = _accept(case, cast.intake)
    assert _clock(case, "resolve").due_on == dt.date(2026, 5, 21)  # Tue 21/04 + 30 days: Thu 21/05
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    with pytest.raises(TransitionNotAllowed):
        case_suspend(case=case, actor=cast.chair, ground="await_other_body")
    with pytest.raises(TransitionNotAllowed):
        case_terminate(case=case, actor=cast.leader, ground="court")
    case.refresh_from_db()
    assert case.status == Status.ASSIGNED and _clock(case, "resolve").status == Deadline.Status.OPEN
    case = case_answer(case=case, actor=cast.officer, answer="Đơn vị đã điều chỉnh chế độ.")
    assert case.status == Status.ANSWERED and _clock(case, "resolve").status == Deadline.Status.MET
