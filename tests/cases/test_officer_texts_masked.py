"""What officers type on a denunciation after intake (triage note, verification plan, proposal,
conclusion, the reasons of its steps, the evidence of a flag raised from it) is stored and sent through
the case's masks: the case's columns, its audit trail, the timeline and case pages, the notifications
and the flag hold "[đã che]", never the denouncer's name or phone. A complaint's texts stay as typed."""

from __future__ import annotations

import pytest

from casework.audit.selectors import audit_events_for
from casework.audit.timeline import event_reason
from casework.cases.identity import is_sealed, unseal
from casework.cases.models import Case, Kind, Outcome, SuspensionGround
from casework.cases.redaction import MASK
from casework.cases.services import (
    SubmitterData,
    case_accept,
    case_approve,
    case_assign,
    case_conclude,
    case_denounced_notice_sent,
    case_guide,
    case_handle_conclusion,
    case_propose,
    case_record_dialogue,
    case_redaction_save,
    case_resume,
    case_send_back,
    case_start_verification,
    case_suspend,
)
from casework.inspections.models import Flag
from notifications.models import Notification, OutboxMessage
from tests.builders import DECISION_PARTS, before_dialogue, dialogue, expertise_requested, explained

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Văn Gửi"
PHONE = "0912345678"
# How an officer may write them: another case, the phone grouped with spaces or dots.
WRITTEN = [NAME, NAME.upper(), PHONE, "0912 345 678", "0912.345.678", "0912-345-678"]


def said(what: str) -> str:
    return f"{what}: đã làm việc với ông {NAME.upper()} (ĐT 0912.345.678, 0912 345 678) về nội dung tố cáo."


def _leaked(text: str) -> list[str]:
    return [w for w in WRITTEN if w.casefold() in text.casefold()]


def _event_texts(case: Case) -> str:
    """Every event of the case as stored, its sealed reason and values opened."""
    texts = []
    for event in audit_events_for(target_type="cases.case", target_id=case.pk):
        texts.append(event_reason(event))
        for values in (event.before, event.after):
            if isinstance(values, dict):
                texts += [str(unseal(v, case=case) if is_sealed(v) else v) for v in values.values()]
    return "\n".join(texts)


@pytest.fixture
def denunciation(cast, make_case):
    return make_case(kind=Kind.DENUNCIATION, submitters=[SubmitterData(full_name=NAME, phone=PHONE)])


def _walk(cast, case: Case) -> Case:
    """Accepted, verified, suspended and resumed, proposed, sent back, proposed again, approved,
    concluded and handled with a flag: every text typed naming the denouncer."""
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground=said("Căn cứ thụ lý"))
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer, plan=said("Kế hoạch xác minh"))
    case = expertise_requested(case, cast.chair)
    case = case_suspend(
        case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_EXPERTISE, reason=said("Lý do tạm đình chỉ")
    )
    case = case_resume(case=case, actor=cast.chair, reason=said("Lý do tiếp tục"))
    case = explained(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal=said("Đề xuất"), outcome=Outcome.FOUNDED)
    case = case_send_back(case=case, actor=cast.chair, reason=said("Trả lại"))
    case = explained(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal=said("Đề xuất lần hai"), outcome=Outcome.FOUNDED)
    case = case_approve(case=case, actor=cast.chair)
    case = case_denounced_notice_sent(case=case, actor=cast.officer)  # Luật Tố cáo 2018 Đ.29 khoản 3
    case = case_conclude(
        case=case, actor=cast.officer, **DECISION_PARTS, decision_text=said("Kết luận"), outcome=Outcome.FOUNDED
    )
    return case_handle_conclusion(
        case=case, actor=cast.leader, note=said("Xử lý kết luận"), flag_evidence=said("Chứng cứ")
    )


def test_a_denunciations_typed_texts_are_stored_masked_a_complaints_as_typed(cast, denunciation, make_case):
    case = Case.objects.get(pk=_walk(cast, denunciation).pk)
    for field in ("legal_ground", "suspension_reason", "resumption_reason", "proposal", "decision_text"):
        value = getattr(case, field)
        assert MASK in value and "nội dung tố cáo" in value and _leaked(value) == [], field
    events = _event_texts(case)
    assert MASK in events and "Trả lại" in events and _leaked(events) == []

    with before_dialogue():  # accepted five days ago: its dialogue may be held today
        complaint = make_case(kind=Kind.COMPLAINT, submitters=[SubmitterData(full_name=NAME, phone=PHONE)])
        complaint = case_accept(subject_area="khac", case=complaint, actor=cast.intake, legal_ground=said("Căn cứ"))
    complaint = case_assign(case=complaint, actor=cast.chair, assignee=cast.officer)
    complaint = case_start_verification(case=complaint, actor=cast.officer, plan=said("Kế hoạch"))
    complaint = case_record_dialogue(case=complaint, actor=cast.officer, **dialogue(record=said("Biên bản")))
    complaint = Case.objects.get(pk=complaint.pk)
    assert complaint.legal_ground == said("Căn cứ") and complaint.dialogue_record == said("Biên bản")
    assert said("Kế hoạch") in _event_texts(complaint) and MASK not in _event_texts(complaint)


def test_the_triage_note_of_a_denunciation_is_masked(cast, denunciation):
    case = case_guide(case=denunciation, actor=cast.intake, guidance=said("Đã hướng dẫn"), subject_area="khac")
    stored = Case.objects.get(pk=case.pk).triage_note
    assert stored.startswith("Đã hướng dẫn: đã làm việc với ông [đã che]") and _leaked(stored) == []
    assert _leaked(_event_texts(case)) == []


def test_leaders_and_auditors_read_the_masked_texts_on_the_case_page_and_timeline(cast, denunciation, client):
    case = _walk(cast, denunciation)
    for user in (cast.leader, cast.auditor):
        client.force_login(user)
        for url in (f"/cases/{case.pk}/", f"/audit/timeline/cases.case/{case.pk}/"):
            response = client.get(url)
            assert response.status_code == 200, (user, url)
            page = response.content.decode()
            assert MASK in page and _leaked(page) == [], (user, url)


def test_notifications_and_the_flag_raised_from_the_case_carry_the_masked_texts(cast, denunciation):
    case = _walk(cast, denunciation)
    told = Notification.objects.filter(url__contains=f"/cases/{case.pk}/")
    bodies = "\n".join(f"{n.title}\n{n.body}" for n in told)
    assert "Trả lại" in bodies and "Lý do tạm đình chỉ" in bodies and MASK in bodies
    assert _leaked(bodies) == []
    assert _leaked("\n".join(f"{m.subject}\n{m.body}" for m in OutboxMessage.objects.all())) == []
    flag = Flag.objects.get(pk=int(Case.objects.get(pk=case.pk).flag_ref.split(":")[1]))
    assert flag.evidence.startswith("Chứng cứ: đã làm việc với ông [đã che]") and _leaked(flag.evidence) == []


def test_a_mask_the_officer_adds_applies_to_the_texts_typed_after(cast, denunciation):
    case = case_accept(subject_area="khac", case=denunciation, actor=cast.intake, legal_ground="Luật Tố cáo Đ.29")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_redaction_save(case=case, actor=cast.officer, masks=[NAME, PHONE, "chị Hoa, kế toán"])
    case = case_start_verification(case=case, actor=cast.officer, plan="Gặp chị Hoa, kế toán để xác minh.")
    case = explained(case, cast.officer)
    case = case_propose(
        case=case, actor=cast.officer, proposal="Theo chị Hoa,  kế toán: tố cáo đúng.", outcome=Outcome.FOUNDED
    )
    assert Case.objects.get(pk=case.pk).proposal == f"Theo {MASK}: tố cáo đúng."
    events = _event_texts(case)
    assert f"Gặp {MASK} để xác minh." in events and "Hoa" not in events


def test_with_no_masks_stored_the_masks_proposed_from_the_identity_apply(cast, denunciation):
    Case.objects.filter(pk=denunciation.pk).update(redaction_sealed="")
    case = case_accept(
        subject_area="khac", case=Case.objects.get(pk=denunciation.pk), actor=cast.intake, legal_ground=said("Căn cứ")
    )
    assert Case.objects.get(pk=case.pk).legal_ground.startswith(f"Căn cứ: đã làm việc với ông {MASK}")


def test_the_officer_who_typed_the_name_reads_the_masked_text_and_a_note_saying_so(cast, denunciation, client):
    case = case_accept(subject_area="khac", case=denunciation, actor=cast.intake, legal_ground="Luật Tố cáo Đ.29")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    client.force_login(cast.officer)
    response = client.post(
        f"/cases/{case.pk}/action/start_verification/",
        {"note": said("Kế hoạch xác minh"), "version": Case.objects.get(pk=case.pk).version, "confirmed": "1"},
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200 and "hồ sơ lưu nội dung đã che" in page
    assert _leaked(page) == [] and _leaked(_event_texts(case)) == []
    explained(Case.objects.get(pk=case.pk), cast.officer)
    response = client.post(
        f"/cases/{case.pk}/action/propose/",
        {
            "proposal": "Tố cáo đúng.",
            "outcome": Outcome.FOUNDED,
            "version": Case.objects.get(pk=case.pk).version,
            "confirmed": "1",
        },
        follow=True,
    )
    assert response.status_code == 200 and "hồ sơ lưu nội dung đã che" not in response.content.decode()
