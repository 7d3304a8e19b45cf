"""Suspension, resumption and termination of a denunciation (Luật Tố cáo 2018 Đ.34): on the grounds
the article lists, each a numbered written decision sent to the denouncer and the person denounced."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.audit.selectors import audit_events_for
from casework.cases.models import Kind, Status, SuspensionGround, TerminationGround
from casework.cases.services import (
    case_accept,
    case_assign,
    case_resume,
    case_start_verification,
    case_suspend,
    case_terminate,
)
from casework.papers.models import Paper
from casework.papers.services import paper_issue, paper_keys_to_issue
from casework.reports.documents import case_notice_document
from core.errors import ValidationFailed
from notifications.models import Notification
from tests.builders import expertise_requested, registered

pytestmark = pytest.mark.django_db


def _verifying(cast, make_case, **kwargs):
    case = case_accept(subject_area="khac", case=make_case(**kwargs), actor=cast.intake, legal_ground="Căn cứ thụ lý")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    return case_start_verification(case=case, actor=cast.officer)


@pytest.mark.parametrize("ground", [SuspensionGround.HEIR_PENDING, SuspensionGround.SUCCESSOR_PENDING])
def test_art34_a_denunciation_is_not_suspended_on_a_complaint_only_ground(cast, make_case, ground):
    case = _verifying(cast, make_case, kind=Kind.DENUNCIATION)
    with pytest.raises(ValidationFailed) as err:
        case_suspend(case=case, actor=cast.chair, ground=ground, reason="Người gửi đơn qua đời")
    assert "Điều 34" in str(err.value.fields["ground"])
    case.refresh_from_db()
    assert case.status == Status.VERIFYING
    # The same ground stays open to a complaint (Luật 136/2025/QH15).
    complaint = _verifying(cast, make_case, kind=Kind.COMPLAINT)
    assert case_suspend(case=complaint, actor=cast.chair, ground=ground).status == Status.SUSPENDED


DENOUNCER = "Nguyễn Văn Gửi"


def _flat(data: bytes) -> str:
    from tests.papers.conftest import pdf_text

    return " ".join(pdf_text(data).split())


def _events(case, action):
    return list(audit_events_for(target_type="cases.case", target_id=case.pk).filter(action=action))


def _papers(case, key):
    return list(
        Paper.objects.filter(
            target_type="cases.case", target_id=str(case.pk), template_version__template__key=key
        ).order_by("number")
    )


def test_art34_resuming_a_denunciation_is_a_numbered_decision_issued_with_the_step(cast, make_case, frozen_clock):
    case = _verifying(cast, make_case, kind=Kind.DENUNCIATION)
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_OTHER_BODY, reason="Chờ Thanh tra")
    (suspension,) = _papers(case, "case.suspension")
    assert "case.resumption" not in paper_keys_to_issue(case)
    case = case_resume(case=case, actor=cast.chair, reason="Thanh tra tỉnh đã có kết luận số 12/KL-TTr")
    (first,) = _papers(case, "case.resumption")
    assert first.symbol == registered(2) and first.signer == cast.leader
    (event,) = _events(case, "case.resume")
    assert event.after["decision_number"] == first.symbol
    assert event.after["sent_to"] == ["người tố cáo", "người bị tố cáo", "cơ quan, tổ chức có liên quan"]
    text = _flat(first.pdf.read())
    assert "QUYẾT ĐỊNH Về việc tiếp tục giải quyết tố cáo" in text and "Căn cứ Điều 34 Luật Tố cáo 2018" in text
    assert f"Quyết định tạm đình chỉ việc giải quyết tố cáo số {suspension.symbol} ngày 02/03/2026" in text
    assert "Thanh tra tỉnh đã có kết luận số 12/KL-TTr" in text
    assert "Thời gian tạm đình chỉ không tính vào thời hạn giải quyết tố cáo" in text
    assert "Người bị tố cáo: Trần Thị Bị" in text and DENOUNCER not in text
    # Suspended again and resumed again: each resumption its own decision, with the next number.
    case = expertise_requested(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_EXPERTISE)
    assert "case.resumption" not in paper_keys_to_issue(case)
    # A copy of the first resumption made now still names the suspension it ended, not the new one.
    copy = _flat(case_notice_document(case, "resumption", to="denounced"))
    assert f"Số: {first.symbol}" in copy and f"số {suspension.symbol}" in copy and registered(3) not in copy
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết luận giám định lại")
    assert [p.symbol for p in _papers(case, "case.resumption")] == [registered(2), registered(4)]
    second = _flat(_papers(case, "case.resumption")[1].pdf.read())
    assert "Đã có kết luận giám định lại" in second
    # The second resumption ends the second suspension, and names it.
    assert f"tố cáo số {registered(3)} ngày" in second and f"số {suspension.symbol}" not in second
    with pytest.raises(ValidationFailed):
        paper_issue(target=case, key="case.resumption", actor=cast.leader)


@pytest.mark.parametrize("step", ["suspend", "resume", "terminate"])
def test_art34_each_decision_reaches_the_denouncer_and_the_person_denounced(cast, make_case, client, step):
    case = _verifying(cast, make_case, kind=Kind.DENUNCIATION, subject_user=cast.subject_rep)
    case = expertise_requested(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_EXPERTISE, reason="Giám định lại")
    notice, key, action, title = "suspension", "case.suspension", "case.suspend", "Quyết định tạm đình chỉ"
    if step == "resume":
        case = case_resume(case=case, actor=cast.chair, reason="Đã có kết luận giám định lại")
        notice, key, action, title = "resumption", "case.resumption", "case.resume", "Quyết định tiếp tục"
    elif step == "terminate":
        case = case_terminate(
            case=case, actor=cast.leader, ground=TerminationGround.DENOUNCED_DIED, reason="Theo giấy chứng tử"
        )
        notice, key, action, title = "termination", "case.termination", "case.terminate", "Quyết định đình chỉ"
    paper = _papers(case, key)[-1]
    (event,) = _events(case, action)
    assert event.after["decision_number"] == paper.symbol
    assert event.after["sent_to"] == ["người tố cáo", "người bị tố cáo", "cơ quan, tổ chức có liên quan"]
    register_copy = _flat(paper.pdf.read())
    assert "Người tố cáo;" in register_copy and DENOUNCER not in register_copy
    if step != "resume":  # Đ.34: the reason, and sent within 05 working days
        assert "05 ngày làm việc" in register_copy
        assert ("Giám định lại" if step == "suspend" else "Theo giấy chứng tử") in register_copy
    # The person denounced is told of the decision and its number, with no link into the case and
    # nothing that names the denouncer.
    told = Notification.objects.get(user=cast.subject_rep, title__startswith=title)
    assert paper.symbol in told.title and told.url == "" and DENOUNCER not in f"{told.title} {told.body}"
    # The two copies, from the case page: addressed to the denouncer (who may see the identity) and
    # to the person denounced (never the identity), both with the register's number.
    client.force_login(cast.chair)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    url = f"/reports/documents/case/{case.pk}/{notice}.pdf"
    assert f"{url}?to=denouncer" in page and f"{url}?to=denounced" in page
    to_denouncer = _flat(client.get(url, {"to": "denouncer"}).content)
    assert f"Kính gửi: {DENOUNCER}" in to_denouncer and paper.symbol in to_denouncer
    to_denounced = _flat(client.get(url, {"to": "denounced"}).content)
    assert "Kính gửi: Trần Thị Bị" in to_denounced and DENOUNCER not in to_denounced


def test_art34_the_suspension_form_of_a_denunciation_offers_only_its_two_grounds(cast, make_case, client):
    case = _verifying(cast, make_case, kind=Kind.DENUNCIATION)
    client.force_login(cast.chair)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'value="{SuspensionGround.AWAIT_EXPERTISE}"' in page
    assert f'value="{SuspensionGround.HEIR_PENDING}"' not in page
    complaint = _verifying(cast, make_case, kind=Kind.COMPLAINT)
    assert f'value="{SuspensionGround.HEIR_PENDING}"' in client.get(f"/cases/{complaint.pk}/").content.decode()


def test_art34_the_page_suspends_and_the_api_resumes_each_with_its_numbered_decision(cast, make_case, client):
    from rest_framework.test import APIClient

    case = _verifying(cast, make_case, kind=Kind.DENUNCIATION)
    client.force_login(cast.chair)
    response = client.post(
        f"/cases/{case.pk}/action/suspend/",
        {"version": case.version, "ground": SuspensionGround.AWAIT_OTHER_BODY, "reason": "Chờ Tòa án"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.SUSPENDED and [p.symbol for p in _papers(case, "case.suspension")] == [registered(1)]
    api = APIClient()
    api.force_authenticate(cast.chair)
    # A number sent with the action is not an input: the register's is taken.
    answer = api.post(
        f"/api/cases/{case.pk}/resume/",
        {"reason": "Tòa án đã xét xử xong", "decision_number": "99/QĐ-BTV", "version": case.version},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    (paper,) = _papers(case, "case.resumption")
    assert paper.symbol == registered(2) and _events(case, "case.resume")[0].after["decision_number"] == registered(2)
    case.refresh_from_db()
    assert case.status == Status.VERIFYING and case.resumption_reason == "Tòa án đã xét xử xong"


def test_art34_a_denunciation_ends_on_a_final_judgment_not_on_a_court_merely_accepting_it(cast, make_case):
    case = _verifying(cast, make_case, kind=Kind.DENUNCIATION)
    with pytest.raises(ValidationFailed) as err:
        case_terminate(case=case, actor=cast.leader, ground=TerminationGround.COURT)
    assert "Điều 34" in str(err.value.fields["ground"])
    complaint = _verifying(cast, make_case, kind=Kind.COMPLAINT)
    with pytest.raises(ValidationFailed):
        case_terminate(case=complaint, actor=cast.leader, ground=TerminationGround.RESOLVED_FINAL)
    case = case_terminate(case=case, actor=cast.leader, ground=TerminationGround.RESOLVED_FINAL, reason="Bản án số 5")
    assert (case.status, case.termination_ground) == (Status.TERMINATED, TerminationGround.RESOLVED_FINAL)
    assert "Căn cứ đình chỉ: Vụ việc đã được giải quyết bằng bản án" in _flat(
        _papers(case, "case.termination")[0].pdf.read()
    )


@pytest.mark.parametrize("kind", Kind.values)
def test_the_termination_form_offers_exactly_the_grounds_the_service_takes(cast, make_case, kind):
    from casework.cases.forms import TerminateForm
    from casework.cases.models import COMMUNE_COMMITTEE_GROUNDS
    from casework.cases.services.termination import case_terminate_check

    case = make_case(kind=kind)
    case.withdrawal_assessment = "Không có dấu hiệu bị ép buộc"  # a denunciation's withdrawal needs it (Đ.33)
    case.withdrawn_in_whole_on = case.received_on  # the ground "withdrawn" needs the withdrawal recorded
    offered = {value for value, _label in TerminateForm(kind=kind).fields["ground"].choices if value}
    for ground in TerminationGround.values:
        # The grounds that send the decision to the commune's People's Committee name it (Nghị định
        # 124/2020/NĐ-CP Đ.28b khoản 1).
        committee = "Ủy ban nhân dân xã Vũ Hội" if ground in COMMUNE_COMMITTEE_GROUNDS else ""
        try:
            case_terminate_check(case=case, ground=ground, commune_committee=committee)
        except ValidationFailed:
            assert ground not in offered, ground
        else:
            assert ground in offered, ground


def test_the_decisions_text_is_vietnamese_whatever_the_officers_page_language(cast, make_case):
    from django.utils import translation

    with translation.override("vi"):
        vietnamese = str(TerminationGround.COURT.label)
    case = _verifying(cast, make_case, kind=Kind.COMPLAINT)
    with translation.override("en"):
        assert str(TerminationGround.COURT.label) != vietnamese  # the page speaks English
        case = case_terminate(case=case, actor=cast.leader, ground=TerminationGround.COURT, reason="Tòa đã thụ lý")
    assert case.decision_text == f"{vietnamese}. Tòa đã thụ lý"


def test_a_partys_copy_is_the_decision_as_issued_whatever_changed_since(cast, make_case, frozen_clock):
    """Printed weeks later, after the record moved on and the signer's name changed, the copy for the
    person denounced still carries the issued number, day, signer and text; only its addressee differs."""
    from casework.cases.models import Case

    case = _verifying(cast, make_case, kind=Kind.DENUNCIATION)
    case = expertise_requested(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_EXPERTISE, reason="Giám định lại")
    (paper,) = _papers(case, "case.suspension")
    issued = _flat(paper.pdf.read())
    frozen_clock.advance(dt.timedelta(days=40))
    Case.objects.filter(pk=case.pk).update(suspension_reason="Một lý do ghi sau này")
    type(cast.leader).objects.filter(pk=paper.signer_id).update(full_name="Người Ký Mới")
    case.refresh_from_db()

    copy = _flat(case_notice_document(case, "suspension", to="denounced"))

    assert f"Số: {paper.symbol}" in copy and "ngày 02 tháng 03 năm 2026" in copy
    assert "Giám định lại" in copy and "Một lý do ghi sau này" not in copy
    assert paper.signer_name in copy and "Người Ký Mới" not in copy
    assert "Kính gửi: Trần Thị Bị" in copy and DENOUNCER not in copy
    assert copy.split("Kính gửi")[0] == issued.split("Kính gửi")[0]  # the same heading, number and day


def test_art34_the_decision_sent_and_named_is_the_latest_of_its_kind_whatever_the_register_order(
    cast, make_case, frozen_clock
):
    """Two suspension decisions, the first issued as a Công văn before the template was corrected to a
    Quyết định: the register lists the CV book before the QĐ book, yet the decision a sending records
    and the notice to the person denounced names is the one issued last."""
    import datetime as dt

    from casework.cases.services import case_suspension_sent
    from casework.papers.selectors import paper_issued_for
    from casework.papers.services import TEMPLATE_FIELDS, template_current, template_save

    def template(**changes):
        current = template_current(key="case.suspension")
        data = {**{f: getattr(current, f) for f in TEMPLATE_FIELDS}, **changes}
        template_save(key="case.suspension", actor=cast.admin, data=data)

    case = _verifying(cast, make_case, kind=Kind.DENUNCIATION, subject_user=cast.subject_rep)
    template(doc_kind="CV")
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_OTHER_BODY, reason="Chờ Tòa án")
    case = case_suspension_sent(case=case, actor=cast.officer)
    frozen_clock.advance(dt.timedelta(days=1))
    case = case_resume(case=case, actor=cast.chair, reason="Tòa án đã xét xử xong")
    template(doc_kind="QĐ")
    frozen_clock.advance(dt.timedelta(days=1))
    case = expertise_requested(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_EXPERTISE, reason="Giám định lại")
    first, latest = sorted(_papers(case, "case.suspension"), key=lambda p: p.issued_at)
    assert (first.doc_kind, latest.doc_kind) == ("CV", "QĐ")
    assert paper_issued_for(target=case, key="case.suspension") == latest
    told = Notification.objects.filter(user=cast.subject_rep, title__startswith="Quyết định tạm đình chỉ")
    assert [n.title.rsplit(" ", 1)[-1] for n in told.order_by("pk")] == [first.symbol, latest.symbol]
    case = case_suspension_sent(case=case, actor=cast.officer)
    sent = _events(case, "case.suspension_sent")
    assert [e.after["decision_number"] for e in sent] == [first.symbol, latest.symbol]
    # The copy made for a party is of the latest decision too.
    assert f"Số: {latest.symbol}" in _flat(case_notice_document(case, "suspension", to="denounced"))
