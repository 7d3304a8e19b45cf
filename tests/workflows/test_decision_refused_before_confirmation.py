"""A leader's decision on an escalation that the target's own handler refuses (a discipline proposal while one
waits for the secret ballot or on a flag ended without inspection, QĐ 5130/QĐ-TLĐ; approving a complaint's
proposal made without the dialogue, Luật Khiếu nại 2011 Đ.30 khoản 1; a denunciation's new due day past the
30 days of Luật Tố cáo 2018 Đ.30) is refused by the server's check, with the handler's own message, before the
page asks to confirm it: no confirmation, nothing written. The decision applies the same rule again, so a change
made between the check and the confirmation (another person acting meanwhile) is refused too, and the API
answers the same refusal with the same status as before."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.cases.models import Case, DisciplineProceeding, Kind, Outcome
from casework.cases.services import (
    case_accept,
    case_assign,
    case_complexity_decide,
    case_propose,
    case_start_verification,
)
from casework.inspections import services as inspections
from casework.inspections.models import DisciplineProposal, Flag
from core import clock
from tests.builders import api_client, before_dialogue, conclude, decided, explained, open_ad_hoc, raise_flag
from workflows.models import Deadline, Escalation
from workflows.services.escalations import escalation_decide, escalation_open

pytestmark = pytest.mark.django_db

REASON = "Cần lãnh đạo cho ý kiến."


def _escalate(cast, target, unit) -> Escalation:
    return escalation_open(target=target, unit=unit, reason=REASON, actor=cast.chair)


def _proposed(cast, make_case, *, kind: str = Kind.COMPLAINT) -> Case:
    with before_dialogue():
        case = case_accept(subject_area="khac", case=make_case(kind=kind), actor=cast.intake, legal_ground="x")
        case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = explained(case, cast.officer)
    return case_propose(case=case, actor=cast.officer, proposal="Đề xuất", outcome=Outcome.FOUNDED)


def _checked(client, cast, escalation: Escalation, values: dict, *, message: str) -> None:
    """The check page refuses `values` with `message`: no confirmation asked, nothing written."""
    client.force_login(cast.leader)
    events = AuditEvent.objects.count()
    response = client.post(reverse("workflows:detail", args=[escalation.pk]), {**values, "version": escalation.version})
    text = response.content.decode()
    assert response.status_code == 400
    assert message in text
    assert "data-confirmation" not in text and 'name="confirmed"' not in text
    assert AuditEvent.objects.count() == events
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.PENDING and not escalation.decision


def _discipline(reason: str = "Đề nghị kỷ luật", form: str = "canh_cao") -> dict:
    return {"decision": "discipline", "discipline": form, "reason": reason}


def test_a_complaints_proposal_made_without_the_dialogue_is_not_offered_for_confirmation(
    client, cast, make_case, frozen_clock
):
    case = _proposed(cast, make_case)
    # Found partly founded with no dialogue held (as an imported case stands): Luật Khiếu nại 2011 Đ.30 khoản 1.
    Case.objects.filter(pk=case.pk).update(outcome=Outcome.PARTLY)
    escalation = _escalate(cast, case, case.unit)
    _checked(
        client,
        cast,
        escalation,
        {"decision": "approve", "reason": "Đồng ý đề xuất"},
        message="Chưa thể phê duyệt đề xuất",
    )


def test_a_denunciations_new_due_day_past_thirty_days_is_refused_before_confirmation(
    client, cast, make_case, frozen_clock
):
    case = case_accept(subject_area="khac", case=make_case(kind=Kind.DENUNCIATION), actor=cast.intake, legal_ground="x")
    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Nhiều nội dung", criteria=["places"]
    )
    due = Deadline.objects.get(target_type="cases.case", target_id=str(case.pk), step="resolve").due_on
    escalation = _escalate(cast, case, case.unit)
    too_far = due + dt.timedelta(days=90)
    _checked(
        client,
        cast,
        escalation,
        {"decision": "extend", "reason": "Vụ việc phức tạp", "new_due_on": too_far.isoformat()},
        message="Hạn mới phải sau",
    )
    # The API answers the same refusal as it always did: 400 on the new due day.
    answer = api_client(cast.leader).post(
        f"/api/escalations/{escalation.pk}/decide/",
        {"decision": "extend", "reason": "Vụ việc phức tạp", "new_due_on": too_far.isoformat()},
        format="json",
    )
    assert answer.status_code == 400 and "new_due_on" in str(answer.json())
    assert Case.objects.get(pk=case.pk).extensions == 0


def test_discipline_on_a_denunciation_not_yet_concluded_is_refused_before_confirmation(
    client, cast, make_case, frozen_clock
):
    """Luật Tố cáo 2018 Đ.36 khoản 1: the person denounced is dealt with on the ground of the conclusion."""
    case = _proposed(cast, make_case, kind=Kind.DENUNCIATION)
    escalation = _escalate(cast, case, case.unit)
    _checked(client, cast, escalation, _discipline(), message="Điều 36 khoản 1")
    answer = api_client(cast.leader).post(f"/api/escalations/{escalation.pk}/decide/", _discipline(), format="json")
    assert answer.status_code == 409 and "Điều 36 khoản 1" in str(answer.json())
    assert not case.disciplines.exists()


def test_a_second_discipline_proposal_on_a_case_is_refused_before_confirmation(client, cast, make_case, frozen_clock):
    case = decided(cast, kind=Kind.DENUNCIATION)
    escalation_decide(escalation=_escalate(cast, case, case.unit), actor=cast.leader, **_discipline())
    escalation = _escalate(cast, case, case.unit)
    _checked(client, cast, escalation, _discipline(), message="Hồ sơ đã có đề nghị kỷ luật đang chờ bỏ phiếu kín.")
    answer = api_client(cast.leader).post(f"/api/escalations/{escalation.pk}/decide/", _discipline(), format="json")
    assert answer.status_code == 400 and "Hồ sơ đã có đề nghị kỷ luật" in str(answer.json())
    # Decided by the ballot: the same person is not disciplined twice for the one violation.
    DisciplineProceeding.objects.filter(case=case).update(status=DisciplineProceeding.Status.DECIDED)
    _checked(client, cast, escalation, _discipline(), message="Một vi phạm chỉ bị xử lý kỷ luật một lần")


def test_discipline_on_a_flag_ended_without_inspection_is_refused_before_confirmation(client, cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = inspections.flag_escalate(flag=flag, actor=cast.chair, reason=REASON)
    # Ended meanwhile on a ground by a decision on another escalation of it (the sweep's, on its breach).
    ended = Escalation.objects.create(
        target_type="inspections.flag",
        target_id=str(flag.pk),
        unit=flag.unit,
        level=flag.unit,
        reason="Quá hạn",
        automatic=True,
        status=Escalation.Status.DECIDED,
        decision="approve",
        ground="merged",
        decided_by=cast.leader,
        decided_at=clock.now(),
        created_at=clock.now(),
    )
    Flag.objects.filter(pk=flag.pk).update(
        status=Flag.Status.DECIDED,
        escalation_id=ended.pk,
        decision="approve",
        end_ground="merged",
        decision_reason="Đã gộp",
        closed_at=clock.now(),
    )
    _checked(client, cast, escalation, _discipline(), message="đã kết thúc không qua kiểm tra")
    answer = api_client(cast.leader).post(f"/api/escalations/{escalation.pk}/decide/", _discipline(), format="json")
    assert answer.status_code == 409


def test_discipline_on_a_flag_with_a_proposal_waiting_for_the_ballot_is_refused_before_confirmation(
    client, cast, frozen_clock
):
    flag = raise_flag(cast)
    escalation = inspections.flag_escalate(flag=flag, actor=cast.chair, reason=REASON)
    inspections.flag_discipline_propose(
        flag=flag,
        actor=cast.inspector,
        subject_kind="member",
        subject_name="Nguyễn Văn Chi",
        violation_forms=["canh_cao"],
        reason="Chi sai quy chế",
    )
    _checked(client, cast, escalation, _discipline(), message="Đã có đề nghị kỷ luật đang chờ bỏ phiếu kín.")


def test_putting_a_conclusions_proposal_to_the_ballot_while_another_waits_is_refused_before_confirmation(
    client, cast, frozen_clock
):
    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    item = DisciplineProposal.objects.create(
        inspection=inspection, person="Trần Văn Bình", proposal="canh_cao", reason="Chi sai", created_at=clock.now()
    )
    escalation = _escalate(cast, item, inspection.unit)
    inspections.discipline_propose(
        inspection=inspection, person="Nguyễn Văn Chi", proposal="canh_cao", reason="Chi sai", actor=cast.inspector
    )
    _checked(client, cast, escalation, _discipline(), message="Đã có đề nghị kỷ luật đang chờ bỏ phiếu kín.")


def test_a_change_made_between_the_check_and_the_confirmation_is_refused_on_confirming(client, cast, frozen_clock):
    """Two people at once: the leader is asked to confirm a discipline proposal on a flag; meanwhile an
    inspector proposes discipline on it; the confirmation is refused by the same rule, nothing written."""
    flag = raise_flag(cast)
    escalation = inspections.flag_escalate(flag=flag, actor=cast.chair, reason=REASON)
    url = reverse("workflows:detail", args=[escalation.pk])
    values = {**_discipline(), "version": escalation.version}
    client.force_login(cast.leader)
    asked = client.post(url, values)
    assert asked.status_code == 200 and 'name="confirmed" value="1"' in asked.content.decode()
    inspections.flag_discipline_propose(
        flag=flag,
        actor=cast.inspector,
        subject_kind="member",
        subject_name="Nguyễn Văn Chi",
        violation_forms=["canh_cao"],
        reason="Chi sai quy chế",
    )
    events = AuditEvent.objects.count()
    refused = client.post(url, {**values, "confirmed": "1"})
    assert refused.status_code == 400
    assert "Đã có đề nghị kỷ luật đang chờ bỏ phiếu kín." in refused.content.decode()
    assert AuditEvent.objects.count() == events
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.PENDING and not escalation.decision
    assert DisciplineProceeding.objects.filter(flag=flag).count() == 1


def test_an_approval_the_check_passed_still_goes_through(client, cast, make_case, frozen_clock):
    """The check asks the handler's rules only: a decision they take is confirmed and applied as before."""
    case = _proposed(cast, make_case)
    escalation = _escalate(cast, case, case.unit)
    url = reverse("workflows:detail", args=[escalation.pk])
    values = {"decision": "approve", "reason": "Đồng ý đề xuất", "version": escalation.version}
    client.force_login(cast.leader)
    assert 'name="confirmed" value="1"' in client.post(url, values).content.decode()
    assert client.post(url, {**values, "confirmed": "1"}).status_code == 302
    assert Case.objects.get(pk=case.pk).status == "approved"
