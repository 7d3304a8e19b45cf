"""Demo supervisions, one in each state: planned (from the annual plan's supervision item), in progress,
reported with a sign of violation (which raised a flag, now on its clock to open an inspection), and
closed. Built through the services with the clock set back.

Idempotent: any supervision by the health-sector union is the marker.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from casework.inspections.models import PlanItem
from casework.org.models import Unit, User
from casework.supervision import services as svc
from casework.supervision.models import Supervision
from core import clock
from core.timeline import Chapter, Story, timeline_tell

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


def load_demo_supervisions() -> dict[str, int]:
    """The supervisions' stories told on their own timeline (`load_demo` tells them with the other loaders')."""
    return timeline_tell(demo_supervisions_chapter())[0]


def demo_supervisions_chapter() -> Chapter:
    """Each demo supervision's story (core.timeline)."""
    if not Unit.objects.filter(code=SECTOR).exists() or not User.objects.filter(username="kiemtra2").exists():
        return Chapter(stories=[], result=lambda: {"skipped": 1})
    if Supervision.objects.filter(unit__code=SECTOR).exists():
        return Chapter(stories=[], result=lambda: {"supervisions": 0})
    start, today = clock.now(), clock.today()

    def at(days: int) -> dt.datetime:
        """`days` days ago in office hours (9:00), not at the hour the demo is loaded."""
        return timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), dt.time(9, 0)))

    def closed() -> Story:
        yield at(40)
        kiemtra = _u("kiemtra2")
        supervision = _create(
            "CDCS-BVDK", "regular", ["charter", "resolutions"], 20, "Giám sát thường xuyên việc chấp hành Điều lệ"
        )
        svc.supervision_start(supervision=supervision, actor=kiemtra)
        yield at(20)
        svc.supervision_report(
            supervision=supervision,
            actor=kiemtra,
            findings="Ban chấp hành họp định kỳ hằng quý, có nghị quyết và biên bản đầy đủ.",
            assessment="good",
            recommendations="Tiếp tục công khai nghị quyết tới đoàn viên.",
        )
        svc.supervision_close(supervision=supervision, actor=_u("chunhiem"))

    def flagged() -> Story:
        yield at(10)
        kiemtra = _u("kiemtra2")
        supervision = _create(
            "CDCS-TTYT-HH",
            "thematic",
            ["finance_spending", "finance_books"],
            7,
            "Giám sát chuyên đề quản lý, sử dụng kinh phí công đoàn",
        )
        svc.supervision_start(supervision=supervision, actor=kiemtra)
        yield at(3)
        svc.supervision_report(
            supervision=supervision,
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

    def running() -> Story:
        yield at(3)
        supervision = _create(
            "CDCS-BVNHI", "thematic", ["finance_dues"], 30, "Giám sát chuyên đề thu, nộp đoàn phí công đoàn"
        )
        svc.supervision_start(supervision=supervision, actor=_u("kiemtra2"))

    def planned() -> Story:
        """The annual plan's supervision item (casework.inspections.demo), taken up today."""
        yield start
        item = (
            PlanItem.objects.filter(kind=PlanItem.Kind.SUPERVISION, plan__unit__code=SECTOR, plan__status="active")
            .order_by("pk")
            .first()
        )
        if item is not None:
            svc.supervision_create(unit=item.plan.unit, kind="thematic", plan_item=item, actor=_u("kiemtra1"))

    return Chapter(
        stories=[closed(), flagged(), running(), planned()],
        result=lambda: {"supervisions": Supervision.objects.count()},
    )
