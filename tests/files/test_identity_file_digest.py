"""An identity-bearing file's SHA-256 stays out of what readers see (Luật Tố cáo 2018 Đ.47 khoản 1):
whoever holds a guessed file (a letter they suspect a colleague wrote) could confirm by its digest
that it was the one handed in. The admin neither shows nor searches it, the upload's audit event
leaves it out, the stored file's name does not carry it; the row keeps it for verification, and an
ordinary file's digest stays readable and searchable."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.audit.verification import audit_chain_verify
from casework.cases.models import Kind
from casework.files.models import Attachment
from casework.org.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SCAN = b"%PDF-1.4\nTo cao cua Nguyen Van Gui, 0912345678\n%%EOF"
ORDINARY = b"%PDF-1.4\nBien ban lam viec\n%%EOF"
SCAN_DIGEST = hashlib.sha256(SCAN).hexdigest()
ORDINARY_DIGEST = hashlib.sha256(ORDINARY).hexdigest()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def files(cast, make_case):
    denunciation = make_case(kind=Kind.DENUNCIATION, attachments=[SimpleUploadedFile("don.pdf", SCAN)])
    complaint = make_case(kind=Kind.COMPLAINT, attachments=[SimpleUploadedFile("bien-ban.pdf", ORDINARY)])
    scan = Attachment.objects.get(target_type="cases.case", target_id=str(denunciation.pk))
    ordinary = Attachment.objects.get(target_type="cases.case", target_id=str(complaint.pk))
    assert scan.identifying and not ordinary.identifying
    return scan, ordinary


def _administrator(username: str, unit) -> object:
    user = UserFactory(username=username, roles=[(Role.ADMIN, unit)], is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return user


def _search(client, term: str) -> set[int]:
    response = client.get(reverse("admin:files_attachment_changelist"), {"q": term})
    assert response.status_code == 200
    return {a.pk for a in response.context["cl"].result_list}


def test_no_administrator_reads_or_searches_an_identity_files_digest(client, cast, files):
    scan, ordinary = files
    administrators = [
        cast.admin,  # every unit
        _administrator("admin_sector", cast.sector),  # the file's own unit
        _administrator("admin_other", cast.other_sector),  # another unit
    ]
    for administrator in administrators:
        client.force_login(administrator)
        assert _search(client, SCAN_DIGEST) == set()
        assert _search(client, SCAN_DIGEST.upper()) == set()
        listing = client.get(reverse("admin:files_attachment_changelist")).content.decode()
        assert SCAN_DIGEST not in listing
        page = client.get(reverse("admin:files_attachment_change", args=[scan.pk]))
        assert SCAN_DIGEST not in page.content.decode()
    # An ordinary file's digest is still shown and found by whoever sees the file.
    client.force_login(cast.admin)
    assert _search(client, ORDINARY_DIGEST) == {ordinary.pk}
    assert ORDINARY_DIGEST in client.get(reverse("admin:files_attachment_change", args=[ordinary.pk])).content.decode()
    client.force_login(administrators[2])
    assert _search(client, ORDINARY_DIGEST) == set()  # not of their unit


def test_the_upload_event_and_the_stored_name_leave_it_out_the_row_keeps_it(files):
    scan, ordinary = files
    assert (scan.sha256, ordinary.sha256) == (SCAN_DIGEST, ORDINARY_DIGEST)
    sealed = AuditEvent.objects.get(action="file.upload", target_id=str(scan.pk))
    plain = AuditEvent.objects.get(action="file.upload", target_id=str(ordinary.pk))
    assert "sha256" not in sealed.after and sealed.after["identifying"] is True
    assert SCAN_DIGEST not in sealed.canonical and SCAN_DIGEST not in str(sealed.after)
    assert plain.after["sha256"] == ORDINARY_DIGEST
    assert SCAN_DIGEST not in scan.file.name and ORDINARY_DIGEST in ordinary.file.name
    assert not AuditEvent.objects.filter(canonical__contains=SCAN_DIGEST).exists()
    assert audit_chain_verify().ok
