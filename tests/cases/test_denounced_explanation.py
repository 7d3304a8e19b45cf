"""The person denounced's explanation during verification (Luật Tố cáo 2018 Đ.31 khoản 3, 4; Đ.10 khoản 1
điểm b, khoản 2; Nghị định 31/2019/NĐ-CP Đ.12): recorded on a denunciation under verification, and the
proposal of the verification's result refused until the person denounced was given the chance to explain."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from casework.audit.selectors import audit_events_for
from casework.cases.actions import case_actions
from casework.cases.models import Case, DenouncedExplanation, Kind, Outcome, Status
from casework.cases.services import (
    case_accept,
    case_assign,
    case_explanation_missed,
    case_explanation_received,
    case_explanation_request,
    case_propose,
    case_start_verification,
    explanation_refusal,
)
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import clock_at, make_case, submitter, verification_assigned

pytestmark = pytest.mark.django_db

ACCEPTED_ON = dt.date(2026, 3, 2)
DENOUNCER = "Hoàng Thị Tốcáoriêng"
EXPLAIN = {"explanation_request", "explanation_received"}


def verifying(cast, **overrides):
    clock_at(ACCEPTED_ON)
    case = make_case(
        cast,
        kind=Kind.DENUNCIATION,
        received_on=ACCEPTED_ON,
        submitters=[submitter(full_name=DENOUNCER, address="Số 9 phố Riêng")],
        **overrides,
    )
    case = case_accept(case=case, actor=cast.intake, legal_ground="Luật Tố cáo 2018 Đ.29", subject_area="khac")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    # The verification is assigned in writing (Luật Tố cáo 2018 Đ.31 khoản 1): only the explanation is missing.
    return verification_assigned(case_start_verification(case=case, actor=cast.officer), actor=cast.chair)


def requested(case, cast, *, on=dt.date(2026, 3, 3), due_on=dt.date(2026, 3, 10), means="written"):
    if clock.today() < on:
        clock_at(on)
    return case_explanation_request(
        case=case,
        actor=cast.officer,
        on=on,
        due_on=due_on,
        means=means,
        content="Giải trình việc chi quỹ phúc lợi năm 2025.",
    )


def propose(case, cast):
    return case_propose(case=case, actor=cast.officer, proposal="Tố cáo đúng một phần.", outcome=Outcome.PARTLY)


def test_the_proposal_waits_for_the_explanation_then_a_written_one_lets_it_through(cast, client):
    """Đ.31 khoản 4: no explanation and no recorded non-response, the proposal is refused by the service,
    left out of `case_actions` (page and API), explained on the page with the article, and 409 on the
    API; once the written explanation is recorded, it goes through."""
    case = verifying(cast)
    assert EXPLAIN <= set(case_actions(user=cast.officer, case=case))
    assert "explanation_missed" not in case_actions(user=cast.officer, case=case)  # no request yet
    assert "propose" not in case_actions(user=cast.officer, case=case)
    clock_at(dt.date(2026, 3, 4))
    with pytest.raises(TransitionNotAllowed, match="Điều 31 khoản 4") as refused:
        propose(case, cast)
    assert Case.objects.get(pk=case.pk).status == Status.VERIFYING
    api = APIClient()
    api.force_authenticate(cast.officer)
    body = {"version": case.version, "proposal": "Tố cáo đúng một phần.", "outcome": Outcome.PARTLY}
    response = api.post(f"/api/cases/{case.pk}/propose/", body, format="json")
    assert response.status_code == 409, response.content
    assert refused.value.message in str(response.json())
    assert "propose" not in response.json()["allowed_actions"]
    assert EXPLAIN <= set(response.json()["allowed_actions"])
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="explanation-refusal"' in page and refused.value.message in page
    assert f"/cases/{case.pk}/action/propose/" not in page
    assert f"/cases/{case.pk}/action/explanation_request/" in page
    posted = client.post(f"/cases/{case.pk}/action/propose/", body)
    assert posted.status_code == 400 and refused.value.message in posted.content.decode()

    # The request alone is not the chance given: the page says it is awaited.
    case = requested(case, cast)
    assert "hạn 10/03/2026" in explanation_refusal(case)
    assert "explanation_missed" in case_actions(user=cast.officer, case=case)
    case = case_explanation_received(
        case=case,
        actor=cast.officer,
        on=dt.date(2026, 3, 4),
        form="written",
        content="Các khoản chi đã được ban chấp hành thông qua.",
    )
    assert explanation_refusal(case) == ""
    assert "propose" in case_actions(user=cast.officer, case=case)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="explanation-refusal"' not in page
    assert 'id="explanations"' in page and "Các khoản chi đã được ban chấp hành thông qua." in page
    case = propose(case, cast)
    assert case.status == Status.PROPOSED
    actions = [e.action for e in audit_events_for(target_type="cases.case", target_id=case.pk)]
    assert {"case.explanation_request", "case.explanation_received", "case.propose"} <= set(actions)
    # Verification ended: nothing more is recorded until it is sent back.
    assert not EXPLAIN & set(case_actions(user=cast.officer, case=case))


def test_a_working_session_with_its_record_and_evidence_counts(cast):
    """Nghị định 31/2019/NĐ-CP Đ.12 khoản 2: the working session is recorded with its place; the evidence
    given is the case's files; an organisation denounced explains through its head."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casework.cases.services import case_attachment_add

    case = verifying(cast, subject_person="")
    case = requested(case, cast, means="invitation")
    clock_at(dt.date(2026, 3, 6))
    upload = SimpleUploadedFile("chung-tu.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    file = case_attachment_add(case=case, actor=cast.intake, file=upload)
    with pytest.raises(ValidationFailed) as bad:
        case_explanation_received(case=case, actor=cast.officer, on=dt.date(2026, 3, 6), form="session", content="x")
    assert "place" in bad.value.fields
    case = case_explanation_received(
        case=case,
        actor=cast.officer,
        on=dt.date(2026, 3, 6),
        form="session",
        place="Phòng họp CĐCS Bệnh viện",
        explainer="Ông Lê Văn Trưởng, Chủ tịch CĐCS Bệnh viện",
        content="Trình bày căn cứ các khoản chi.",
        evidence=[file.pk],
    )
    row = DenouncedExplanation.objects.get(case=case, entry="explained")
    assert row.form == "session" and row.place == "Phòng họp CĐCS Bệnh viện"
    assert list(row.evidence.all()) == [file]
    assert propose(case, cast).status == Status.PROPOSED


def test_no_response_after_the_deadline_or_a_refusal_lets_the_verification_end(cast):
    """Đ.10 khoản 2 điểm b: the person denounced must explain when asked; not doing so by the deadline,
    recorded after it, is the chance given (Đ.31 khoản 4), and so is a refusal."""
    case = verifying(cast)
    case = requested(case, cast)
    clock_at(dt.date(2026, 3, 12))
    with pytest.raises(ValidationFailed) as early:
        case_explanation_missed(case=case, actor=cast.officer, on=dt.date(2026, 3, 10))
    assert "chưa hết" in str(early.value.fields["on"])
    case = case_explanation_missed(case=case, actor=cast.officer, on=dt.date(2026, 3, 11), note="Không có văn bản")
    assert DenouncedExplanation.objects.get(case=case, entry="no_response").content == "Không có văn bản"
    assert explanation_refusal(case) == ""
    assert propose(case, cast).status == Status.PROPOSED

    other = verifying(cast, title="Đơn tố cáo khác")
    other = requested(other, cast)
    clock_at(dt.date(2026, 3, 5))
    other = case_explanation_missed(case=other, actor=cast.officer, on=dt.date(2026, 3, 4), refused=True)
    assert DenouncedExplanation.objects.filter(case=other, entry="refused").exists()
    assert propose(other, cast).status == Status.PROPOSED


def test_bad_input_is_refused_and_changes_nothing(cast):
    case = verifying(cast)
    clock_at(dt.date(2026, 3, 5))
    version = Case.objects.get(pk=case.pk).version

    def refused(call, field, **kw):
        with pytest.raises(ValidationFailed) as raised:
            call(case=case, actor=cast.officer, **kw)
        assert field in raised.value.fields, raised.value.fields
        return raised.value.fields[field]

    good = {"on": dt.date(2026, 3, 3), "due_on": dt.date(2026, 3, 10), "means": "written", "content": "Nội dung"}
    assert "sau ngày hôm nay" in str(refused(case_explanation_request, "on", **{**good, "on": dt.date(2026, 3, 6)}))
    assert "thụ lý" in str(refused(case_explanation_request, "on", **{**good, "on": dt.date(2026, 3, 1)}))
    assert "sau ngày gửi" in str(refused(case_explanation_request, "due_on", **{**good, "due_on": dt.date(2026, 3, 2)}))
    refused(case_explanation_request, "due_on", **{**good, "due_on": dt.date(2026, 3, 3)})
    refused(case_explanation_request, "means", **{**good, "means": "pigeon"})
    refused(case_explanation_request, "content", **{**good, "content": "  "})
    refused(case_explanation_request, "on", **{**good, "on": "hôm qua"})
    refused(case_explanation_received, "form", on=dt.date(2026, 3, 4), form="song", content="x")
    refused(case_explanation_received, "content", on=dt.date(2026, 3, 4), form="written", content="")
    refused(case_explanation_received, "evidence", on=dt.date(2026, 3, 4), form="written", content="x", evidence=[9999])
    refused(case_explanation_received, "evidence", on=dt.date(2026, 3, 4), form="written", content="x", evidence=["a"])
    # No request yet: nothing to have not answered.
    refused(case_explanation_missed, "on", on=dt.date(2026, 3, 4))
    assert not DenouncedExplanation.objects.filter(case=case).exists()
    assert Case.objects.get(pk=case.pk).version == version
    # After an explanation received, a non-response to the same request is a contradiction.
    case = requested(case, cast)
    case = case_explanation_received(case=case, actor=cast.officer, on=dt.date(2026, 3, 4), form="written", content="x")
    clock_at(dt.date(2026, 3, 12))
    with pytest.raises(ValidationFailed) as raised:
        case_explanation_missed(case=case, actor=cast.officer, on=dt.date(2026, 3, 11))
    assert "Đã ghi nhận đã giải trình ngày 04/03/2026" in str(raised.value.fields["on"])


def test_only_on_a_denunciation_under_verification_and_by_whom_works_it(cast):
    clock_at(ACCEPTED_ON)
    complaint = make_case(cast, kind=Kind.COMPLAINT)
    assert not EXPLAIN & set(case_actions(user=cast.officer, case=complaint))
    assert explanation_refusal(complaint) == ""
    with pytest.raises(TransitionNotAllowed, match="đang xác minh"):
        requested(complaint, cast, on=ACCEPTED_ON, due_on=ACCEPTED_ON + dt.timedelta(days=5))
    case = verifying(cast)
    clock_at(dt.date(2026, 3, 4))
    assert not EXPLAIN & set(case_actions(user=cast.inspector, case=case))
    with pytest.raises(TransitionNotAllowed, match="không có quyền"):
        case_explanation_request(
            case=case,
            actor=cast.inspector,
            on=dt.date(2026, 3, 3),
            due_on=dt.date(2026, 3, 9),
            means="written",
            content="x",
        )


def test_the_person_denounced_and_the_recused_never_see_it(cast, client):
    """A committee chair may record the steps (`can_work`) on any case of the unit, unless recused: here a
    second chair of the committee is the person denounced. They get no action, the page and the API answer
    404, and nothing is recorded."""
    from casework.org.models import Role
    from tests.factories import UserFactory

    deputy = UserFactory(username="deputy", full_name="Đỗ Văn Phóchủ", roles=[(Role.COMMITTEE_CHAIR, cast.sector)])
    other = verifying(cast, title="Đơn tố cáo người khác")
    assert EXPLAIN <= set(case_actions(user=deputy, case=other))
    case = verifying(cast, subject_user=deputy)
    case = requested(case, cast)
    clock_at(dt.date(2026, 3, 4))
    assert not EXPLAIN & set(case_actions(user=deputy, case=case))
    client.force_login(deputy)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    api = APIClient()
    api.force_authenticate(deputy)
    body = {"version": case.version, "on": "2026-03-04", "form": "written", "content": "x"}
    assert api.post(f"/api/cases/{case.pk}/explanation_received/", body, format="json").status_code == 404
    assert client.post(f"/cases/{case.pk}/action/explanation_received/", body).status_code == 404
    assert not DenouncedExplanation.objects.filter(case=case, entry="explained").exists()


def test_the_api_actions_record_each_step_and_list_them(cast):
    case = verifying(cast)
    clock_at(dt.date(2026, 3, 12))
    api = APIClient()
    api.force_authenticate(cast.officer)
    url = f"/api/cases/{case.pk}"
    bad = api.post(
        f"{url}/explanation_request/",
        {"version": case.version, "on": "2026-03-03", "due_on": "2026-03-01", "means": "written", "content": "x"},
        format="json",
    )
    assert bad.status_code == 400 and "due_on" in str(bad.json())
    response = api.post(
        f"{url}/explanation_request/",
        {"version": case.version, "on": "2026-03-03", "due_on": "2026-03-10", "means": "written", "content": "x"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert [e["entry"] for e in body["explanations"]] == ["request"]
    assert body["explanations"][0]["due_on"] == "2026-03-10"
    assert "explanation_missed" in body["allowed_actions"] and "propose" not in body["allowed_actions"]
    response = api.post(f"{url}/explanation_missed/", {"version": body["version"], "on": "2026-03-11"}, format="json")
    assert response.status_code == 200, response.content
    assert [e["entry"] for e in response.json()["explanations"]] == ["request", "no_response"]
    assert "propose" in response.json()["allowed_actions"]
    proposed = api.post(
        f"{url}/propose/",
        {"version": response.json()["version"], "proposal": "Tố cáo sai.", "outcome": Outcome.UNFOUNDED},
        format="json",
    )
    assert proposed.status_code == 200, proposed.content


def test_the_page_form_records_a_request(cast, client):
    case = verifying(cast)
    clock_at(dt.date(2026, 3, 4))
    client.force_login(cast.officer)
    posted = client.post(
        f"/cases/{case.pk}/action/explanation_request/",
        {"on": "03/03/2026", "due_on": "02/03/2026", "means": "written", "content": "x", "version": case.version},
    )
    assert posted.status_code == 400 and "Thời hạn giải trình phải sau ngày gửi yêu cầu." in posted.content.decode()
    posted = client.post(
        f"/cases/{case.pk}/action/explanation_request/",
        {
            "on": "03/03/2026",
            "due_on": "10/03/2026",
            "means": "invitation",
            "content": "Nội dung",
            "version": case.version,
        },
    )
    assert posted.status_code == 302
    row = DenouncedExplanation.objects.get(case=case)
    assert (row.entry, row.means, row.due_on) == ("request", "invitation", dt.date(2026, 3, 10))
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/documents/case/{case.pk}/explanation_request.pdf" in page


def test_the_request_paper_is_addressed_to_the_person_denounced_and_never_names_the_denouncer(cast, client):
    """Luật Tố cáo 2018 Đ.47: the paper, drafted or issued, carries nothing of the denouncer; it has no copy
    for them."""
    from casework.papers.models import Paper
    from casework.papers.services import paper_draft, paper_issue
    from tests.papers.conftest import pdf_text

    case = verifying(cast, subject_person="Ông Trần Văn Bịtốcáo")
    case = requested(case, cast, means="invitation")
    draft = pdf_text(paper_draft(target=case, key="case.explanation_request"))
    assert "GIẤY MỜI" in draft and "Ông Trần Văn Bịtốcáo" in draft and "10/03/2026" in draft
    assert DENOUNCER not in draft and "Số 9 phố Riêng" not in draft
    paper = paper_issue(target=case, key="case.explanation_request", actor=cast.chair)
    text = pdf_text(paper.pdf.read())
    assert DENOUNCER not in text and DENOUNCER not in str(Paper.objects.get(pk=paper.pk).values)
    client.force_login(cast.chair)
    from casework.reports.documents import notices_available

    assert "explanation_request" in notices_available(case)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "explanation_request.pdf?to=denounced" in page and "explanation_request.pdf?to=denouncer" not in page
    assert client.get(f"/reports/documents/case/{case.pk}/explanation_request.pdf?to=denouncer").status_code == 404
