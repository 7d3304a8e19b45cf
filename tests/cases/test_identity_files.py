"""Identity-bearing files: sealed at rest, listed to others without a name, opened with a reason, audited."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.audit.selectors import audit_events_for
from casework.audit.timeline import event_reason
from casework.cases.integrations import IDENTIFYING_LABEL, attachment_store_for_case
from casework.cases.models import Kind
from casework.cases.services import case_accept, case_assign, case_identity_file_open
from casework.files.models import Attachment
from core.errors import TransitionNotAllowed, ValidationFailed

pytestmark = pytest.mark.django_db

SCAN = b"%PDF-1.4\nTo cao cua Nguyen Van Gui, 0912345678, so 5 Le Loi Thai Binh\n%%EOF"
REASON = "Đối chiếu chữ ký với đơn trước"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def denunciation(cast, make_case):
    case = make_case(kind=Kind.DENUNCIATION, attachments=[SimpleUploadedFile("don_Nguyen_Van_Gui.pdf", SCAN)])
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Tố cáo Đ.29")
    return case_assign(case=case, actor=cast.chair, assignee=cast.officer)


def _scan(case) -> Attachment:
    return Attachment.objects.get(target_type="cases.case", target_id=str(case.pk))


def test_the_letter_attached_at_intake_is_sealed_and_its_name_dropped(denunciation, settings):
    scan = _scan(denunciation)
    assert scan.identifying and scan.kind == "letter_scan"
    assert "Nguyen" not in scan.original_name
    stored = (settings.PRIVATE_MEDIA_ROOT / scan.file.name).read_bytes()
    assert b"Nguyen Van Gui" not in stored and b"0912345678" not in stored and not stored.startswith(b"%PDF")
    upload = audit_events_for(target_type="files.attachment", target_id=scan.pk).get(action="file.upload")
    assert "Nguyen" not in str(upload.after)


def test_a_complaint_attachment_stays_an_ordinary_file(cast, make_case):
    case = make_case(kind=Kind.COMPLAINT, attachments=[SimpleUploadedFile("don.pdf", SCAN)])
    assert not _scan(case).identifying


def test_others_see_only_the_label_and_cannot_download(cast, denunciation, client):
    scan = _scan(denunciation)
    for user in (cast.leader, cast.inspector, cast.auditor, cast.intake):
        client.force_login(user)
        page = client.get(f"/cases/{denunciation.pk}/").content.decode()
        assert str(IDENTIFYING_LABEL) in page and scan.original_name not in page
        assert client.get(f"/files/{scan.pk}/download/").status_code == 404
        response = client.post(f"/cases/{denunciation.pk}/identity-files/{scan.pk}/", {"reason": REASON})
        assert response.status_code == 404
        with pytest.raises(TransitionNotAllowed):
            case_identity_file_open(case=denunciation, actor=user, attachment_pk=scan.pk, reason=REASON)
    assert not audit_events_for(target_type="cases.case", target_id=denunciation.pk).filter(
        action="case.identity_file_open"
    )


def test_even_the_assignee_goes_through_the_audited_open_not_the_plain_download(cast, denunciation, client):
    scan = _scan(denunciation)
    client.force_login(cast.officer)
    assert client.get(f"/files/{scan.pk}/download/").status_code == 404
    with pytest.raises(ValidationFailed):
        case_identity_file_open(case=denunciation, actor=cast.officer, attachment_pk=scan.pk, reason="")
    response = client.post(f"/cases/{denunciation.pk}/identity-files/{scan.pk}/", {"reason": REASON})
    assert response.status_code == 200 and response.content == SCAN
    assert response["Cache-Control"] == "private, no-store"
    (event,) = audit_events_for(target_type="cases.case", target_id=denunciation.pk).filter(
        action="case.identity_file_open"
    )
    assert event.actor == cast.officer and event_reason(event) == REASON and event.after["attachment"] == scan.pk


def test_a_file_marked_identifying_or_a_recording_is_sealed_too(cast, denunciation):
    marked = attachment_store_for_case(
        case=denunciation,
        upload=SimpleUploadedFile("ghi-chu.txt", "Người tố cáo: Nguyễn Văn Gửi".encode()),
        actor=cast.officer,
        identifying=True,
    )
    recording = attachment_store_for_case(
        case=denunciation,
        upload=SimpleUploadedFile("ghi-am.wav", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 40),
        actor=cast.officer,
        kind="recording",
    )
    evidence = attachment_store_for_case(
        case=denunciation, upload=SimpleUploadedFile("chung-tu.pdf", SCAN), actor=cast.officer
    )
    assert marked.identifying and recording.identifying and recording.content_type == "audio/wav"
    assert not evidence.identifying
    _att, data = case_identity_file_open(
        case=denunciation, actor=cast.chair, attachment_pk=marked.pk, reason="Người quyết định kiểm tra"
    )
    assert data.decode() == "Người tố cáo: Nguyễn Văn Gửi"


def test_an_ordinary_files_name_goes_through_the_denunciations_masks(cast, make_case, client):
    name = "Nguyễn Văn Gửi"
    from casework.cases.services import SubmitterData

    case = make_case(kind=Kind.DENUNCIATION, submitters=[SubmitterData(full_name=name, phone="0912345678")])
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Tố cáo Đ.29")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    minutes = attachment_store_for_case(
        case=case, upload=SimpleUploadedFile(f"Biên bản làm việc với {name}.pdf", SCAN), actor=cast.officer
    )
    assert not minutes.identifying
    assert name not in minutes.original_name and minutes.original_name.endswith(".pdf")
    assert "[đã che]" in minutes.original_name
    client.force_login(cast.leader)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert minutes.original_name in page and name not in page

    complaint = make_case(kind=Kind.COMPLAINT, submitters=[SubmitterData(full_name=name)])
    kept = attachment_store_for_case(
        case=complaint, upload=SimpleUploadedFile(f"Biên bản làm việc với {name}.pdf", SCAN), actor=cast.officer
    )
    assert kept.original_name == f"Biên bản làm việc với {name}.pdf"
