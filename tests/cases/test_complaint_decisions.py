"""A complaint's decisions on its course and its complexity under Nghị định 124/2020/NĐ-CP as amended by
Nghị định 155/2026/NĐ-CP (in force 01/07/2026): the suspension and termination decisions (Mẫu số 14a)
and the resumption decision (Mẫu số 14b) are each sent to the parties within 03 working days of
issuance, on a clock of their own (Đ.28b); a complaint is complex only on a ground of Đ.3a khoản 1.
Walked with an injected clock in July 2026 (Wednesday 08/07 + 3 working days = Monday 13/07)."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.audit.selectors import audit_events_for
from casework.cases.actions import case_actions
from casework.cases.models import Kind, Status, SuspensionGround, TerminationGround
from casework.cases.selectors import case_deadlines
from casework.cases.services import (
    case_accept,
    case_assign,
    case_close,
    case_complexity_decide,
    case_resume,
    case_resumption_sent,
    case_start_verification,
    case_suspend,
    case_suspension_sent,
    case_terminate,
)
from casework.papers.models import Paper
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import DECISION_PARTS, dialogued, expertise_requested, make_case, registered
from workflows.models import Deadline, Escalation
from workflows.sweep import sweep_deadlines

pytestmark = pytest.mark.django_db

RULE_1 = "Nghị định 124/2020/NĐ-CP Đ.28b khoản 1 (bổ sung bởi Nghị định 155/2026/NĐ-CP)"
RULE_2 = "Nghị định 124/2020/NĐ-CP Đ.28b khoản 2 (bổ sung bởi Nghị định 155/2026/NĐ-CP)"
PARTIES = [
    "người khiếu nại",
    "người đại diện người khiếu nại",
    "người bị khiếu nại",
    "người có quyền, nghĩa vụ liên quan",
]


def at(day: dt.date, hour: int = 9) -> None:
    """The clock at `hour` o'clock in Hà Nội on `day`."""
    clock.set_now(dt.datetime(day.year, day.month, day.day, hour - 7, 0, tzinfo=dt.UTC))


def running(case, step: str) -> Deadline:
    return next(d for d in case_deadlines(case=case) if d.step == step and d.status != Deadline.Status.CANCELLED)


def steps(case, step: str) -> list[tuple[str, dt.date]]:
    return [(d.status, d.due_on) for d in case_deadlines(case=case) if d.step == step]


def verifying(cast, on: dt.date, kind: str = Kind.COMPLAINT):
    at(on)
    case = case_accept(
        case=make_case(cast, kind=kind, received_on=on), actor=cast.intake, legal_ground="Đ.27", subject_area="khac"
    )
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    return case_start_verification(case=case, actor=cast.officer)


def papers(case, key: str) -> list[Paper]:
    return list(Paper.objects.filter(target_id=str(case.pk), template_version__template__key=key).order_by("pk"))


def flat(paper: Paper) -> str:
    from tests.papers.conftest import pdf_text

    return " ".join(pdf_text(paper.pdf.read()).split())


def event(case, action: str):
    return audit_events_for(target_type="cases.case", target_id=case.pk).filter(action=action).latest("pk")


# ---- Đ.28b khoản 1: the suspension decision (Mẫu số 14a) is sent within 03 working days -------------


def test_art28b_1_the_suspension_decision_is_sent_within_three_working_days_on_a_clock_the_pause_does_not_stop(cast):
    case = verifying(cast, dt.date(2026, 7, 1))
    at(dt.date(2026, 7, 8))  # Wednesday
    case = expertise_requested(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_EXPERTISE, reason="Giám định lại")
    sending = running(case, "send_suspension")
    # Thu 09, Fri 10, Mon 13/07; counted while the resolution is paused.
    assert (sending.status, sending.due_on, sending.day_unit, sending.rule.source) == (
        Deadline.Status.OPEN,
        dt.date(2026, 7, 13),
        "working",
        RULE_1,
    )
    assert running(case, "resolve").status == Deadline.Status.PAUSED
    # The decision is numbered and addressed to the parties the article names, with its limit.
    (paper,) = papers(case, "case.suspension")
    text = flat(paper)
    assert event(case, "case.suspend").after["decision_number"] == paper.symbol == registered(1)
    assert event(case, "case.suspend").after["sent_to"] == PARTIES
    assert "Căn cứ Điều 28b Nghị định số 124/2020/NĐ-CP (bổ sung bởi Nghị định số 155/2026/NĐ-CP)" in text
    assert (
        "được gửi đến người khiếu nại, người bị khiếu nại, người đại diện người khiếu nại, người có quyền, "
        "nghĩa vụ liên quan trong thời hạn 03 ngày làm việc kể từ ngày ban hành" in text
    )
    assert "Kính gửi: Nguyễn Văn Gửi" in text
    assert "suspension_sent" in case_actions(user=cast.officer, case=case)
    assert "suspension_sent" not in case_actions(user=cast.auditor, case=case)
    with pytest.raises(TransitionNotAllowed):
        case_suspension_sent(case=case, actor=cast.auditor)
    at(dt.date(2026, 7, 10))
    case = case_suspension_sent(case=case, actor=cast.officer, note="Gửi bưu điện")
    assert steps(case, "send_suspension") == [(Deadline.Status.MET, dt.date(2026, 7, 13))]
    assert case.status == Status.SUSPENDED and running(case, "resolve").status == Deadline.Status.PAUSED
    sent = event(case, "case.suspension_sent")
    assert (sent.after["decision_number"], sent.after["sent_to"]) == (paper.symbol, PARTIES)
    assert "suspension_sent" not in case_actions(user=cast.officer, case=case)
    with pytest.raises(TransitionNotAllowed):
        case_suspension_sent(case=case, actor=cast.officer)


def test_art28b_1_a_suspension_decision_sent_late_is_breached_by_the_sweep_and_escalated(cast):
    case = verifying(cast, dt.date(2026, 7, 1))
    at(dt.date(2026, 7, 8))
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_OTHER_BODY)
    at(dt.date(2026, 7, 13), hour=18)
    sweep_deadlines()
    assert running(case, "send_suspension").status == Deadline.Status.OPEN  # due at the end of Monday
    at(dt.date(2026, 7, 14))
    sweep_deadlines()
    assert running(case, "send_suspension").status == Deadline.Status.BREACHED
    assert Escalation.objects.filter(target_id=str(case.pk), deadline__step="send_suspension").exists()
    case.refresh_from_db()
    case = case_suspension_sent(case=case, actor=cast.officer)
    assert steps(case, "send_suspension") == [(Deadline.Status.MET, dt.date(2026, 7, 13))]


# ---- Đ.28b khoản 1: the termination decision --------------------------------------------------------


def test_art28b_1_the_termination_decision_is_sent_within_three_working_days_after_the_case_ends(cast):
    from rest_framework.test import APIClient

    case = verifying(cast, dt.date(2026, 7, 1))
    at(dt.date(2026, 7, 7))  # Tuesday: the suspension decision is due out by Friday 10/07
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_OTHER_BODY)
    at(dt.date(2026, 7, 8))
    case = case_terminate(case=case, actor=cast.leader, ground=TerminationGround.COURT)
    assert case.status == Status.TERMINATED
    sending = running(case, "send_termination")
    assert (sending.status, sending.due_on, sending.rule.source) == (Deadline.Status.OPEN, dt.date(2026, 7, 13), RULE_1)
    # The resolution ends; the suspension decision still has to go out.
    assert [status for status, _due in steps(case, "resolve")] == [Deadline.Status.CANCELLED]
    assert steps(case, "send_suspension") == [(Deadline.Status.OPEN, dt.date(2026, 7, 10))]
    (paper,) = papers(case, "case.termination")
    assert event(case, "case.terminate").after["decision_number"] == paper.symbol
    assert "trong thời hạn 03 ngày làm việc kể từ ngày ban hành" in flat(paper)
    api = APIClient()
    api.force_authenticate(cast.officer)
    detail = api.get(f"/api/cases/{case.pk}/").json()
    assert {"suspension_sent", "termination_sent"} <= set(detail["allowed_actions"])
    assert set(detail["allowed_actions"]) == set(case_actions(user=cast.officer, case=case))
    response = api.post(
        f"/api/cases/{case.pk}/termination_sent/", {"version": case.version, "note": "Gửi trực tiếp"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert "termination_sent" not in response.json()["allowed_actions"]
    assert running(case, "send_termination").status == Deadline.Status.MET
    assert running(case, "send_suspension").status == Deadline.Status.OPEN
    case.refresh_from_db()
    assert event(case, "case.termination_sent").after["sent_to"] == PARTIES


# ---- Đ.28b khoản 2: the resumption decision (Mẫu số 14b) ----------------------------------------------


def test_art28b_2_resuming_a_complaint_is_a_numbered_decision_sent_within_three_working_days(cast, client):
    case = verifying(cast, dt.date(2026, 7, 1))
    resolve_due = running(case, "resolve").due_on
    at(dt.date(2026, 7, 6))  # Monday
    case = expertise_requested(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_EXPERTISE)
    case = case_suspension_sent(case=case, actor=cast.officer)
    at(dt.date(2026, 7, 8))  # Wednesday
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết luận giám định lại")
    assert case.status == Status.VERIFYING
    # The decision, numbered after the suspension in the register, addressed to the complainant and
    # naming the suspension it ends.
    (paper,) = papers(case, "case.complaint_resumption")
    (suspension,) = papers(case, "case.suspension")
    assert (suspension.symbol, paper.symbol) == (registered(1), registered(2))
    assert event(case, "case.resume").after["decision_number"] == paper.symbol
    assert event(case, "case.resume").after["sent_to"] == PARTIES
    text = flat(paper)
    assert "QUYẾT ĐỊNH Về việc tiếp tục giải quyết khiếu nại" in text and "Kính gửi: Nguyễn Văn Gửi" in text
    assert f"Căn cứ Quyết định tạm đình chỉ việc giải quyết khiếu nại số {suspension.symbol} ngày 06/07/2026" in text
    assert "Thời hạn giải quyết khiếu nại tiếp tục được tính từ ngày ban hành Quyết định này" in text
    assert "Đã có kết luận giám định lại" in text and "tố cáo" not in text
    # The resolution limit goes on from today: the two working days paused (Mon 06 → Wed 08) are added.
    resolve = running(case, "resolve")
    assert (resolve.status, resolve.paused_days) == (Deadline.Status.OPEN, 2)
    assert resolve.due_on > resolve_due
    # Its own sending clock: Thu 09, Fri 10, Mon 13/07.
    sending = running(case, "send_resumption")
    assert (sending.status, sending.due_on, sending.rule.source) == (Deadline.Status.OPEN, dt.date(2026, 7, 13), RULE_2)
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/action/resumption_sent/" in page
    response = client.post(
        f"/cases/{case.pk}/action/resumption_sent/", {"version": case.version, "note": "Gửi bưu điện"}
    )
    assert response.status_code in (200, 302), response.content
    case.refresh_from_db()
    assert steps(case, "send_resumption") == [(Deadline.Status.MET, dt.date(2026, 7, 13))]
    sent = event(case, "case.resumption_sent")
    assert (sent.after["decision_number"], sent.after["sent_to"]) == (paper.symbol, PARTIES)
    with pytest.raises(TransitionNotAllowed):
        case_resumption_sent(case=case, actor=cast.officer)


def test_art28b_2_a_resumption_decision_sent_late_is_breached_and_survives_a_new_suspension_and_closing(cast):
    case = verifying(cast, dt.date(2026, 7, 1))
    at(dt.date(2026, 7, 6))
    case = expertise_requested(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_EXPERTISE)
    at(dt.date(2026, 7, 8))
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết quả")
    at(dt.date(2026, 7, 9))
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_OTHER_BODY)
    # A new suspension pauses the resolution only.
    assert running(case, "send_resumption").status == Deadline.Status.OPEN
    assert running(case, "resolve").status == Deadline.Status.PAUSED
    at(dt.date(2026, 7, 14))
    sweep_deadlines()
    assert running(case, "send_resumption").status == Deadline.Status.BREACHED
    assert Escalation.objects.filter(target_id=str(case.pk), deadline__step="send_resumption").exists()
    case.refresh_from_db()
    case = case_resume(case=case, actor=cast.chair, reason="Cơ quan khác đã có kết quả")
    # Two resumptions, two decisions; the step's one clock covers both until the sending is recorded.
    assert len(papers(case, "case.complaint_resumption")) == 2
    assert [status for status, _due in steps(case, "send_resumption")] == [Deadline.Status.BREACHED]
    case = case_terminate(case=case, actor=cast.leader, ground=TerminationGround.COURT)
    assert running(case, "send_resumption").status == Deadline.Status.BREACHED
    assert "resumption_sent" in case_actions(user=cast.officer, case=case)
    case = case_resumption_sent(case=case, actor=cast.officer)
    assert [status for status, _due in steps(case, "send_resumption")] == [Deadline.Status.MET]


def test_closing_a_complaint_keeps_an_unsent_resumption_decision_on_its_clock(cast):
    from casework.cases.services import case_approve, case_decide, case_notify_result, case_propose

    case = verifying(cast, dt.date(2026, 7, 1))
    at(dt.date(2026, 7, 6))
    case = expertise_requested(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_EXPERTISE)
    case = case_suspension_sent(case=case, actor=cast.officer)
    at(dt.date(2026, 7, 8))
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết quả")
    case = dialogued(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng một phần.", outcome="partly")
    case = case_approve(case=case, actor=cast.leader)
    case = case_decide(case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Quyết định.", outcome="partly")
    case = case_notify_result(case=case, actor=cast.officer)
    case = case_close(case=case, actor=cast.officer, note="Lưu trữ")
    assert case.status == Status.CLOSED
    assert running(case, "send_resumption").status == Deadline.Status.OPEN
    assert "resumption_sent" in case_actions(user=cast.officer, case=case)


def test_a_denunciation_resumes_as_before_without_a_sending_clock_for_its_resumption(cast):
    case = verifying(cast, dt.date(2026, 7, 1), kind=Kind.DENUNCIATION)
    at(dt.date(2026, 7, 6))
    case = expertise_requested(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_EXPERTISE)
    assert running(case, "send_suspension").rule.source == "Luật Tố cáo 2018 Đ.34 khoản 4"
    assert running(case, "send_suspension").due_on == dt.date(2026, 7, 13)  # 05 working days
    at(dt.date(2026, 7, 8))
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết quả")
    assert len(papers(case, "case.resumption")) == 1 and papers(case, "case.complaint_resumption") == []
    assert steps(case, "send_resumption") == []
    assert event(case, "case.resume").after["sent_to"] == [
        "người tố cáo",
        "người bị tố cáo",
        "cơ quan, tổ chức có liên quan",
    ]
    assert "resumption_sent" not in case_actions(user=cast.officer, case=case)


# ---- Đ.3a: a complaint is complex only on a ground the article lists ----------------------------------


def test_art3a_a_complaint_is_not_found_complex_without_a_ground(cast):
    case = verifying(cast, dt.date(2026, 7, 1))
    due = running(case, "resolve").due_on
    version = case.version
    for grounds in (None, [], ["", " "]):
        with pytest.raises(ValidationFailed) as err:
            case_complexity_decide(
                case=case, actor=cast.leader, complexity="complex", reason="Nhiều nơi", grounds=grounds
            )
        assert "Điều 3a Nghị định 124/2020/NĐ-CP" in str(err.value.fields["grounds"])
    with pytest.raises(ValidationFailed) as err:
        case_complexity_decide(case=case, actor=cast.leader, complexity="complex", reason="x", grounds=["<script>"])
    assert "grounds" in err.value.fields
    with pytest.raises(ValidationFailed):  # a plain complaint names no ground
        case_complexity_decide(case=case, actor=cast.leader, complexity="normal", reason="Đơn giản", grounds=["places"])
    case.refresh_from_db()
    assert (case.is_complex, case.complexity_grounds, case.version) == (False, [], version)
    assert running(case, "resolve").due_on == due
    assert not audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.complexity").exists()


def test_art3a_the_grounds_are_stored_cited_in_the_decision_shown_and_audited(cast, client):
    case = verifying(cast, dt.date(2026, 7, 1))
    due = running(case, "resolve").due_on
    case = case_complexity_decide(
        case=case,
        actor=cast.leader,
        complexity="complex",
        reason="Phải xác minh tại hai bệnh viện, chứng cứ mâu thuẫn",
        grounds=["conflicting_evidence", "places", "places"],
    )
    assert case.is_complex and case.complexity_grounds == ["places", "conflicting_evidence"]
    assert case.complexity_decision.endswith("; căn cứ điểm a, g khoản 1 Điều 3a Nghị định 124/2020/NĐ-CP")
    assert running(case, "resolve").due_on > due  # 30 → 45 days
    audited = event(case, "case.complexity")
    assert (audited.before["complexity_grounds"], audited.after["complexity_grounds"]) == (
        [],
        ["places", "conflicting_evidence"],
    )
    client.force_login(cast.leader)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Khiếu nại về một nội dung nhưng phải xác minh từ 02 địa điểm trở lên" in page
    assert "Có tài liệu, chứng cứ mâu thuẫn với nhau" in page


def test_art3a_the_page_and_the_api_ask_a_complaint_for_its_grounds_and_not_a_denunciation(cast, client):
    from rest_framework.test import APIClient

    complaint = verifying(cast, dt.date(2026, 7, 1))
    denunciation = verifying(cast, dt.date(2026, 7, 1), kind=Kind.DENUNCIATION)
    client.force_login(cast.leader)
    form = client.get(f"/cases/{complaint.pk}/").content.decode()
    assert 'name="grounds"' in form and 'value="many_bodies"' in form and 'value="especially_complex"' not in form
    assert 'name="grounds"' not in client.get(f"/cases/{denunciation.pk}/").content.decode()
    response = client.post(
        f"/cases/{complaint.pk}/action/complexity/",
        {"version": complaint.version, "complexity": "complex", "reason": "Nhiều người cùng khiếu nại"},
    )
    assert response.status_code == 400 and "Điều 3a" in response.content.decode()
    complaint.refresh_from_db()
    assert not complaint.is_complex
    api = APIClient()
    api.force_authenticate(cast.leader)
    response = api.post(
        f"/api/cases/{complaint.pk}/complexity/",
        {"version": complaint.version, "complexity": "complex", "reason": "Nhiều người", "grounds": []},
        format="json",
    )
    assert response.status_code == 400 and "grounds" in str(response.json())
    response = api.post(
        f"/api/cases/{complaint.pk}/complexity/",
        {"version": complaint.version, "complexity": "complex", "reason": "Nhiều người", "grounds": ["many_people"]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["complexity_grounds"] == ["many_people"]
    # A denunciation names the criteria of Nghị định 31/2019/NĐ-CP Đ.3, never the grounds of Đ.3a.
    with pytest.raises(ValidationFailed):
        case_complexity_decide(
            case=denunciation, actor=cast.leader, complexity="complex", reason="Nhiều đơn vị", grounds=["places"]
        )
    denunciation = case_complexity_decide(
        case=denunciation,
        actor=cast.leader,
        complexity="especially_complex",
        reason="Nhiều đơn vị",
        criteria=["places", "contents"],
    )
    assert denunciation.is_especially_complex and denunciation.complexity_grounds == []
    assert "Điều 3a" not in denunciation.complexity_decision
