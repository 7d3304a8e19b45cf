"""Evidence uploaded on inspection steps is stored by the files app and readable only by those who see the inspection."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.files.selectors import attachments_for
from casework.inspections import services
from casework.org.models import Role
from tests.builders import open_ad_hoc, raise_flag
from tests.factories import UserFactory


def _pdf(name="so-sach.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", "application/pdf")


def test_subject_uploads_documents_on_acknowledging(client, cast, frozen_clock, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    services.inspection_notify(inspection=inspection, text="Nộp sổ sách", actor=cast.inspector)
    client.force_login(cast.subject_rep)
    response = client.post(
        reverse("inspections:inspection_act", args=[inspection.pk, "acknowledge"]),
        {"confirm": "on", "files": [_pdf()]},
    )
    assert response.status_code == 302
    attachment = attachments_for(target=inspection).get()
    url = reverse("files:download", args=[attachment.pk])
    client.force_login(cast.inspector2)
    assert client.get(url).status_code == 200
    # A case officer sees the hospital's unit but not the inspection: no download.
    client.force_login(cast.officer)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(username="e_insp", roles=[(Role.INSPECTOR, cast.other_sector)]))
    assert client.get(url).status_code == 404


def test_flag_raised_with_evidence_files(client, cast, frozen_clock):
    client.force_login(cast.inspector)
    response = client.post(
        reverse("inspections:flag_raise"),
        {
            "unit": cast.hospital.pk,
            "category": "finance_books",
            "subject_area": "tai_chinh_cong_doan",
            "severity": "high",
            "source": "manual",
            "evidence": "Sổ quỹ bị tẩy xóa",
            "files": [_pdf("so-quy.pdf")],
        },
    )
    assert response.status_code == 302
    from casework.inspections.models import Flag

    flag = Flag.objects.get()
    attachment = attachments_for(target=flag).get()
    page = client.get(response["Location"]).content.decode()
    assert "so-quy.pdf" in page
    client.force_login(cast.subject_rep)  # the subject unit does not read the evidence against it
    assert client.get(reverse("files:download", args=[attachment.pk])).status_code == 404


def test_flag_raise_refuses_an_empty_file_and_keeps_nothing(client, cast, frozen_clock):
    from casework.inspections.models import Flag

    client.force_login(cast.inspector)
    response = client.post(
        reverse("inspections:flag_raise"),
        {
            "unit": cast.hospital.pk,
            "category": "finance_books",
            "subject_area": "tai_chinh_cong_doan",
            "severity": "high",
            "source": "manual",
            "evidence": "x",
            "files": [SimpleUploadedFile("rong.pdf", b"", "application/pdf")],
        },
    )
    assert response.status_code == 200
    assert not Flag.objects.exists()
