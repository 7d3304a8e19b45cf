from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.audit.models import AuditEvent
from casework.files.models import Attachment
from casework.files.selectors import attachments_for
from casework.files.services import attachment_store
from core.errors import ValidationFailed
from tests.files.conftest import DOCX_BYTES, EXE_BYTES, JPEG_BYTES, PDF_BYTES, PNG_BYTES, XLSX_BYTES, upload

pytestmark = pytest.mark.django_db


def _store(cast, name, data, **kwargs):
    return attachment_store(
        upload=upload(name, data), target=cast.hospital, unit=cast.hospital, actor=cast.officer, **kwargs
    )


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("don.pdf", PDF_BYTES, "application/pdf"),
        ("anh.png", PNG_BYTES, "image/png"),
        ("anh.JPG", JPEG_BYTES, "image/jpeg"),
        ("bien-ban.docx", DOCX_BYTES, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("bang.xlsx", XLSX_BYTES, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("ghi-chu.txt", "Nội dung đơn thư tiếng Việt\n".encode(), "text/plain; charset=utf-8"),
    ],
)
def test_it_stores_accepted_types_with_digest_and_size(cast, name, data, mime, _private_media):
    attachment = _store(cast, name, data, kind="evidence")
    attachment.refresh_from_db()
    assert attachment.content_type == mime
    assert attachment.size == len(data)
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.original_name == name
    assert (attachment.target_type, attachment.target_id) == ("org.unit", str(cast.hospital.pk))
    assert attachment.uploaded_by == cast.officer
    with attachment.file.open("rb") as fh:
        assert fh.read() == data
    # Stored in private storage, under a digest-based name that does not carry the user's file name.
    assert str(_private_media) in attachment.file.path
    assert name not in attachment.file.name
    event = AuditEvent.objects.get(action="file.upload")
    assert event.after["sha256"] == attachment.sha256
    assert event.unit_id == cast.hospital.pk
    assert list(attachments_for(target=cast.hospital)) == [attachment]


def test_private_files_have_no_public_url(cast):
    attachment = _store(cast, "don.pdf", PDF_BYTES)
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", PNG_BYTES),  # good name, wrong content
        ("anh.png", PDF_BYTES),
        ("bang.xlsx", DOCX_BYTES),
        ("ghi-chu.txt", PDF_BYTES),
    ],
)
def test_it_refuses_a_name_that_does_not_match_the_content(cast, name, data):
    with pytest.raises(ValidationFailed) as exc:
        _store(cast, name, data)
    assert "file" in exc.value.fields
    assert "không khớp" in exc.value.fields["file"][0]
    assert not Attachment.objects.exists()
    assert not AuditEvent.objects.filter(action="file.upload").exists()


def _zip_without_content_types() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("word/document.xml", "<xml/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("setup.exe", EXE_BYTES),
        ("report.pdf", EXE_BYTES),  # an executable with an innocent name
        ("bien-ban.docx", _zip_without_content_types()),
        ("x.docx", b"PK\x03\x04not-a-zip"),
        ("nhiphan.txt", b"abc\x00def"),
        ("latin1.txt", "Nguy\xean".encode("latin-1")),
    ],
)
def test_it_refuses_types_it_cannot_recognise_by_content(cast, name, data):
    with pytest.raises(ValidationFailed) as exc:
        _store(cast, name, data)
    assert "Loại tệp không được chấp nhận" in exc.value.fields["file"][0]
    assert not Attachment.objects.exists()


def test_it_refuses_an_empty_file(cast):
    with pytest.raises(ValidationFailed) as exc:
        _store(cast, "don.pdf", b"")
    assert "rỗng" in exc.value.fields["file"][0]
    assert not Attachment.objects.exists()


def test_it_refuses_a_file_over_the_limit(cast, settings, _private_media):
    settings.FILES_MAX_BYTES = 1024
    with pytest.raises(ValidationFailed) as exc:
        _store(cast, "don.pdf", PDF_BYTES + b" " * 1024)
    assert "quá lớn" in exc.value.fields["file"][0]
    assert not Attachment.objects.exists()
    assert not _private_media.exists() or not any(_private_media.rglob("*.*"))
    # exactly at the limit is fine
    attachment = _store(cast, "don.pdf", PDF_BYTES + b" " * (1024 - len(PDF_BYTES)))
    assert attachment.size == 1024


def test_default_limit_is_ten_megabytes():
    from django.conf import settings

    assert settings.FILES_MAX_BYTES == 10 * 1024 * 1024


def test_it_strips_paths_and_control_characters_from_the_name(cast):
    attachment = _store(cast, '../../etc/"evil"\r\n.pdf', PDF_BYTES)
    assert attachment.original_name == "_evil_.pdf"
    assert ".." not in attachment.file.name


def test_a_case_files_name_stays_out_of_the_audit_trail(cast, frozen_clock, make_case):
    case = make_case()
    upload = SimpleUploadedFile("don-cua-nguyen-van-gui.pdf", PDF_BYTES, content_type="application/pdf")
    attachment = attachment_store(upload=upload, target=case, unit=case.unit, actor=cast.intake)
    event = AuditEvent.objects.get(action="file.upload", target_id=str(attachment.pk))
    assert "nguyen-van-gui" not in event.canonical
    assert attachment.original_name == "don-cua-nguyen-van-gui.pdf"
