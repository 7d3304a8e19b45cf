"""A file of anything belonging to a case (the case itself, a measure of its conclusion, a report on
that measure) leaves its name out of the append-only trail: the name may name a person, and the
trail keeps a case's personal data only under its key (Luật Tố cáo 2018 Đ.47 khoản 1; Luật Bảo vệ dữ
liệu cá nhân 2025 Đ.14 khoản 3). The event names the case, so a citizen's address is sealed like the case's."""

from __future__ import annotations

import pytest

from casework.audit.models import AuditEvent
from casework.audit.sealing import case_of_target
from casework.files.models import Attachment
from casework.files.services import attachment_store
from casework.inspections import services
from casework.inspections.models import FollowupReport
from core import clock
from tests import builders
from tests.files.conftest import PDF_BYTES, upload

pytestmark = pytest.mark.django_db

NAMED = "bien_lai_Nguyen_Van_Gui.pdf"


@pytest.fixture
def measure(cast, frozen_clock):
    return builders.conclusion_measure(cast, builders.handled_denunciation(cast))


def _upload_event(attachment: Attachment) -> AuditEvent:
    return AuditEvent.objects.get(action="file.upload", target_type="files.attachment", target_id=str(attachment.pk))


def test_a_report_on_a_cases_measure_keeps_its_file_name_out_of_the_trail(cast, measure, _private_media):
    report = services.followup_report(
        recommendation=measure, text="Đã thu hồi", actor=cast.subject_rep, uploads=[upload(NAMED, PDF_BYTES)]
    )
    attachment = Attachment.objects.get(target_type="inspections.followupreport", target_id=str(report.pk))
    assert attachment.original_name == NAMED  # the row keeps it, erased with the case's files
    event = _upload_event(attachment)
    assert event.after["name"] == ""
    assert "Nguyen_Van_Gui" not in event.canonical
    assert not AuditEvent.objects.filter(canonical__contains="Nguyen_Van_Gui").exists()


def test_an_inspections_file_keeps_its_name(cast, _private_media):
    inspection = builders.open_ad_hoc(cast, [builders.raise_flag(cast)])
    attachment = attachment_store(
        upload=upload("so_quy_2025.pdf", PDF_BYTES), target=inspection, unit=cast.hospital, actor=cast.inspector
    )
    assert _upload_event(attachment).after["name"] == "so_quy_2025.pdf"


def test_the_owning_case_of_each_kind_of_target(cast, measure):
    case_id = measure.case_id
    report = FollowupReport.objects.create(recommendation=measure, text="x", reported_at=clock.now())
    assert case_of_target("cases.case", str(case_id)) == case_id
    assert case_of_target("inspections.recommendation", str(measure.pk)) == case_id
    assert case_of_target("inspections.followupreport", str(report.pk)) == case_id
    assert case_of_target("inspections.inspection", "1") is None
    assert case_of_target("org.unit", str(cast.hospital.pk)) is None
    # Hostile or stale ids answer "no case", never an error.
    for bad in ("", "abc", "-1", "999999"):
        assert case_of_target("inspections.followupreport", bad) is None
    assert case_of_target("cases.case", "abc") is None
