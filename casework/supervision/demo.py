"""Demo supervisions, one in each state: planned (from the annual plan's supervision item), in progress,
reported with a sign of violation (which raised a flag, now on its clock to open an inspection), and
closed. Built through the services with the clock set back.

Idempotent: any supervision by the health-sector union is the marker.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from casework.inspections.models import PlanItem
from casework.org.models import Unit, User
from casework.supervision import services as svc
from casework.supervision.models import Supervision
from core import clock

SECTOR = "CDN-YT-TB"


def _u(username: str) -> User:
    return User.objects.get(username=username)


def _unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def _create(code: str, kind: str, topics: list[str], days: int, title: str) -> Supervision:
    today = clock.today()
    return svc.supervision_create(
        unit=_unit(SECTOR),
        subject_unit=_unit(code),
        kind=kind,
        title=title,
        topics=topics,
        starts_on=today,
        ends_on=today + dt.timedelta(days=days),
        lead=_u("kiemtra2"),
        members=[_u("kiemtra3")],
        actor=_u("kiemtra1"),
    )


@transaction.atomic
def load_demo_supervisions() -> dict[str, int]:
    if not Unit.objects.filter(code=SECTOR).exists() or not User.objects.filter(username="kiemtra2").exists():
        return {"skipped": 1}
    if Supervision.objects.filter(unit__code=SECTOR).exists():
        return {"supervisions": 0}
    start = clock.now()
    kiemtra, chair = _u("kiemtra2"), _u("chunhiem")
    with clock.frozen(start - dt.timedelta(days=40)):
        closed = _create(
            "CDCS-BVDK", "regular", ["charter", "resolutions"], 20, "Giám sát thường xuyên việc chấp hành Điều lệ"
        )
        svc.supervision_start(supervision=closed, actor=kiemtra)
    with clock.frozen(start - dt.timedelta(days=20)):
        svc.supervision_report(
            supervision=closed,
            actor=kiemtra,
            findings="Ban chấp hành họp định kỳ hằng quý, có nghị quyết và biên bản đầy đủ.",
            assessment="good",
            recommendations="Tiếp tục công khai nghị quyết tới đoàn viên.",
        )
        svc.supervision_close(supervision=closed, actor=chair)
    with clock.frozen(start - dt.timedelta(days=10)):
        flagged = _create(
            "CDCS-TTYT-HH",
            "thematic",
            ["finance_spending", "finance_books"],
            7,
            "Giám sát chuyên đề quản lý, sử dụng kinh phí công đoàn",
        )
        svc.supervision_start(supervision=flagged, actor=kiemtra)
    with clock.frozen(start - dt.timedelta(days=3)):
        svc.supervision_report(
            supervision=flagged,
            actor=kiemtra,
            findings="Sổ quỹ tiền mặt chưa khớp với chứng từ chi quý III; thiếu chứng từ của hai khoản chi hỗ trợ.",
            assessment="shortcomings",
            recommendations="Đề nghị Ủy ban kiểm tra tiến hành kiểm tra việc chi kinh phí quý III.",
            signs=[
                {
                    "category": "finance_spending",
                    "subject_area": "tai_chinh_cong_doan",
                    "severity": "high",
                    "evidence": "Hai khoản chi hỗ trợ 6.000.000 đồng không có chứng từ, phát hiện qua giám sát",
                }
            ],
        )
        running = _create(
            "CDCS-BVNHI", "thematic", ["finance_dues"], 30, "Giám sát chuyên đề thu, nộp đoàn phí công đoàn"
        )
        svc.supervision_start(supervision=running, actor=kiemtra)
    item = (
        PlanItem.objects.filter(kind=PlanItem.Kind.SUPERVISION, plan__unit__code=SECTOR, plan__status="active")
        .order_by("pk")
        .first()
    )
    if item is not None:
        svc.supervision_create(unit=item.plan.unit, kind="thematic", plan_item=item, actor=_u("kiemtra1"))
    return {"supervisions": Supervision.objects.count()}
