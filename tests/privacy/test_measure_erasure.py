"""At the end of a denunciation's retention period, the measures of its conclusion and the reports on
them go like the case's own texts: erased from their rows, their files and their notices, while their
status, units and dates stay for the figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.cases.models import Kind
from casework.cases.services import (
    case_close,
    case_conclusion_measure_add,
    case_handle_conclusion,
    case_notify_result,
)
from casework.files.models import Attachment
from casework.inspections import services
from casework.inspections.models import FollowupReport, Recommendation
from casework.privacy.services import ERASED, ERASED_FILE, retention_policy_set, retention_run
from core import clock
from notifications.models import Notification
from tests import builders

pytestmark = pytest.mark.django_db

WITNESS = "Lê Thị Chứng"  # someone the measure and the reports name


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "chung-tu.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", "application/pdf"
    )


def test_the_measures_and_their_reports_go_with_the_case_texts(cast, frozen_clock):
    retention_policy_set(actor=cast.admin, kind=Kind.DENUNCIATION, years=5, source="Quy định lưu trữ (thử nghiệm)")
    case = builders.decided(cast, kind=Kind.DENUNCIATION, subject_unit=cast.hospital, title="Tố cáo chi sai quỹ")
    case = case_handle_conclusion(case=case, actor=cast.leader, note="Kiến nghị xử lý theo thẩm quyền")
    case_conclusion_measure_add(
        case=case,
        actor=cast.leader,
        text=f"Hoàn trả cho bà {WITNESS} khoản đã thu sai",
        owner_unit=cast.hospital,
        due_on=builders.later(30),
        monitor=cast.inspector,
    )
    rec = Recommendation.objects.get(case=case)
    services.followup_report(
        recommendation=rec, text=f"Đã hoàn trả bà {WITNESS} một phần", actor=cast.subject_rep, uploads=[_pdf()]
    )
    services.recommendation_verify(
        recommendation=rec, verdict="returned", reason=f"Chưa có biên nhận của bà {WITNESS}", actor=cast.inspector
    )
    services.followup_report(
        recommendation=rec, text=f"Đã hoàn trả đủ, có biên nhận của {WITNESS}", actor=cast.subject_rep
    )
    case = case_notify_result(case=case, actor=cast.officer)
    case = builders.published(case, cast.officer)  # Luật Tố cáo 2018 Đ.40: made public before closing
    case = case_close(case=case, actor=cast.officer)
    assert Notification.objects.filter(key__startswith=f"recommendation:{rec.pk}:", body__contains=WITNESS).exists()
    files = Attachment.objects.filter(target_type="inspections.followupreport")
    assert files.exclude(file="").count() == 1

    outcomes = retention_run(now=clock.now() + dt.timedelta(days=5 * 365 + 30))
    assert [o.outcome for o in outcomes] == ["destroyed"]

    rec.refresh_from_db()
    assert rec.text == ERASED
    # What stays: the measure's state and who must act, by when (the quarterly figures count them).
    assert (rec.status, rec.owner_unit, rec.times_returned) == (Recommendation.Status.REPORTED, cast.hospital, 1)
    reports = FollowupReport.objects.filter(recommendation=rec).order_by("pk")
    assert [r.text for r in reports] == [ERASED, ERASED]
    assert [(r.verdict, r.verdict_reason) for r in reports] == [("returned", ERASED), ("", "")]
    assert not FollowupReport.objects.filter(text__contains=WITNESS).exists()
    assert not FollowupReport.objects.filter(verdict_reason__contains=WITNESS).exists()
    assert list(files.values_list("file", "original_name")) == [("", ERASED_FILE)]
    assert not Notification.objects.filter(body__contains=WITNESS).exists()
