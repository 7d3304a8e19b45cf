"""Fixtures for inspection tests: a flag raised in the hospital and helpers that walk an inspection forward."""

from __future__ import annotations

import datetime as dt

import pytest

from casework import clock
from casework.inspections import services
from casework.inspections.models import Inspection


def raise_flag(cast, *, unit=None, category="finance_spending", actor=None):
    return services.flag_raise(
        unit=unit or cast.hospital,
        category=category,
        severity="high",
        evidence="Chi hỗ trợ không có chứng từ 12.500.000 đồng",
        source="manual",
        actor=actor or cast.inspector,
    )


def open_ad_hoc(cast, flags, *, number="05/QĐ-UBKT"):
    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=flags
    )
    services.inspection_team_set(
        inspection=inspection,
        members=[cast.inspector2, cast.inspector3],
        lead=cast.inspector,
        actor=cast.inspector,
    )
    return services.inspection_decide(inspection=inspection, number=number, actor=cast.chair)


def walk_to_reporting(cast, inspection: Inspection) -> Inspection:
    inspection = services.inspection_notify(
        inspection=inspection, text="Đề nghị chuẩn bị sổ sách, chứng từ năm 2025", actor=cast.inspector
    )
    inspection = services.inspection_acknowledge(inspection=inspection, actor=cast.subject_rep)
    for item in inspection.checklist.all():
        services.checklist_mark(item=item, actor=cast.inspector2, note="Đã đối chiếu")
    services.finding_add(
        inspection=inspection,
        topic=inspection.topics[0],
        description="Chi sai mục đích",
        evidence="Phiếu chi số 12",
        amount="12.500.000",
        actor=cast.inspector,
    )
    return services.inspection_report_draft(inspection=inspection, text="Dự thảo báo cáo", actor=cast.inspector)


def conclude(cast, inspection: Inspection) -> Inspection:
    inspection = walk_to_reporting(cast, inspection)
    inspection = services.inspection_explain(inspection=inspection, text="Đơn vị giải trình", actor=cast.subject_rep)
    return services.inspection_conclude(
        inspection=inspection, outcome="partly", text="Vi phạm một phần", actor=cast.chair
    )


@pytest.fixture
def flag(cast, frozen_clock):
    return raise_flag(cast)


def later(days: int) -> dt.date:
    return clock.today() + dt.timedelta(days=days)


def recommend(cast, inspection: Inspection, *, due_in: int = 30):
    """The recommendation the path tests follow: the hospital recovers the misspent money."""
    return services.recommendation_add(
        inspection=inspection,
        text="Thu hồi khoản chi sai",
        owner_unit=cast.hospital,
        due_on=later(due_in),
        actor=cast.inspector,
    )
