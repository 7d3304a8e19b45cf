"""A case is complex only by the written decision naming its grounds (Nghị định 124/2020/NĐ-CP Đ.3a, bổ sung bởi
Nghị định 155/2026/NĐ-CP; Nghị định 31/2019/NĐ-CP Đ.3): never by a flag at intake or acceptance, on the page or
through the API, nor taken over by a second round (Luật Khiếu nại 2011 Đ.37). A denunciation's decision names the
criteria of Đ.3 khoản 2 (one for "phức tạp", two or more for "đặc biệt phức tạp", khoản 3); they are stored,
audited, shown on the case page and in the API and printed on the extension decision (Luật Tố cáo 2018 Đ.30)."""

from __future__ import annotations

import pytest

from casework.audit.selectors import audit_events_for
from casework.cases.identity import identity_decrypt, identity_encrypt
from casework.cases.models import Case, IntakeSubmission, Kind
from casework.cases.selectors import case_deadlines
from casework.cases.services import (
    case_accept,
    case_assign,
    case_complexity_decide,
    case_extend,
    case_start_verification,
    intake_submission_queue,
)
from casework.cases.services.queued_intake import intake_submission_register
from casework.papers.models import Paper
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import intake_form, intake_payload
from tests.papers.conftest import pdf_text

pytestmark = pytest.mark.django_db

NOT_AT_INTAKE = "Tính chất phức tạp không ghi khi tiếp nhận hay thụ lý"


def _verifying_denunciation(cast, make_case):
    case = make_case(kind=Kind.DENUNCIATION, subject_user=cast.subject_rep)
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Điều 29 Luật Tố cáo 2018")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    return case_start_verification(case=case, actor=cast.officer)


# ---- intake and acceptance set no complexity ---------------------------------------------------------------


def test_the_intake_page_has_no_complexity_and_a_letter_posted_marked_complex_is_registered_not_complex(
    cast, client, frozen_clock
):
    client.force_login(cast.intake)
    assert 'name="is_complex"' not in client.get("/cases/new/").content.decode()
    response = client.post("/cases/new/", intake_form(cast, is_complex="on"))
    assert response.status_code == 302, response.content
    case = Case.objects.get()
    assert (case.is_complex, case.deadline_variant) == (False, "normal")


def test_the_acceptance_form_has_no_complexity_and_accepting_starts_the_plain_limit(cast, make_case, client):
    case = make_case()
    client.force_login(cast.intake)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'action="/cases/{case.pk}/action/accept/"' in page and 'name="is_complex"' not in page
    response = client.post(
        f"/cases/{case.pk}/action/accept/",
        {
            "legal_ground": "Luật Khiếu nại 2011 Đ.27",
            "subject_area": "khac",
            "version": case.version,
            "is_complex": "on",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.is_complex) == ("accepted", False)
    resolve = next(d for d in case_deadlines(case=case) if d.step == "resolve")
    assert (resolve.days, resolve.rule.variant) == (30, "normal")
    event = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.accept")
    assert "is_complex" not in event.after


def test_the_api_refuses_a_letter_sent_with_is_complex_naming_the_decision_and_stores_nothing(cast, api_as):
    client = api_as(cast.intake)
    for url in ("/api/cases/", "/api/intake/"):
        for value in (True, False):
            response = client.post(url, intake_payload(cast, is_complex=value), format="json")
            assert response.status_code == 400, (url, response.content)
            message = " ".join(response.json()["fields"]["is_complex"])
            assert NOT_AT_INTAKE in message and "Điều 3a Nghị định 124/2020/NĐ-CP" in message
    assert not Case.objects.exists() and not IntakeSubmission.objects.exists()
    # Without the field the same letter is registered, not complex.
    response = client.post("/api/cases/", intake_payload(cast), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["is_complex"] is False


def test_a_letter_queued_marked_complex_is_refused_saying_why(cast):
    """A payload stored with `is_complex` (queued before the field was refused) is not registered silently
    not complex: the submission is refused with the reason."""
    submission, _created = intake_submission_queue(actor=cast.intake, payload=intake_payload(cast))
    stored = identity_decrypt(submission.payload["sealed"], case=None)
    submission.payload = {"sealed": identity_encrypt({**stored, "is_complex": True}, case=None)}
    submission.save()
    intake_submission_register(submission)
    submission.refresh_from_db()
    assert submission.status == "rejected" and NOT_AT_INTAKE in " ".join(submission.errors["is_complex"])
    assert not Case.objects.exists()


def test_the_api_refuses_an_acceptance_sent_with_is_complex_and_changes_nothing(cast, make_case, api_as):
    case = make_case()
    client = api_as(cast.intake)
    response = client.post(
        f"/api/cases/{case.pk}/accept/",
        {"legal_ground": "Luật Khiếu nại 2011 Đ.27", "subject_area": "khac", "is_complex": True},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert NOT_AT_INTAKE in " ".join(response.json()["fields"]["is_complex"])
    case.refresh_from_db()
    assert (case.status, case.is_complex, case.accepted_on) == ("received", False, None)
    response = client.post(
        f"/api/cases/{case.pk}/accept/",
        {"legal_ground": "Luật Khiếu nại 2011 Đ.27", "subject_area": "khac"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["is_complex"] is False


def test_the_services_take_no_complexity_at_intake_or_acceptance(cast, make_case):
    with pytest.raises(TypeError):
        case_accept(case=make_case(), actor=cast.intake, legal_ground="Đ.27", subject_area="khac", is_complex=True)


# ---- a denunciation's criteria (Nghị định 31/2019/NĐ-CP Đ.3 khoản 2, 3) ----------------------------------------


def test_a_denunciation_decided_complex_without_a_criterion_is_refused_and_nothing_changes(cast, make_case):
    case = _verifying_denunciation(cast, make_case)
    version = case.version
    for complexity, criteria in (("complex", []), ("especially_complex", []), ("especially_complex", ["places"])):
        with pytest.raises(ValidationFailed) as err:
            case_complexity_decide(
                case=case, actor=cast.leader, complexity=complexity, reason="Nhiều nơi", criteria=criteria
            )
        message = " ".join(err.value.fields["criteria"])
        assert "khoản 2 Điều 3 Nghị định 31/2019/NĐ-CP" in message
        if complexity == "especially_complex":
            assert "từ 02 tiêu chí trở lên" in message and "khoản 3" in message
    with pytest.raises(ValidationFailed) as err:  # a code the law does not list
        case_complexity_decide(case=case, actor=cast.leader, complexity="complex", reason="x", criteria=["nhieu"])
    assert "criteria" in err.value.fields
    with pytest.raises(ValidationFailed) as err:  # the grounds of a complaint are not a denunciation's
        case_complexity_decide(case=case, actor=cast.leader, complexity="complex", reason="x", grounds=["places"])
    assert "grounds" in err.value.fields
    with pytest.raises(ValidationFailed) as err:  # a plain one names none
        case_complexity_decide(case=case, actor=cast.leader, complexity="normal", reason="x", criteria=["places"])
    assert "criteria" in err.value.fields
    case.refresh_from_db()
    assert (case.is_complex, case.is_especially_complex, case.complexity_criteria, case.version) == (
        False,
        False,
        [],
        version,
    )
    assert not audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.complexity").exists()
    with pytest.raises(TransitionNotAllowed):  # Luật Tố cáo Đ.30: no extension without the decision
        case_extend(case=case, actor=cast.leader, reason="Cần thêm thời gian")


def test_a_complaint_takes_no_criteria_of_a_denunciation(cast, make_case):
    case = case_accept(case=make_case(), actor=cast.intake, legal_ground="Đ.27", subject_area="khac")
    with pytest.raises(ValidationFailed) as err:
        case_complexity_decide(
            case=case, actor=cast.leader, complexity="complex", reason="x", grounds=["places"], criteria=["places"]
        )
    assert "criteria" in err.value.fields


def test_the_criteria_are_stored_in_the_order_of_the_law_cited_audited_and_give_the_extensions(cast, make_case):
    case = _verifying_denunciation(cast, make_case)
    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Nhiều cơ quan", criteria=["many_bodies"]
    )
    assert (case.is_complex, case.is_especially_complex, case.complexity_criteria) == (True, False, ["many_bodies"])
    assert case.complexity_decision.endswith("; căn cứ điểm đ khoản 2 Điều 3 Nghị định 31/2019/NĐ-CP")
    case = case_complexity_decide(
        case=case,
        actor=cast.leader,
        complexity="especially_complex",
        reason="Nhiều nơi, chứng cứ mâu thuẫn",
        criteria=["conflicting_evidence", "places"],
    )
    assert case.complexity_criteria == ["places", "conflicting_evidence"]
    assert case.complexity_decision.endswith("; căn cứ điểm a, g khoản 2, khoản 3 Điều 3 Nghị định 31/2019/NĐ-CP")
    event = audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.complexity").last()
    assert (event.before["complexity_criteria"], event.after["complexity_criteria"]) == (
        ["many_bodies"],
        ["places", "conflicting_evidence"],
    )
    # Luật Tố cáo 2018 Đ.30 khoản 3: two extensions, read from this decision.
    case = case_extend(case=case, actor=cast.leader, reason="Lần một")
    case = case_extend(case=case, actor=cast.leader, reason="Lần hai")
    with pytest.raises(TransitionNotAllowed):
        case_extend(case=case, actor=cast.leader, reason="Lần ba")


def test_the_page_asks_a_denunciation_for_its_criteria_shows_them_and_refuses_none(cast, make_case, client):
    case = _verifying_denunciation(cast, make_case)
    client.force_login(cast.leader)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'name="criteria"' in page and 'name="grounds"' not in page
    assert "Tố cáo về một nội dung nhưng phải xác minh từ 02 địa điểm trở lên" in page
    response = client.post(
        f"/cases/{case.pk}/action/complexity/",
        {"version": case.version, "complexity": "especially_complex", "reason": "Nhiều nơi", "criteria": "places"},
    )
    assert response.status_code == 400 and "từ 02 tiêu chí trở lên" in response.content.decode()
    case.refresh_from_db()
    assert not case.is_complex
    response = client.post(
        f"/cases/{case.pk}/action/complexity/",
        {
            "version": case.version,
            "complexity": "especially_complex",
            "reason": "Nhiều nơi, nhiều nội dung",
            "criteria": ["places", "contents"],
        },
    )
    assert response.status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert '<td id="complexity-criteria">' in page
    shown = page.split('<td id="complexity-criteria">', 1)[1].split("</td>", 1)[0]
    assert "a) Tố cáo về một nội dung" in shown and "b) Tố cáo có từ 02 nội dung phải xác minh trở lên" in shown


def test_the_api_takes_and_shows_a_denunciations_criteria(cast, make_case, api_as):
    case = _verifying_denunciation(cast, make_case)
    client = api_as(cast.leader)
    response = client.post(
        f"/api/cases/{case.pk}/complexity/",
        {"version": case.version, "complexity": "complex", "reason": "Nhiều nội dung", "criteria": []},
        format="json",
    )
    assert response.status_code == 400 and "criteria" in response.json()["fields"]
    response = client.post(
        f"/api/cases/{case.pk}/complexity/",
        {"version": case.version, "complexity": "complex", "reason": "Nhiều nội dung", "criteria": ["contents"]},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = client.get(f"/api/cases/{case.pk}/").json()
    assert (body["is_complex"], body["complexity_criteria"], body["complexity_grounds"]) == (True, ["contents"], [])


def test_the_extension_decision_prints_the_criteria_of_the_complexity_decision(cast, make_case, frozen_clock):
    case = _verifying_denunciation(cast, make_case)
    case = case_complexity_decide(
        case=case,
        actor=cast.leader,
        complexity="especially_complex",
        reason="Nhiều nơi, nhiều cơ quan",
        criteria=["many_bodies", "places"],
    )
    case = case_extend(case=case, actor=cast.leader, reason="Phải xác minh tại ba đơn vị")
    paper = Paper.objects.get(target_type="cases.case", target_id=str(case.pk))
    text = " ".join(pdf_text(paper.pdf.read()).split())
    assert (
        "vụ việc đặc biệt phức tạp theo tiêu chí tại điểm a, đ khoản 2 Điều 3 Nghị định 31/2019/NĐ-CP: "
        "a) Tố cáo về một nội dung nhưng phải xác minh từ 02 địa điểm trở lên; "
        "đ) Nội dung tố cáo liên quan đến trách nhiệm quản lý của nhiều cơ quan, tổ chức."
    ) in text
    assert "Lý do: Phải xác minh tại ba đơn vị" in text


def test_a_stored_extension_template_is_brought_to_print_the_criteria_without_touching_papers_issued(
    cast, make_case, frozen_clock
):
    """Migration papers 0017: the shipped body of an installation gets a new version once a paper was issued
    from it (that paper keeps its version and its text); run again, nothing more changes."""
    from importlib import import_module

    from django.apps import apps

    from casework.papers.models import PaperTemplateVersion
    from casework.papers.services import template_current

    fix = import_module("casework.papers.migrations.0017_extension_prints_complexity_criteria")
    old = template_current(key="case.extension")
    shipped = old.body
    for before, after in fix.REPLACED:
        shipped = shipped.replace(after, before)
    PaperTemplateVersion.objects.filter(pk=old.pk).update(body=shipped)
    case = _verifying_denunciation(cast, make_case)
    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Hai nội dung", criteria=["contents"]
    )
    case = case_extend(case=case, actor=cast.leader, reason="Phải xác minh thêm")
    paper = Paper.objects.get(target_type="cases.case", target_id=str(case.pk))
    assert paper.template_version_id == old.pk
    assert "theo tiêu chí" not in " ".join(pdf_text(paper.pdf.read()).split())

    fix.forwards(apps, None)
    versions = list(PaperTemplateVersion.objects.filter(template__key="case.extension").order_by("number"))
    assert [v.body for v in versions] == [shipped, template_current(key="case.extension").body]
    assert "{{ complexity_label }}{{ complexity_criteria }}." in versions[-1].body
    fix.forwards(apps, None)  # once only
    assert PaperTemplateVersion.objects.filter(template__key="case.extension").count() == 2
