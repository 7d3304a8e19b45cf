"""The procedures the law attaches to the clocks: each test is named for the article it enforces."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from casework.audit.selectors import audit_events_for
from casework.cases.actions import case_actions
from casework.cases.models import Kind, RefusalGround, Status, SuspensionGround, TerminationGround
from casework.cases.selectors import case_deadlines
from casework.cases.services import (
    case_accept,
    case_assign,
    case_complexity_decide,
    case_denounced_notice_sent,
    case_extend,
    case_outside_competence,
    case_processing_extend,
    case_refuse,
    case_resume,
    case_start_verification,
    case_suspend,
    case_terminate,
    case_transfer,
)
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from notifications.models import Notification
from tests.builders import (
    DECISION_PARTS,
    before_dialogue,
    dialogued,
    expertise_requested,
    explained,
    registered,
    verification_assigned,
    withdrawal_letter,
)
from workflows.calendar import due_date
from workflows.models import Deadline, DeadlineRule
from workflows.services import escalation_decide, escalation_open

pytestmark = pytest.mark.django_db


def _clock(case, step):
    return next(d for d in case_deadlines(case=case) if d.step == step)


def _verifying(cast, make_case, **kwargs):
    case = case_accept(subject_area="khac", case=make_case(**kwargs), actor=cast.intake, legal_ground="Căn cứ thụ lý")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    return case_start_verification(case=case, actor=cast.officer)


# ---- suspension (Luật 136/2025/QH15: paused time is not counted) -----------------------------------


def test_suspension_only_on_a_ground_the_law_lists(cast, make_case):
    case = _verifying(cast, make_case)
    with pytest.raises(ValidationFailed) as err:
        case_suspend(case=case, actor=cast.chair, ground="", reason="Cán bộ đi công tác")
    assert "ground" in err.value.fields
    case.refresh_from_db()
    assert case.status == Status.VERIFYING
    case = case_suspend(case=case, actor=cast.chair, ground="await_other_body", reason="Chờ Tòa án")
    assert (case.status, case.suspension_ground) == (Status.SUSPENDED, "await_other_body")


def test_each_suspension_is_a_written_decision_numbered_in_the_register(cast, make_case):
    from casework.papers.models import Paper

    case = _verifying(cast, make_case)
    case = case_suspend(case=case, actor=cast.chair, ground="await_other_body", reason="Chờ Tòa án")
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết quả")
    case = expertise_requested(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground="await_expertise")
    events = audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.suspend")
    assert [e.after["decision_number"] for e in events] == [registered(1), registered(3)]
    papers = Paper.objects.filter(target_type="cases.case", target_id=str(case.pk)).order_by("pk")
    # The resumption between them is a decision of its own (Nghị định 124/2020/NĐ-CP Đ.28b khoản 2); the
    # request for the assessment the second one awaits is a letter (công văn) of its own register.
    assert [(p.symbol, p.template_version.template.key) for p in papers] == [
        (registered(1), "case.suspension"),
        (registered(2), "case.complaint_resumption"),
        (registered(1, doc_kind="CV"), "case.expertise"),
        (registered(3), "case.suspension"),
    ]
    assert case.decision_number == ""  # a suspension decides nothing on the merits


def test_suspension_paused_between_midnight_and_7am_in_vietnam_gains_no_day(cast, make_case):
    case = _verifying(cast, make_case)
    due = _clock(case, "resolve").due_on
    clock.set_now(dt.datetime(2026, 3, 10, 17, 30, tzinfo=dt.UTC))  # Wed 11/03 00:30 in Vietnam
    case = expertise_requested(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground="await_expertise")
    clock.set_now(dt.datetime(2026, 3, 11, 3, 0, tzinfo=dt.UTC))  # the same Wednesday, 10:00
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết quả giám định")
    resolve = _clock(case, "resolve")
    assert (resolve.paused_days, resolve.due_on) == (0, due)


def _resolution_in_working_days(days: int) -> None:
    """The administrator counts the denunciation's resolution limit in working days (a policy row
    says which unit a limit is counted in, DESIGN.md)."""
    from workflows.services.policy import policy_current

    rule = DeadlineRule.objects.get(version=policy_current(), subject="denunciation", step="resolve", variant="normal")
    rule.days, rule.day_unit = days, "working"
    rule.save()


def test_suspension_pushes_a_working_day_resolution_limit_back_by_working_days(cast, make_case):
    _resolution_in_working_days(20)
    case = _verifying(cast, make_case, kind=Kind.DENUNCIATION)
    assert _clock(case, "resolve").due_on == dt.date(2026, 3, 30)  # Mon 02/03 + 20 working days
    clock.set_now(dt.datetime(2026, 3, 6, 2, 0, tzinfo=dt.UTC))  # Fri 06/03
    case = expertise_requested(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground="await_expertise")
    clock.set_now(dt.datetime(2026, 3, 9, 2, 0, tzinfo=dt.UTC))  # Mon 09/03: one working day lost
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết quả")
    resolve = _clock(case, "resolve")
    assert (resolve.paused_days, resolve.due_on) == (1, dt.date(2026, 3, 31))
    # The notice of acceptance (Luật Tố cáo 2018 Đ.29) is no part of the resolution limit: not paused.
    notice = _clock(case, "notify_accept")
    assert (notice.status, notice.paused_days, notice.due_on) == (Deadline.Status.OPEN, 0, dt.date(2026, 3, 9))


# ---- denunciations (Luật Tố cáo 2018) ----------------------------------------------------------------


def test_art24_initial_processing_is_7_working_days_up_to_10_with_a_recorded_reason(cast, make_case):
    case = make_case(kind=Kind.DENUNCIATION)
    accept = _clock(case, "accept")
    assert accept.due_on == dt.date(2026, 3, 11)
    assert "Đ.24" in accept.rule.source
    with pytest.raises(ValidationFailed) as err:
        case_processing_extend(case=case, actor=cast.intake, reason=" ")
    assert "reason" in err.value.fields
    case = case_processing_extend(case=case, actor=cast.intake, reason="Phải xác minh danh tính người tố cáo")
    accept = _clock(case, "accept")
    assert (accept.days, accept.due_on) == (10, dt.date(2026, 3, 16))
    assert case.processing_extension_reason == "Phải xác minh danh tính người tố cáo"
    with pytest.raises(TransitionNotAllowed):
        case_processing_extend(case=case, actor=cast.intake, reason="Lần nữa")
    rule = DeadlineRule.objects.get(
        version=case.policy_version, subject="denunciation", step="accept", variant="complex"
    )
    assert (rule.days, rule.day_unit) == (10, "working") and "Đ.24" in rule.source


def test_art24_transfer_outside_competence_runs_its_own_5_working_day_clock_and_tells_the_denouncer(cast, make_case):
    case = make_case(kind=Kind.DENUNCIATION)
    case = case_outside_competence(case=case, actor=cast.intake, reason="Thuộc thẩm quyền Thanh tra tỉnh")
    transfer = _clock(case, "transfer")
    assert (transfer.due_on, transfer.status) == (dt.date(2026, 3, 9), Deadline.Status.OPEN)
    assert _clock(case, "accept").status == Deadline.Status.CANCELLED
    case, _new = case_transfer(
        subject_area="khac",
        case=case,
        actor=cast.intake,
        reason="Không thuộc thẩm quyền",
        outside_body="Thanh tra tỉnh",
    )
    assert _clock(case, "transfer").status == Deadline.Status.MET
    notice = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.transfer_notice")
    assert notice.after["recipient"] == "người tố cáo"


def test_art29_acceptance_is_notified_to_the_denouncer_and_to_the_person_denounced(cast, make_case):
    case = make_case(kind=Kind.DENUNCIATION, subject_user=cast.subject_rep)
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Đ.29")
    assert _clock(case, "notify_accept").due_on == _clock(case, "notify_denounced").due_on == dt.date(2026, 3, 9)
    case = case_denounced_notice_sent(case=case, actor=cast.intake, note="Gửi qua bưu điện")
    assert _clock(case, "notify_denounced").status == Deadline.Status.MET
    assert _clock(case, "notify_accept").status == Deadline.Status.OPEN  # the denouncer's notice is its own
    note = Notification.objects.get(user=cast.subject_rep, key__contains="denounced-notice")
    assert "Nguyễn Văn Gửi" not in f"{note.title} {note.body}"  # never the denouncer's identity
    with pytest.raises(TransitionNotAllowed):
        case_denounced_notice_sent(case=case, actor=cast.intake)


def test_art30_a_denunciation_that_is_not_complex_gets_no_extension(cast, make_case):
    case = _verifying(cast, make_case, kind=Kind.DENUNCIATION)
    due = _clock(case, "resolve").due_on
    with pytest.raises(TransitionNotAllowed) as err:
        case_extend(case=case, actor=cast.leader, reason="Chưa xong")
    assert "Đ.30" in err.value.message
    assert _clock(case, "resolve").due_on == due


def test_art30_a_complex_denunciation_is_extended_once_by_a_written_decision_sent_to_the_parties(cast, make_case):
    case = _verifying(cast, make_case, kind=Kind.DENUNCIATION, subject_user=cast.subject_rep)
    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Nhiều đơn vị", criteria=["places"]
    )
    # The decision is issued with the sector's next QĐ number (tests/papers/test_denunciation_papers.py).
    case = case_extend(case=case, actor=cast.leader, reason="Phức tạp")
    event = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.extend")
    assert event.after["decision_number"] == registered(1)
    assert set(event.after["sent_to"]) == {"người tố cáo", "người bị tố cáo", "cơ quan, tổ chức có liên quan"}
    assert Notification.objects.filter(user=cast.subject_rep, title__contains=registered(1)).exists()
    with pytest.raises(TransitionNotAllowed) as err:
        case_extend(case=case, actor=cast.leader, reason="Lần hai")
    assert "tối đa 1 lần" in err.value.message


# ---- complaints (Luật Khiếu nại 2011) --------------------------------------------------------------


def test_art28_a_complaint_is_never_extended_not_even_by_leadership(cast, make_case):
    case = _verifying(cast, make_case)
    due = _clock(case, "resolve").due_on
    with pytest.raises(TransitionNotAllowed) as err:
        case_extend(case=case, actor=cast.leader, reason="Gia hạn", new_due_on=due + dt.timedelta(days=40))
    assert "không được gia hạn" in err.value.message
    escalation = escalation_open(target=case, unit=case.unit, reason="Sắp quá hạn", actor=cast.officer)
    with pytest.raises(ValidationFailed) as err:
        escalation_decide(
            escalation=escalation,
            actor=cast.leader,
            decision="extend",
            reason="Gia hạn",
            new_due_on=due + dt.timedelta(days=40),
        )
    assert "không được gia hạn" in err.value.fields["decision"][0]
    case.refresh_from_db()
    escalation.refresh_from_db()
    assert (case.extensions, _clock(case, "resolve").due_on, escalation.status) == (0, due, "pending")


def _offered_decisions(client, user, escalation) -> tuple[set[str], set[str]]:
    """The decisions the leadership's page form and the API offer on an escalation."""
    import re

    from rest_framework.test import APIClient

    client.force_login(user)
    page = client.get(reverse("workflows:detail", args=[escalation.pk]))
    assert page.status_code == 200
    on_page = set(re.findall(r'name="decision" value="(\w+)"', page.content.decode()))
    api = APIClient()
    api.force_authenticate(user)
    detail = api.get(f"/api/escalations/{escalation.pk}/")
    assert detail.status_code == 200, detail.content
    return on_page, set(detail.json()["allowed_decisions"])


def test_art28_art37_the_leadership_form_and_the_api_never_offer_extending_a_complaint(cast, make_case, client):
    complaint = _verifying(cast, make_case)
    escalation = escalation_open(target=complaint, unit=complaint.unit, reason="Sắp quá hạn", actor=cast.officer)
    on_page, in_api = _offered_decisions(client, cast.leader, escalation)
    assert on_page == in_api
    assert "extend" not in in_api and {"approve", "return", "refer"} <= in_api
    assert 'name="new_due_on"' not in client.get(reverse("workflows:detail", args=[escalation.pk])).content.decode()
    # A complex denunciation has its one Đ.30 extension: offered on both sides, by the same rule.
    denunciation = _verifying(cast, make_case, kind=Kind.DENUNCIATION, title="Tố cáo phức tạp")
    denunciation = case_complexity_decide(
        case=denunciation, actor=cast.leader, complexity="complex", reason="Nhiều nơi", criteria=["places"]
    )
    other = escalation_open(target=denunciation, unit=denunciation.unit, reason="Cần gia hạn", actor=cast.officer)
    on_page, in_api = _offered_decisions(client, cast.leader, other)
    assert on_page == in_api and "extend" in in_api


@pytest.mark.parametrize(("remote", "before", "after"), [(False, 30, 45), (True, 45, 60)])
def test_art28_complexity_is_decided_by_the_competent_person_and_sets_the_longer_limit(
    cast, make_case, remote, before, after
):
    cast.hospital.remote_area = remote
    cast.hospital.save()
    case = _verifying(cast, make_case)
    assert _clock(case, "resolve").days == before
    with pytest.raises(TransitionNotAllowed):
        case_complexity_decide(case=case, actor=cast.officer, complexity="complex", reason="x", grounds=["contents"])
    with pytest.raises(ValidationFailed) as err:
        case_complexity_decide(case=case, actor=cast.leader, complexity="complex", reason=" ", criteria=["places"])
    assert "reason" in err.value.fields
    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Nhiều nội dung", grounds=["contents"]
    )
    resolve = _clock(case, "resolve")
    assert (resolve.days, resolve.due_on) == (after, due_date(dt.date(2026, 3, 2), after, "calendar"))
    assert case.is_complex and case.complexity_decision == (
        f"Ngày {clock.today():%d/%m/%Y}, {cast.leader}; căn cứ điểm b khoản 1 Điều 3a Nghị định 124/2020/NĐ-CP"
    )
    event = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.complexity")
    assert (event.actor_id, event.after["days"]) == (cast.leader.pk, after)


def test_termination_on_a_listed_ground_ends_the_case_and_closes_its_clocks(cast, make_case):
    case = _verifying(cast, make_case)
    with pytest.raises(ValidationFailed) as err:
        case_terminate(case=case, actor=cast.leader, ground="bored")
    assert "ground" in err.value.fields
    case = case_terminate(case=case, actor=cast.leader, ground="court")
    # The termination decision is issued at once, numbered in the sector's outgoing register.
    assert (case.status, case.termination_ground, case.decision_number) == (Status.TERMINATED, "court", registered(1))
    event = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.terminate")
    assert event.after["decision_number"] == registered(1)
    # Only the sending of the decision runs on (Nghị định 124/2020/NĐ-CP Đ.28b khoản 1).
    running = [d.step for d in case_deadlines(case=case) if d.status in (Deadline.Status.OPEN, Deadline.Status.PAUSED)]
    assert running == ["send_termination"]


def test_a_termination_number_typed_on_the_page_or_sent_to_the_api_is_not_taken(cast, make_case, client):
    from rest_framework.test import APIClient

    by_page, by_api = _verifying(cast, make_case), _verifying(cast, make_case, content="Một đơn khác hẳn.")
    client.force_login(cast.leader)
    data = {"version": by_page.version, "ground": "court", "decision_number": "99/QĐ-GÕ", "confirmed": "1"}
    assert client.post(reverse("cases:action", args=[by_page.pk, "terminate"]), data).status_code == 302
    api = APIClient()
    api.force_authenticate(cast.leader)
    sent = api.post(
        f"/api/cases/{by_api.pk}/terminate/", {"ground": "court", "decision_number": "99/QĐ-GÕ"}, format="json"
    )
    assert sent.status_code == 200, sent.content
    by_page.refresh_from_db()
    assert (by_page.status, by_page.decision_number) == (Status.TERMINATED, registered(1))
    assert (sent.json()["status"], sent.json()["decision_number"]) == ("terminated", registered(2))


# ---- congress letters (union rules) ----------------------------------------------------------------


def test_congress_letter_with_24_counted_working_days_is_refused_the_congress_day_not_counted(cast, make_case):
    # Received Mon 02/03/2026. Working days after it up to Fri 03/04: 24; Mon 06/04 is the congress day.
    late = make_case(congress_date=dt.date(2026, 4, 6))
    with pytest.raises(TransitionNotAllowed) as err:
        case_accept(subject_area="khac", case=late, actor=cast.intake, legal_ground="Đ.27")
    assert "25 ngày làm việc" in err.value.message
    in_time = make_case(congress_date=dt.date(2026, 4, 7), content="Bầu cử không đúng điều lệ.")
    assert (
        case_accept(subject_area="khac", case=in_time, actor=cast.intake, legal_ground="Đ.27").status == Status.ACCEPTED
    )


# ---- complaints: limitation and second round -----------------------------------------------------------


def test_art9_limitation_counts_90_days_from_knowledge_without_obstacles_and_proposes_the_refusal(
    cast, make_case, client
):
    from rest_framework.test import APIClient

    from casework.cases.complaint_limits import limitation_expired, limitation_last_day

    with pytest.raises(ValidationFailed) as err:
        make_case(knew_on=dt.date(2026, 3, 5))  # after the day of receipt (Mon 02/03/2026)
    assert "knew_on" in err.value.fields
    with pytest.raises(ValidationFailed) as err:
        make_case(knew_on=dt.date(2025, 11, 1), obstacle_days=30)  # an obstacle period must say what it was
    assert "obstacle_note" in err.value.fields
    late = make_case(knew_on=dt.date(2025, 11, 1))
    assert limitation_last_day(late) == dt.date(2026, 1, 30) and limitation_expired(late)
    ill = make_case(knew_on=dt.date(2025, 11, 1), obstacle_days=120, obstacle_note="Nằm viện")
    assert not limitation_expired(ill)
    client.force_login(cast.intake)
    page = client.get(f"/cases/{late.pk}/").content.decode()
    assert 'value="expired" selected' in page and "đã hết thời hiệu" in page
    api = APIClient()
    api.force_authenticate(cast.intake)
    body = api.get(f"/api/cases/{late.pk}/").json()
    assert body["limitation"] == {"last_day": "2026-01-30", "expired": True, "proposed_refusal_ground": "expired"}
    # The officer decides: acceptance stays possible.
    assert "accept" in body["allowed_actions"]


def _undecided_complaint(cast, make_case):
    case = case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="Đ.27")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    return case_start_verification(case=case, actor=cast.officer)


def test_art33_second_complaint_when_the_first_round_limit_ran_out_undecided(cast, make_case):
    from casework.cases.complaint_limits import second_complaint_last_day
    from casework.cases.services import case_complaint_second
    from casework.org.models import Role
    from tests.factories import UserFactory

    province_intake = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])
    first = _undecided_complaint(cast, make_case)
    limit = _clock(first, "resolve").due_on  # 01/04/2026
    with pytest.raises(TransitionNotAllowed):
        case_complaint_second(first=first, actor=province_intake, received_on=clock.today(), content="Chưa có")
    clock.set_now(dt.datetime.combine(limit + dt.timedelta(days=3), dt.time(3, 0), tzinfo=dt.UTC))
    assert second_complaint_last_day(first) == due_date(limit, 30, "calendar")
    second = case_complaint_second(
        first=first, actor=province_intake, received_on=clock.today(), content="Hết hạn mà chưa giải quyết"
    )
    assert (second.round, second.previous_id, second.unit_id) == (2, first.pk, cast.province.pk)


def test_art33_art44_past_the_window_the_second_complaint_is_refused_and_the_first_decision_is_final(
    cast, make_case, client
):
    from casework.cases.complaint_limits import first_decision_final
    from casework.cases.models import Outcome
    from casework.cases.services import case_approve, case_complaint_second, case_decide, case_propose
    from casework.org.models import Role
    from tests.factories import UserFactory

    province_intake = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])
    with before_dialogue():  # accepted five days ago: its dialogue may be held today
        case = _undecided_complaint(cast, make_case)
    case = dialogued(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="p", outcome=Outcome.UNFOUNDED)
    case = case_approve(case=case, actor=cast.leader)
    first = case_decide(case=case, actor=cast.officer, **DECISION_PARTS, decision_text="t", outcome="unfounded")
    assert not first_decision_final(first)
    clock.advance(dt.timedelta(days=31))  # 30 days after the decision of Mon 02/03 ended on Wed 01/04
    assert first_decision_final(first)
    # Registered all the same and answered at triage (Luật Khiếu nại 2011 Đ.11 khoản 6, Đ.36 khoản 1): a
    # complaint lodged late does not keep the first decision from being final.
    second = case_complaint_second(first=first, actor=province_intake, received_on=clock.today(), content="Muộn")
    assert second.status == Status.RECEIVED and "accept" not in case_actions(user=province_intake, case=second)
    assert first_decision_final(first)
    client.force_login(cast.officer)
    assert "đã có hiệu lực pháp luật (Điều 44)" in client.get(f"/cases/{first.pk}/").content.decode()


def test_art33_the_api_takes_a_second_complaint(cast, make_case):
    from rest_framework.test import APIClient

    from casework.org.models import Role
    from tests.factories import UserFactory

    province_intake = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])
    first = _undecided_complaint(cast, make_case)
    clock.set_now(
        dt.datetime.combine(_clock(first, "resolve").due_on + dt.timedelta(days=1), dt.time(3, 0), tzinfo=dt.UTC)
    )
    api = APIClient()
    api.force_authenticate(province_intake)
    response = api.post(
        f"/api/cases/{first.pk}/second_complaint/",
        {"received_on": clock.today().isoformat(), "content": "Không được giải quyết đúng hạn"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["round"], response.json()["previous"]) == (2, first.pk)


# ---- withdrawal (Luật Khiếu nại Đ.10, Luật 136/2025/QH15; Luật Tố cáo Đ.33) ----------------------------


def test_art10_a_partial_withdrawal_keeps_the_rest_of_the_complaint_running(cast, make_case):
    from casework.cases.services import case_withdraw

    case = _verifying(cast, make_case)
    due = _clock(case, "resolve").due_on
    with pytest.raises(ValidationFailed) as err:
        case_withdraw(case=case, actor=cast.officer, reason="Đơn xin rút", scope="partial")
    assert "withdrawn_content" in err.value.fields
    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Đơn xin rút",
        scope="partial",
        withdrawn_content="Nội dung số 2",
        **withdrawal_letter(),
    )
    assert case.status == Status.VERIFYING and "Nội dung số 2" in case.withdrawn_content
    resolve = _clock(case, "resolve")
    assert (resolve.status, resolve.due_on) == (Deadline.Status.OPEN, due)
    # The rest withdrawn too: Đ.10 ends the resolution by a termination decision, not by itself.
    case = case_withdraw(case=case, actor=cast.officer, reason="Rút nốt", **withdrawal_letter())
    assert case.status == Status.VERIFYING and _clock(case, "resolve").status == Deadline.Status.OPEN
    case = case_terminate(case=case, actor=cast.leader, ground="withdrawn")
    assert (case.status, case.termination_ground) == (Status.TERMINATED, "withdrawn")
    assert _clock(case, "resolve").status == Deadline.Status.CANCELLED


def test_art33_a_denunciation_is_not_closed_on_withdrawal_without_the_officers_assessment(cast, make_case):
    from casework.cases.services import case_withdraw

    case = _verifying(cast, make_case, kind=Kind.DENUNCIATION)
    with pytest.raises(ValidationFailed) as err:
        case_withdraw(case=case, actor=cast.officer, reason="Người tố cáo xin rút", **withdrawal_letter())
    assert "assessment" in err.value.fields
    case.refresh_from_db()
    assert case.status == Status.VERIFYING
    with pytest.raises(ValidationFailed):
        case_terminate(case=case, actor=cast.leader, ground="withdrawn")
    # Signs of violation: the officer records it and the case goes on.
    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Người tố cáo xin rút",
        assessment="Có dấu hiệu người tố cáo bị ép buộc rút đơn",
        continue_grounds=["coerced"],
        measures="Đề nghị áp dụng biện pháp bảo vệ người tố cáo",
        **withdrawal_letter(),
    )
    assert case.status == Status.VERIFYING and _clock(case, "resolve").status == Deadline.Status.OPEN
    assert case.withdrawal_assessment == "Có dấu hiệu người tố cáo bị ép buộc rút đơn"
    # A withdrawal that goes on is no ground for termination (Đ.33 khoản 3).
    with pytest.raises(ValidationFailed):
        case_terminate(case=case, actor=cast.leader, ground="withdrawn")
    case = case_withdraw(
        case=case, actor=cast.officer, reason="Rút", assessment="Không có dấu hiệu vi phạm", **withdrawal_letter()
    )
    assert case.status == Status.VERIFYING and case.withdrawn_in_whole_on == clock.today()
    case = case_terminate(case=case, actor=cast.leader, ground="withdrawn")
    assert case.status == Status.TERMINATED


def test_art33_one_persons_withdrawal_does_not_end_a_group_denunciation(cast, make_case):
    from casework.cases.services import SubmitterData, case_withdraw

    group = [
        SubmitterData(full_name="Người A", phone="0911", address="Thái Bình", is_representative=True),
        SubmitterData(full_name="Người B", phone="0922", address="Vũ Thư"),
    ]
    case = _verifying(cast, make_case, kind=Kind.DENUNCIATION, submitters=group)
    assert case.is_group
    case = case_withdraw(
        case=case, actor=cast.officer, reason="Người B rút tố cáo", denouncers=[2], **withdrawal_letter()
    )
    assert case.status == Status.VERIFYING and case.withdrawn_content and case.withdrawn_in_whole_on is None
    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Tất cả rút",
        all_denouncers=True,
        assessment="Không có dấu hiệu",
        **withdrawal_letter(),
    )
    # All of them withdrew: the termination decision is due (Đ.34 khoản 3 điểm a).
    assert case.status == Status.VERIFYING and case.withdrawn_in_whole_on == clock.today()


# ---- competence: the body decides, the committee only by delegation ------------------------------------


def test_without_a_delegation_the_committee_chair_cannot_approve_on_the_bodys_behalf(cast, make_case, client):
    from casework.cases.actions import case_actions
    from casework.cases.models import Delegation, Outcome
    from casework.cases.services import case_approve, case_propose

    case = verification_assigned(_verifying(cast, make_case))
    case = case_propose(case=case, actor=cast.officer, proposal="Đề xuất", outcome=Outcome.FOUNDED)
    Delegation.objects.filter(unit=cast.sector, delegate=cast.chair).delete()
    assert "approve" not in case_actions(user=cast.chair, case=case)
    with pytest.raises(TransitionNotAllowed):
        case_approve(case=case, actor=cast.chair)
    # A delegation for other kinds only, or one that has expired, does not count.
    Delegation.objects.create(
        unit=cast.sector, delegate=cast.chair, kinds=["petition"], valid_from=dt.date(2026, 1, 1), document="NQ 2"
    )
    Delegation.objects.create(
        unit=cast.sector,
        delegate=cast.chair,
        kinds=["complaint"],
        valid_from=dt.date(2025, 1, 1),
        valid_until=dt.date(2025, 12, 31),
        document="NQ 1",
    )
    assert "approve" not in case_actions(user=cast.chair, case=case)
    Delegation.objects.create(
        unit=cast.sector, delegate=cast.chair, kinds=["complaint"], valid_from=dt.date(2026, 1, 1), document="NQ 3"
    )
    assert "approve" in case_actions(user=cast.chair, case=case)
    assert case_approve(case=case, actor=cast.chair).status == Status.APPROVED


# ---- discipline by secret ballot (QĐ 5130/QĐ-TLĐ) ------------------------------------------------------


def _concluded_denunciation(cast, make_case):
    from casework.cases.models import Outcome
    from casework.cases.services import case_approve, case_conclude, case_propose

    case = _verifying(cast, make_case, kind=Kind.DENUNCIATION)
    case = explained(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Đúng", outcome=Outcome.FOUNDED)
    case = case_approve(case=case, actor=cast.leader)
    case = case_denounced_notice_sent(case=case, actor=cast.officer)  # Luật Tố cáo 2018 Đ.29 khoản 3
    return case_conclude(case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Đúng", outcome="founded")


@pytest.mark.parametrize(
    ("subject", "violations", "form"),
    [
        ("member", ["canh_cao"], "canh_cao"),
        ("member", ["khien_trach", "canh_cao"], "khai_tru"),  # several: one level above the heaviest
        ("part_time_cadre", ["canh_cao", "canh_cao"], "cach_chuc"),
        ("full_time_cadre", ["canh_cao", "khien_trach"], "ha_bac_luong"),
        ("collective", ["giai_tan", "canh_cao"], "giai_tan"),  # already the heaviest
    ],
)
def test_discipline_forms_follow_the_subject_and_several_violations_get_one_heavier_form(subject, violations, form):
    from casework.cases.services.discipline import discipline_form_for

    assert discipline_form_for(subject_kind=subject, violation_forms=violations) == form


def test_discipline_is_decided_by_secret_ballot_of_more_than_half_of_the_bodys_members(cast, make_case, client):
    from casework.cases.models import DisciplineProceeding
    from casework.cases.services import discipline_ballot_record, discipline_propose

    case = _concluded_denunciation(cast, make_case)
    with pytest.raises(ValidationFailed) as err:  # a member cannot be dismissed (cách chức is a cadre's form)
        discipline_propose(
            case=case,
            actor=cast.officer,
            subject_kind="member",
            subject_name="Trần Thị Bị",
            violation_forms=["cach_chuc"],
            reason="Kết luận 2/KL",
        )
    assert "violation_forms" in err.value.fields
    proceeding = discipline_propose(
        case=case,
        actor=cast.officer,
        subject_kind="member",
        subject_name="Trần Thị Bị",
        violation_forms=["canh_cao"],
        reason="Kết luận 2/KL",
    )
    assert (proceeding.status, proceeding.proposed_form) == (DisciplineProceeding.Status.PROPOSED, "canh_cao")
    # One leader's click is not a decision: a case officer cannot record it, and the ballot must be whole.
    with pytest.raises(TransitionNotAllowed):
        discipline_ballot_record(
            case=case,
            actor=cast.officer,
            meeting_on=clock.today(),
            members_total=9,
            members_present=9,
            votes={"canh_cao": 9},
        )
    with pytest.raises(ValidationFailed) as err:  # 5 of 9 present: no quorum
        discipline_ballot_record(
            case=case,
            actor=cast.leader,
            meeting_on=clock.today(),
            members_total=9,
            members_present=5,
            votes={"canh_cao": 5},
        )
    assert "members_present" in err.value.fields
    # A leader who declared a conflict of interest on the case neither records the ballot nor signs.
    from casework.cases.services import case_conflict_declare

    case_conflict_declare(case=case, actor=cast.province_leader, note="Người thân của người bị tố cáo")
    with pytest.raises(TransitionNotAllowed, match="xung đột lợi ích"):
        discipline_ballot_record(
            case=case,
            actor=cast.province_leader,
            meeting_on=clock.today(),
            members_total=9,
            members_present=9,
            votes={"canh_cao": 9},
        )
    assert DisciplineProceeding.objects.get(pk=proceeding.pk).status == DisciplineProceeding.Status.PROPOSED
    # 4 of 9 members for cảnh cáo: more than half of those present, not of the body: not adopted.
    proceeding = discipline_ballot_record(
        case=case,
        actor=cast.leader,
        meeting_on=clock.today(),
        members_total=9,
        members_present=7,
        votes={"canh_cao": 4, "khien_trach": 3},
    )
    assert (proceeding.status, proceeding.outcome) == (DisciplineProceeding.Status.NOT_ADOPTED, "")
    assert proceeding.decision_number == ""  # no form adopted: no decision, no number taken
    proceeding = discipline_propose(
        case=case,
        actor=cast.officer,
        subject_kind="member",
        subject_name="Trần Thị Bị",
        violation_forms=["canh_cao"],
        reason="Đề nghị lại",
    )
    proceeding = discipline_ballot_record(
        case=case,
        actor=cast.leader,
        meeting_on=clock.today(),
        members_total=9,
        members_present=8,
        votes={"canh_cao": 5, "khien_trach": 8},
    )
    assert (proceeding.status, proceeding.outcome, proceeding.signed_by) == (
        DisciplineProceeding.Status.DECIDED,
        "canh_cao",
        cast.leader,
    )
    assert (proceeding.meeting_on, proceeding.members_present, proceeding.votes) == (
        clock.today(),
        8,
        {"canh_cao": 5, "khien_trach": 8},
    )
    # The decision is issued at once, numbered in the sector's outgoing register, and the ballot's
    # audit event carries that number.
    assert proceeding.decision_number == registered(1)
    ballots = audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.discipline_ballot")
    assert [e.after["decision_number"] for e in ballots] == ["", registered(1)]
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(cast.officer)
    shown = api.get(f"/api/cases/{case.pk}/").json()["disciplines"]
    assert [(d["status"], d["outcome"]) for d in shown] == [("decided", "canh_cao"), ("not_adopted", "")]
    with pytest.raises(ValidationFailed):  # one violation is disciplined once
        discipline_propose(
            case=case,
            actor=cast.officer,
            subject_kind="member",
            subject_name="trần thị bị",
            violation_forms=["khien_trach"],
            reason="Lần nữa",
        )


def test_a_leaders_discipline_decision_on_an_escalation_is_only_a_proposal(cast, make_case):
    from casework.cases.models import DisciplineProceeding

    case = _concluded_denunciation(cast, make_case)
    escalation = escalation_open(target=case, unit=case.unit, reason="Đề nghị kỷ luật", actor=cast.officer)
    escalation_decide(
        escalation=escalation, actor=cast.leader, decision="discipline", reason="Ý kiến", discipline="canh_cao"
    )
    proceeding = DisciplineProceeding.objects.get(case=case)
    assert (proceeding.status, proceeding.outcome) == (DisciplineProceeding.Status.PROPOSED, "")


def test_a_due_date_in_a_year_without_its_calendar_notice_is_shown_as_estimated(cast, make_case, client):
    from rest_framework.test import APIClient

    clock.set_now(dt.datetime(2026, 12, 14, 2, 0, tzinfo=dt.UTC))
    case = case_accept(
        subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="Đ.27"
    )  # resolve: 30 days, into 2027
    client.force_login(cast.officer)
    assert "dự kiến" in client.get(f"/cases/{case.pk}/").content.decode()
    api = APIClient()
    api.force_authenticate(cast.officer)
    deadlines = {d["step"]: d for d in api.get(f"/api/cases/{case.pk}/").json()["deadlines"]}
    assert deadlines["resolve"]["estimated"] is True and deadlines["accept"]["estimated"] is False


def test_art37_a_second_round_complaint_found_complex_gets_60_days_instead_of_45(cast, make_case):
    from casework.cases.services import case_complaint_second
    from casework.org.models import Role
    from tests.factories import UserFactory

    province_intake = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])
    first = _verifying(cast, make_case)
    clock.set_now(
        dt.datetime.combine(_clock(first, "resolve").due_on + dt.timedelta(days=1), dt.time(3, 0), tzinfo=dt.UTC)
    )
    second = case_complaint_second(first=first, actor=province_intake, received_on=clock.today(), content="Lần hai")
    second = case_accept(subject_area="khac", case=second, actor=province_intake, legal_ground="Đ.36")
    assert _clock(second, "resolve").days == 45
    second = case_complexity_decide(
        case=second, actor=cast.province_leader, complexity="complex", reason="Phức tạp", grounds=["bodies_disagree"]
    )
    assert _clock(second, "resolve").days == 60


def test_congress_letter_about_a_higher_level_needs_30_counted_working_days(cast, make_case):
    # Received Mon 02/03/2026: the 29th working day after it is Fri 10/04, the 30th Mon 13/04.
    assert cast.sector.kind != "grassroots"
    late = make_case(congress_date=dt.date(2026, 4, 13), subject_unit=cast.sector)
    with pytest.raises(TransitionNotAllowed) as err:
        case_accept(subject_area="khac", case=late, actor=cast.intake, legal_ground="Đ.27")
    assert "30 ngày làm việc" in err.value.message
    in_time = make_case(congress_date=dt.date(2026, 4, 14), subject_unit=cast.sector, content="Bầu cử sai điều lệ.")
    accepted = case_accept(subject_area="khac", case=in_time, actor=cast.intake, legal_ground="Đ.27")
    assert accepted.status == Status.ACCEPTED


def test_art33_in_a_remote_area_the_second_complaint_window_is_45_days(cast, make_case):
    from casework.cases.complaint_limits import second_complaint_last_day

    cast.hospital.remote_area = True
    cast.hospital.save()
    first = _undecided_complaint(cast, make_case)
    assert first.is_remote
    limit = _clock(first, "resolve").due_on
    clock.set_now(dt.datetime.combine(limit + dt.timedelta(days=1), dt.time(3, 0), tzinfo=dt.UTC))
    assert second_complaint_last_day(first) == due_date(limit, 45, "calendar")


def test_art33_past_the_window_after_an_undecided_first_round_the_refusal_claims_no_final_decision(cast, make_case):
    from casework.cases.services import case_complaint_second
    from casework.org.models import Role
    from tests.factories import UserFactory

    province_intake = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])
    first = _undecided_complaint(cast, make_case)
    limit = _clock(first, "resolve").due_on
    clock.set_now(dt.datetime.combine(limit + dt.timedelta(days=40), dt.time(3, 0), tzinfo=dt.UTC))
    second = case_complaint_second(first=first, actor=province_intake, received_on=clock.today(), content="Muộn")
    second = case_refuse(subject_area="khac", case=second, actor=province_intake, ground=RefusalGround.EXPIRED)
    message = second.triage_note
    assert f"hết ngày {limit:%d/%m/%Y} mà khiếu nại không được giải quyết" in message
    assert "Điều 33" in message and "Điều 44" not in message and "hiệu lực" not in message


def test_art33_the_window_runs_from_when_the_decision_reached_the_complainant_not_from_its_signing(
    cast, make_case, client
):
    from casework.cases.complaint_limits import first_decision_final, second_complaint_last_day
    from casework.cases.models import Outcome
    from casework.cases.services import (
        case_approve,
        case_complaint_second,
        case_decide,
        case_notify_result,
        case_propose,
    )
    from casework.org.models import Role
    from tests.factories import UserFactory

    province_intake = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])
    with before_dialogue():  # accepted five days ago: its dialogue may be held today
        case = _undecided_complaint(cast, make_case)
    case = dialogued(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="p", outcome=Outcome.UNFOUNDED)
    case = case_approve(case=case, actor=cast.leader)
    first = case_decide(
        case=case, actor=cast.officer, **DECISION_PARTS, decision_text="t", outcome="unfounded"
    )  # Mon 02/03
    clock.advance(dt.timedelta(days=8))
    first = case_notify_result(case=first, actor=cast.officer)  # sent Tue 10/03
    assert second_complaint_last_day(first) == due_date(dt.date(2026, 3, 10), 30, "calendar")
    clock.advance(dt.timedelta(days=26))  # Sun 05/04: past 30 days from the signing, within 30 from the sending
    assert not first_decision_final(first)
    second = case_complaint_second(
        first=first, actor=province_intake, received_on=clock.today(), content="Không đồng ý"
    )
    assert second.previous_id == first.pk


def test_the_decisions_text_is_in_the_sites_language_whatever_the_page(cast, make_case, settings):
    settings.LANGUAGE_CODE = "en"  # a site working in English, an officer's page in Vietnamese
    with translation.override("en"):
        suspended, ended = str(SuspensionGround.AWAIT_OTHER_BODY.label), str(TerminationGround.COURT.label)
    with translation.override("vi"):
        case = _verifying(cast, make_case)
        case = case_suspend(case=case, actor=cast.chair, ground="await_other_body", reason="Chờ Tòa án")
        case = case_resume(case=case, actor=cast.chair, reason="Đã có kết quả")
        case = case_terminate(case=case, actor=cast.leader, ground="court")
    told = Notification.objects.get(user=cast.officer, key__startswith=f"case:{case.pk}:suspend:")
    assert told.body == f"{suspended}. Chờ Tòa án"  # the decision's text, as the officer is told it
    assert case.decision_text == f"{ended}."


def test_qd5130_the_ballot_s_meeting_is_not_before_the_proposal_it_votes_on(cast, make_case):
    from rest_framework.test import APIClient

    from casework.cases.models import DisciplineProceeding
    from casework.cases.services import discipline_ballot_record, discipline_propose

    case = _concluded_denunciation(cast, make_case)
    proceeding = discipline_propose(
        case=case,
        actor=cast.officer,
        subject_kind="member",
        subject_name="Trần Thị Bị",
        violation_forms=["canh_cao"],
        reason="Kết luận 2/KL",
    )
    proposed_on = clock.today()
    clock.advance(dt.timedelta(days=3))
    early = proposed_on - dt.timedelta(days=1)
    message = f"Ngày họp không được trước ngày đề nghị kỷ luật ({proposed_on:%d/%m/%Y})."
    ballot = {"members_total": 9, "members_present": 9, "votes": {"canh_cao": 9}}
    with pytest.raises(ValidationFailed) as err:
        discipline_ballot_record(case=case, actor=cast.leader, meeting_on=early, **ballot)
    assert err.value.fields["meeting_on"] == [message]
    api = APIClient()
    api.force_authenticate(cast.leader)
    case.refresh_from_db()
    answer = api.post(
        f"/api/cases/{case.pk}/discipline_ballot/",
        {"version": case.version, "meeting_on": early.isoformat(), **ballot},
        format="json",
    )
    assert answer.status_code == 400 and answer.json()["fields"]["meeting_on"] == [message]
    assert DisciplineProceeding.objects.get(pk=proceeding.pk).status == DisciplineProceeding.Status.PROPOSED
    decided = discipline_ballot_record(case=case, actor=cast.leader, meeting_on=proposed_on, **ballot)
    assert (decided.status, decided.meeting_on) == (DisciplineProceeding.Status.DECIDED, proposed_on)


def test_art9_a_first_complaint_refused_past_its_limitation_states_the_dates_on_its_written_refusal(cast, make_case):
    """Luật Khiếu nại 2011 Đ.36 khoản 1: the refusal states its reason; past the limitation (Đ.9, Đ.11 khoản
    6) that is the day the complainant knew, the 90 days, their last day and the day the letter came in."""
    from casework.papers.services import paper_issue
    from tests.papers.conftest import pdf_text

    late = make_case(knew_on=dt.date(2025, 11, 1))
    late = case_refuse(case=late, actor=cast.intake, ground="expired", note="Không nêu lý do.", subject_area="khac")
    assert late.triage_note.startswith("Người khiếu nại biết được quyết định, hành vi bị khiếu nại ngày 01/11/2025")
    text = " ".join(pdf_text(paper_issue(target=late, key="case.refuse", actor=cast.chair).pdf.read()).split())
    assert "thời hiệu khiếu nại là 90 ngày" in text and "hết ngày 30/01/2026" in text
    assert "nhận ngày 02/03/2026" in text and "Không nêu lý do." in text
    # The day of knowledge not recorded: the officer's note alone.
    unknown = case_refuse(case=make_case(), actor=cast.intake, ground="expired", note="Quá hạn.", subject_area="khac")
    assert unknown.triage_note == "Quá hạn."
