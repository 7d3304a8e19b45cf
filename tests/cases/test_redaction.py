"""The working copy of a denunciation and the papers: others read the redacted text; the notice to the
denouncer names them (produced only by whom may see the identity, audited); the notice to the person
denounced never does."""

from __future__ import annotations

import pytest
from django.conf import settings

from casework.audit.selectors import audit_events_for
from casework.cases.models import Case, Kind
from casework.cases.redaction import MASK, masks_propose, redact
from casework.cases.services import (
    SubmitterData,
    case_accept,
    case_assign,
    case_redaction_masks,
    case_redaction_save,
)
from core.errors import TransitionNotAllowed

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Văn Gửi"
PHONE = "0912345678"
ADDRESS = "số 5 phố Lê Lợi, Thái Bình"
EMAIL = "gui.nguyen@example.test"
ID_NUMBER = "034090001234"
LETTER = (
    f"Tôi là {NAME}, CCCD {ID_NUMBER}, ở {ADDRESS}, điện thoại 0912 345 678, e-mail {EMAIL}.\n"
    "Tôi tố cáo Chủ tịch CĐCS Bệnh viện chi quỹ phúc lợi sai quy chế năm 2025.\n"
    "Người biết việc: chị Hoa, kế toán."
)


def test_masks_are_proposed_for_every_known_identity_field_and_applied_case_insensitively():
    masks = masks_propose(
        [{"full_name": NAME, "phone": PHONE, "email": EMAIL, "address": ADDRESS, "id_number": ID_NUMBER}]
    )
    assert masks == [NAME, PHONE, EMAIL, ADDRESS, ID_NUMBER]
    text = redact(LETTER.replace(NAME, NAME.upper()), masks)
    for secret in (NAME, NAME.upper(), "0912 345 678", ADDRESS, EMAIL, ID_NUMBER):
        assert secret not in text
    assert "chi quỹ phúc lợi sai quy chế" in text and text.count(MASK) == 5


@pytest.fixture
def denunciation(cast, make_case):
    case = make_case(
        kind=Kind.DENUNCIATION,
        content=LETTER,
        submitters=[SubmitterData(full_name=NAME, phone=PHONE, email=EMAIL, address=ADDRESS, id_number=ID_NUMBER)],
    )
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Tố cáo 2018 Đ.29")
    return case_assign(case=case, actor=cast.chair, assignee=cast.officer)


def _no_identity(text: str) -> None:
    for secret in (NAME, PHONE, "0912 345 678", ADDRESS, EMAIL, ID_NUMBER):
        assert secret not in text


def test_the_working_copy_is_made_at_intake_and_masks_are_not_stored_in_clear(denunciation):
    _no_identity(denunciation.content_redacted)
    assert "chị Hoa" in denunciation.content_redacted
    assert NAME not in denunciation.redaction_sealed
    assert case_redaction_masks(case=denunciation)[0] == NAME


def test_everyone_reads_the_working_copy_on_the_page_api_and_search(cast, denunciation, client):
    for user in (cast.leader, cast.inspector, cast.auditor, cast.officer, cast.chair):
        client.force_login(user)
        page = client.get(f"/cases/{denunciation.pk}/").content.decode()
        _no_identity(page)
        assert "chi quỹ phúc lợi sai quy chế" in page
        api = client.get(f"/api/cases/{denunciation.pk}/").content.decode()
        _no_identity(api)
        assert denunciation.reference not in client.get("/cases/", {"q": "Nguyễn Văn Gửi"}).content.decode()
        assert denunciation.reference not in client.get("/api/cases/", {"q": "0912345678"}).content.decode()


def test_the_officer_sees_the_original_only_within_a_reveal_and_adjusts_the_masks(cast, denunciation, client):
    client.force_login(cast.officer)
    page = client.post(
        f"/cases/{denunciation.pk}/reveal/", {"reason": "Lập bản che cho đoàn xác minh"}
    ).content.decode()
    assert ADDRESS in page and 'id="redaction"' in page
    response = client.post(
        f"/cases/{denunciation.pk}/redaction/",
        {
            "masks": f"{NAME}\n{PHONE}\n{EMAIL}\n{ADDRESS}\n{ID_NUMBER}\nchị Hoa, kế toán\n",
            "version": Case.objects.get(pk=denunciation.pk).version,
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(pk=denunciation.pk)
    assert "chị Hoa" not in case.content_redacted and case.redacted_by == cast.officer
    (event,) = audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.redaction")
    assert event.after == {"masks": 6} and "Hoa" not in str(event.before) + str(event.after)


def test_nobody_else_changes_the_working_copy(cast, denunciation, client):
    with pytest.raises(TransitionNotAllowed):
        case_redaction_save(case=denunciation, actor=cast.leader, masks=[])
    client.force_login(cast.leader)
    assert client.post(f"/cases/{denunciation.pk}/redaction/", {"masks": ""}).status_code == 404
    assert Case.objects.get(pk=denunciation.pk).content_redacted == denunciation.content_redacted


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_acceptance_notice_to_the_denouncer_names_them_audited_and_the_other_copy_never(cast, denunciation, client):
    url = f"/reports/documents/case/{denunciation.pk}/accept.pdf"
    client.force_login(cast.officer)
    to_denouncer = client.get(url, {"to": "denouncer"})
    assert to_denouncer.status_code == 200
    assert NAME in _pdf_text(to_denouncer.content)
    (event,) = audit_events_for(target_type="cases.case", target_id=denunciation.pk).filter(
        action="case.paper_to_denouncer"
    )
    assert event.actor == cast.officer and event.after == {"notice": "accept"}
    to_denounced = _pdf_text(client.get(url, {"to": "denounced"}).content)
    _no_identity(to_denounced)
    assert "Trần Thị Bị" in to_denounced
    client.force_login(cast.leader)
    assert client.get(url, {"to": "denouncer"}).status_code == 404
    _no_identity(_pdf_text(client.get(url, {"to": "denounced"}).content))


def test_the_redacted_pdf_is_typeset_from_the_working_copy(cast, denunciation, client):
    client.force_login(cast.inspector)
    response = client.get(f"/reports/documents/case/{denunciation.pk}/redacted.pdf")
    assert response.status_code == 200
    text = _pdf_text(response.content)
    _no_identity(text)
    assert "chi quỹ phúc lợi" in text and NAME.encode() not in response.content


def test_a_transferred_denunciation_keeps_its_working_copy_and_masks(cast, make_case):
    from casework.cases.services import case_transfer

    case = make_case(kind=Kind.DENUNCIATION, content=LETTER, submitters=[SubmitterData(full_name=NAME, phone=PHONE)])
    _old, new = case_transfer(
        subject_area="khac", case=case, actor=cast.intake, reason="Thuộc thẩm quyền CĐCS", target_unit=cast.clinic
    )
    assert new.content_redacted == case.content_redacted and "[đã che]" in new.content_redacted
    assert case_redaction_masks(case=new) == [NAME, PHONE]


def test_the_api_grants_and_redacts_through_the_same_rules(cast, denunciation):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(cast.leader)
    url = f"/api/cases/{denunciation.pk}/"
    assert api.post(url + "redaction/", {"masks": []}, format="json").status_code == 409
    assert (
        api.post(
            url + "grant_identity/", {"user": cast.leader.pk, "reason": "Tự cho phép mình"}, format="json"
        ).status_code
        == 409
    )
    api.force_authenticate(cast.chair)
    response = api.post(
        url + "grant_identity/", {"user": cast.leader.pk, "reason": "Báo cáo Ban Thường vụ"}, format="json"
    )
    assert response.status_code == 200, response.content
    api.force_authenticate(cast.leader)
    response = api.post(
        url + "redaction/", {"masks": [NAME, PHONE, ADDRESS, EMAIL, ID_NUMBER, "chị Hoa"]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert "chị Hoa" not in response.json()["content_redacted"]
    _no_identity(response.content.decode())


def test_a_denunciations_title_naming_the_denouncer_is_masked_at_intake_a_complaints_is_not(cast, make_case):
    from casework.cases.services import case_accept, case_denounced_notice_sent
    from notifications.models import Notification

    title = f"Đơn của ông {NAME} tố cáo Chủ tịch CĐCS chi sai quỹ"
    denunciation = make_case(
        kind=Kind.DENUNCIATION, title=title, subject_user=cast.subject_rep, submitters=[SubmitterData(full_name=NAME)]
    )
    assert denunciation.title == f"Đơn của ông {MASK} tố cáo Chủ tịch CĐCS chi sai quỹ"
    denunciation = case_accept(
        subject_area="khac", case=denunciation, actor=cast.intake, legal_ground="Luật Tố cáo Đ.29"
    )
    case_denounced_notice_sent(case=denunciation, actor=cast.intake)
    told = Notification.objects.filter(user=cast.subject_rep)
    assert told.exists() and not [n for n in told if NAME in f"{n.title} {n.body}"]
    complaint = make_case(kind=Kind.COMPLAINT, title=f"Đơn khiếu nại của ông {NAME}")
    assert complaint.title == f"Đơn khiếu nại của ông {NAME}"


def test_a_title_that_still_names_the_denouncer_is_masked_audited_and_indexed_again(cast, denunciation):
    """A denunciation registered before intake masked titles: the upgrade masks it from the sealed
    identity, records that it did (never the phrase), and the search no longer finds the name."""
    from casework.cases.services import case_titles_mask
    from casework.search.models import SearchDocument
    from casework.search.selectors import search_cases
    from casework.search.services import search_index_case

    Case.objects.filter(pk=denunciation.pk).update(title=f"Đơn tố cáo của ông {NAME.upper()} ({PHONE})")
    search_index_case(case=Case.objects.get(pk=denunciation.pk))
    assert [c.pk for c in search_cases(user=cast.chair, q="nguyen van gui")] == [denunciation.pk]
    version = Case.objects.get(pk=denunciation.pk).version

    assert case_titles_mask() == 1
    case = Case.objects.get(pk=denunciation.pk)
    assert case.title == f"Đơn tố cáo của ông {MASK} ({MASK})"
    assert case.version == version + 1
    assert search_cases(user=cast.chair, q="nguyen van gui") == []
    assert "nguyen van gui" not in SearchDocument.objects.get(kind="case", object_id=case.pk).text
    (event,) = audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.title_masked")
    assert NAME.casefold() not in event.canonical.casefold()
    assert case_titles_mask() == 0  # once masked, nothing left to do


def test_the_officers_masks_also_mask_the_title(cast, denunciation):
    Case.objects.filter(pk=denunciation.pk).update(title="Tố cáo của người thân chị Hoa")
    case = case_redaction_save(case=Case.objects.get(pk=denunciation.pk), actor=cast.officer, masks=[NAME, "chị Hoa"])
    assert case.title == f"Tố cáo của người thân {MASK}"
    assert Case.objects.get(pk=case.pk).title == case.title


def test_the_markers_read_in_the_readers_language_the_record_keeps_its_own(cast, denunciation, client):
    """The working copy stores the marker as the record's (hashed into the trail, issued on papers);
    the letter's copy and the hidden particulars are shown in the reader's language."""
    assert MASK in Case.objects.get(pk=denunciation.pk).content_redacted
    client.force_login(cast.leader)
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    api = client.get(f"/api/cases/{denunciation.pk}/", **english).json()
    assert "[masked]" in api["content"] and MASK not in api["content"]
    vietnamese = client.get(f"/api/cases/{denunciation.pk}/", HTTP_ACCEPT_LANGUAGE="vi").json()
    assert MASK in vietnamese["content"]
    client.force_login(cast.officer)  # holds the identity: the working copy to adjust, and the hidden particulars
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # a page follows the language chosen with the selector
    page = client.get(f"/cases/{denunciation.pk}/").content.decode()
    assert "[masked]" in page and "[withheld]" in page
    assert MASK not in page
    assert "[đã ẩn danh]" not in page
    _no_identity(page)


def test_the_register_names_no_denouncer_in_either_language(denunciation):
    from django.utils import translation

    from casework.reports.services import register_sender

    with translation.override("en"):
        assert register_sender(denunciation) == "[withheld]"
    with translation.override("vi"):
        assert register_sender(denunciation) == "[đã ẩn danh]"
