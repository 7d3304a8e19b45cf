"""Limits from the policy table, moved past with a frozen clock: overdue shows; pauses and extensions."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.cases.models import Kind, Status
from casework.cases.selectors import case_deadlines, case_inbox, case_list, case_next_due
from casework.cases.services import (
    case_accept,
    case_assign,
    case_complexity_decide,
    case_extend,
    case_resume,
    case_start_verification,
    case_suspend,
)
from core import clock
from core.errors import TransitionNotAllowed
from tests.builders import expertise_requested
from workflows.calendar import end_of_day
from workflows.models import Deadline, DeadlineRule, PolicyVersion

pytestmark = pytest.mark.django_db


def _overdue_refs(user):
    return [c.reference for c in case_list(user=user, filters={"overdue": True})]


@pytest.mark.parametrize(
    ("kind", "due"),
    [
        # Received Mon 02/03/2026. Complaint/petition: 10 calendar days → Thu 12/03.
        (Kind.COMPLAINT, dt.date(2026, 3, 12)),
        (Kind.PETITION, dt.date(2026, 3, 12)),
        # Denunciation: 7 working days → Wed 11/03.
        (Kind.DENUNCIATION, dt.date(2026, 3, 11)),
    ],
)
def test_accept_limit_passes_and_the_case_shows_overdue(cast, make_case, kind, due):
    case = make_case(kind=kind)
    assert case_next_due(case=case).due_on == due
    clock.set_now(dt.datetime.combine(due, dt.time(10, 0), tzinfo=dt.UTC))
    assert case.reference not in _overdue_refs(cast.officer)
    clock.set_now(dt.datetime.combine(due + dt.timedelta(days=1), dt.time(10, 0), tzinfo=dt.UTC))
    assert case.reference in _overdue_refs(cast.officer)
    assert next(c for c in case_inbox(user=cast.intake) if c.pk == case.pk).overdue


@pytest.mark.parametrize(
    ("complex_", "remote", "days"),
    [(False, False, 30), (True, False, 45), (False, True, 45), (True, True, 60)],
)
def test_complaint_resolve_limit_by_variant(cast, make_case, complex_, remote, days):
    cast.hospital.remote_area = remote
    cast.hospital.save()
    case = make_case()
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Đ.27")
    if complex_:  # only the decision naming its grounds makes it complex (Nghị định 124/2020/NĐ-CP Đ.3a)
        case = case_complexity_decide(
            case=case, actor=cast.leader, complexity="complex", reason="Hai nội dung", grounds=["contents"]
        )
    resolve = next(d for d in case_deadlines(case=case) if d.step == "resolve")
    assert resolve.days == days
    clock.set_now(resolve.due_at + dt.timedelta(minutes=1))
    assert case.reference in _overdue_refs(cast.officer)


def test_a_case_keeps_the_policy_version_it_started_under(cast, make_case):
    case = make_case()
    last = PolicyVersion.objects.order_by("-number").first()
    v2 = PolicyVersion.objects.create(number=last.number + 1, effective_from=clock.today())
    DeadlineRule.objects.create(version=v2, subject="complaint_1", step="resolve", days=5, day_unit="calendar")
    DeadlineRule.objects.create(version=v2, subject="complaint_1", step="accept", days=5, day_unit="calendar")
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Đ.27")
    assert case.policy_version.number == 1
    assert next(d for d in case_deadlines(case=case) if d.step == "resolve").days == 30


def _resolve(case):
    return next(d for d in case_deadlines(case=case) if d.step == "resolve")


def _verifying_denunciation(cast, make_case):
    case = make_case(kind=Kind.DENUNCIATION)
    case = case_accept(subject_area="khac", case=case, actor=cast.officer, legal_ground="Đ.29")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    return case_start_verification(case=case, actor=cast.officer)


def test_suspension_stops_the_clock_and_resumption_moves_the_due_date(cast, make_case):
    from casework.cases.services import case_accept_notice_sent, case_denounced_notice_sent

    case = _verifying_denunciation(cast, make_case)
    # The notices of acceptance are sent (their clocks are no part of the resolution limit: a suspension
    # does not stop them, Luật Tố cáo 2018 Đ.29, Đ.34 khoản 2).
    case = case_accept_notice_sent(case=case, actor=cast.officer)
    case = case_denounced_notice_sent(case=case, actor=cast.officer)
    before = _resolve(case).due_on
    case = expertise_requested(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground="await_expertise", reason="Chờ kết quả giám định")
    assert case.status == Status.SUSPENDED
    assert {d.status for d in case_deadlines(case=case) if d.step == "resolve"} == {Deadline.Status.PAUSED}
    # The suspension decision is sent at once (Luật Tố cáo 2018 Đ.34 khoản 4: its own 5-working-day clock
    # runs during the pause).
    from casework.cases.services import case_suspension_sent

    case = case_suspension_sent(case=case, actor=cast.officer)
    clock.advance(dt.timedelta(days=40))  # past the original limit while paused
    assert case.reference not in _overdue_refs(cast.officer)
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết quả giám định")
    assert case.status == Status.VERIFYING
    resolve = next(d for d in case_deadlines(case=case) if d.step == "resolve")
    assert resolve.paused_days == 40 and resolve.due_on >= before + dt.timedelta(days=40)
    assert case.reference not in _overdue_refs(cast.officer)


def test_art30_an_especially_complex_denunciation_is_extended_twice_by_30_days_then_refused(cast, make_case):
    from casework.cases.services import case_complexity_decide

    case = _verifying_denunciation(cast, make_case)
    case = case_complexity_decide(
        case=case,
        actor=cast.leader,
        complexity="especially_complex",
        reason="Nhiều nơi",
        criteria=["places", "contents"],
    )
    due = _resolve(case).due_on
    with pytest.raises(TransitionNotAllowed):
        case_extend(case=case, actor=cast.officer, reason="Vụ việc phức tạp")  # not leadership
    case = case_extend(case=case, actor=cast.leader, reason="Quyết định gia hạn số 1")
    first = _resolve(case)
    assert case.extensions == 1 and first.extensions == 1 and first.due_on >= due + dt.timedelta(days=30)
    case = case_extend(case=case, actor=cast.leader, reason="Quyết định gia hạn số 2")
    assert case.extensions == 2
    with pytest.raises(TransitionNotAllowed) as err:
        case_extend(case=case, actor=cast.leader, reason="Lần ba")
    assert "tối đa 2 lần" in err.value.message
    case.refresh_from_db()
    assert case.extensions == 2


def test_congress_letter_received_too_late_cannot_be_accepted(cast, make_case):
    from casework.cases.models import RefusalGround
    from casework.cases.services import case_refuse

    # Received Mon 02/03/2026, congress Fri 27/03: 19 working days < 25 for a grassroots union.
    case = make_case(congress_date=dt.date(2026, 3, 27))
    with pytest.raises(TransitionNotAllowed) as err:
        case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Đ.27")
    assert "25 ngày làm việc" in err.value.message
    case = case_refuse(subject_area="khac", case=case, actor=cast.intake, ground=RefusalGround.CONGRESS_LATE)
    assert case.status == Status.REFUSED
    in_time = make_case(congress_date=dt.date(2026, 5, 20), content="Khác: bầu cử đại hội không đúng điều lệ.")
    assert (
        case_accept(subject_area="khac", case=in_time, actor=cast.intake, legal_ground="Đ.27").status == Status.ACCEPTED
    )


def test_a_denunciation_extension_may_not_exceed_30_days(cast, make_case):
    from casework.cases.services import case_complexity_decide
    from core.errors import ValidationFailed

    case = _verifying_denunciation(cast, make_case)
    case = case_complexity_decide(case=case, actor=cast.leader, complexity="complex", reason="x", criteria=["places"])
    due = _resolve(case).due_on
    with pytest.raises(ValidationFailed) as err:
        case_extend(case=case, actor=cast.leader, reason="Quá dài", new_due_on=due + dt.timedelta(days=60))
    assert "tối đa 30 ngày" in err.value.fields["new_due_on"][0]
    # The message reads in the user's language, dates and limit filled in.
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationFailed) as err:
        case_extend(case=case, actor=cast.leader, reason="Quá dài", new_due_on=due + dt.timedelta(days=60))
    latest = dt.date(2026, 5, 4)  # 30 days after 01/04 is 01/05, Labour Day, then a weekend
    assert err.value.fields["new_due_on"][0] == (
        f"The new due date must be after {due:%d/%m/%Y} and no later than {latest:%d/%m/%Y} "
        "(each extension adds at most 30 days)."
    )
    case.refresh_from_db()
    assert case.extensions == 0 and _resolve(case).due_on == due
    case = case_extend(case=case, actor=cast.leader, reason="Hợp lệ", new_due_on=due + dt.timedelta(days=20))
    assert case.extensions == 1


def test_denunciation_acceptance_must_be_notified_within_5_working_days(cast, make_case, client):
    from casework.cases.services import case_accept_notice_sent

    case = case_accept(
        subject_area="khac", case=make_case(kind=Kind.DENUNCIATION), actor=cast.intake, legal_ground="Đ.29"
    )
    notice = next(d for d in case_deadlines(case=case) if d.step == "notify_accept")
    assert notice.due_on == dt.date(2026, 3, 9)  # Mon 02/03 + 5 working days
    clock.set_now(notice.due_at + dt.timedelta(hours=1))
    assert case.reference in _overdue_refs(cast.officer)
    client.force_login(cast.intake)
    case.refresh_from_db()
    assert "/action/accept_notice/" in client.get(f"/cases/{case.pk}/").content.decode()
    case = case_accept_notice_sent(case=case, actor=cast.intake, note="Đã gửi bưu điện")
    assert next(d for d in case_deadlines(case=case) if d.step == "notify_accept").status == Deadline.Status.MET
    with pytest.raises(TransitionNotAllowed):
        case_accept_notice_sent(case=case, actor=cast.intake)


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 10])
def test_the_home_sections_top_rows_are_case_inbox_in_its_order(cast, make_case, limit):
    """case_inbox_top finds the overdue cases from their deadlines instead of sorting every case on
    "overdue": the rows, their order and their annotations must still be case_inbox's. The inbox is
    in urgency order: old[0] and old[2] ran out at the same moment (same day received, so by id),
    new[2]'s breached clock ran out later; new[0] and new[1] are due at the same moment."""
    from casework.cases.selectors import case_inbox_top

    clock.set_now(dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC))
    old = [make_case(title=f"Đơn cũ {n}") for n in range(3)]  # their accept limit will have passed
    clock.set_now(dt.datetime(2026, 3, 13, 3, 0, tzinfo=dt.UTC))
    new = [make_case(title=f"Đơn mới {n}") for n in range(3)]
    # breached by the sweep: an old case, and a new one (overdue, so before the others)
    for case in (old[0], new[2]):
        Deadline.objects.filter(target_id=str(case.pk), step="accept").update(status=Deadline.Status.BREACHED)
    case_accept(
        subject_area="khac", case=old[1], actor=cast.intake, legal_ground="Luật Khiếu nại 2011, Đ.27"
    )  # clock met
    expected = list(case_inbox(user=cast.intake)[:limit])
    assert [c.pk for c in case_inbox(user=cast.intake)] == [old[0].pk, old[2].pk, new[2].pk, new[0].pk, new[1].pk]
    assert [c.overdue for c in case_inbox(user=cast.intake)] == [True, True, True, False, False]
    top = list(case_inbox_top(user=cast.intake, limit=limit))
    assert [(c.pk, c.overdue, c.next_due_on) for c in top] == [(c.pk, c.overdue, c.next_due_on) for c in expected]
    assert len(top) == min(limit, 5)
    # someone with no scope sees nothing, as in case_inbox
    assert (
        list(case_inbox_top(user=cast.subject_rep, limit=limit))
        == list(case_inbox(user=cast.subject_rep)[:limit])
        == []
    )


def test_the_home_sections_top_rows_ask_the_scope_once_per_pick(cast, make_case):
    """case_inbox_top draws every candidate from the user's cases, so it reads the candidates by id
    and asks the scope (here its first branch: assigned to them) only in its picks: twice in each
    pick by due moment (the overdue, the running: a case's day received is both its membership and
    its order), once in the pick of the cases with no clock that counts and once in its look at the
    running run (an EXISTS, unordered); never again for the rows it reads."""
    from casework.cases.selectors import _inbox_cases, case_inbox_top

    case_assign(
        case=case_accept(
            subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27"
        ),
        actor=cast.chair,
        assignee=cast.officer,
    )
    mine = f'"assignee_id" = {cast.officer.pk}'
    assert str(_inbox_cases(user=cast.officer).query).count(mine) == 1
    assert str(case_inbox_top(user=cast.officer, limit=10).query).count(mine) == 2 + 2 + 1 + 1
    assert [c.pk for c in case_inbox_top(user=cast.officer, limit=10)] == [
        c.pk for c in case_inbox(user=cast.officer)[:10]
    ]


def _due(case, day, *, step="accept", status=None):
    """Set the due day (and moment) of the case's clock for `step`, and its status if given."""
    values = {"due_on": day, "due_at": end_of_day(day)}
    if status == Deadline.Status.PAUSED:
        values["paused_at"] = clock.now()
    Deadline.objects.filter(target_type="cases.case", target_id=str(case.pk), step=step).update(
        **values, **({"status": status} if status else {})
    )


def _second_clock(case, step, day, status=Deadline.Status.OPEN):
    """A second running clock of the case (another step's), due on `day`."""
    clock_ = Deadline.objects.get(target_type="cases.case", target_id=str(case.pk), step="accept")
    clock_.pk = None
    clock_.step, clock_.status, clock_.due_on, clock_.due_at = step, status, day, end_of_day(day)
    clock_.save()


def test_the_inbox_is_in_urgency_order_and_its_top_rows_follow_it_as_the_clock_moves(cast, make_case):
    """ "Việc của tôi" lists the most urgent first: the overdue cases by their earliest due moment
    (not by the day received), then the others by their nearest due moment, then those with no clock
    that counts (none running, or paused) by the day received, the id last. case_inbox_top, which picks
    its candidates from the deadlines, gives case_inbox's first `limit` rows for every `limit`, also
    after the clock moves past a deadline."""
    from casework.cases.selectors import case_inbox_top

    day = dt.date
    clock.set_now(dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC))
    a, b, f, p, n = (make_case(title=f"Đơn {name}") for name in "ABFPN")
    clock.set_now(dt.datetime(2026, 3, 6, 3, 0, tzinfo=dt.UTC))
    d, e, c = (make_case(title=f"Đơn {name}") for name in "DEC")
    _due(a, day(2026, 3, 12))
    _second_clock(a, "notify_accept", day(2026, 3, 11), Deadline.Status.BREACHED)  # A's earliest overdue
    _due(b, day(2026, 3, 12), status=Deadline.Status.BREACHED)
    _due(d, day(2026, 3, 10))  # received after A and B, overdue before them
    _due(e, day(2026, 3, 16))
    _second_clock(e, "notify_accept", day(2026, 3, 19))  # E's nearest stays the 16th
    _due(c, day(2026, 3, 17))
    _due(f, day(2026, 3, 20))  # received before E and C, due after them
    _due(p, day(2026, 3, 13), status=Deadline.Status.PAUSED)  # a day shown, but not counting
    _due(n, day(2026, 3, 13), status=Deadline.Status.CANCELLED)

    def rows(qs):
        return [(x.title[-1], x.overdue, x.urgency_due, x.next_due_on) for x in qs]

    def check(expected_order, overdue):
        inbox = list(case_inbox(user=cast.intake))
        assert "".join(x.title[-1] for x in inbox) == expected_order
        assert "".join(x.title[-1] for x in inbox if x.overdue) == overdue
        for limit in range(1, len(inbox) + 2):
            assert rows(case_inbox_top(user=cast.intake, limit=limit)) == rows(inbox[:limit]), limit

    clock.set_now(dt.datetime(2026, 3, 13, 3, 0, tzinfo=dt.UTC))
    check("DABECFPN", overdue="DAB")
    assert [x.next_due_on for x in case_inbox(user=cast.intake) if x.title[-1] in "PN"] == [day(2026, 3, 13), None]
    clock.set_now(dt.datetime(2026, 3, 17, 3, 0, tzinfo=dt.UTC))  # E's clock ran out on the 16th
    check("DABECFPN", overdue="DABE")
    clock.set_now(dt.datetime(2026, 3, 21, 3, 0, tzinfo=dt.UTC))  # C's and F's too
    check("DABECFPN", overdue="DABECF")


def test_the_case_list_puts_overdue_cases_first_whatever_their_receipt_day(cast, make_case):
    old = make_case()  # received today: its acceptance clock runs out first
    clock.advance(dt.timedelta(days=8))
    newer = make_case(kind=Kind.COMPLAINT)
    clock.advance(dt.timedelta(days=5))  # old is past its 10 days, newer is not
    listed = [(c.pk, c.overdue) for c in case_list(user=cast.officer) if c.pk in (old.pk, newer.pk)]
    assert listed == [(old.pk, True), (newer.pk, False)]  # overdue first, though received earlier
    clock.advance(dt.timedelta(days=10))  # both overdue now: the newest receipt first
    listed = [(c.pk, c.overdue) for c in case_list(user=cast.officer) if c.pk in (old.pk, newer.pk)]
    assert listed == [(newer.pk, True), (old.pk, True)]
