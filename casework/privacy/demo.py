"""Demo data for the register of data subjects' requests: one just received, one acknowledged, one carried out at
the provincial federation, and one the sector union's data protection officer (`baove`) received (idempotent)."""

from __future__ import annotations

import datetime as dt

from casework.org.models import Unit, User
from casework.privacy.models import SubjectAccessRequest
from casework.privacy.subject_requests import (
    subject_request_acknowledge,
    subject_request_answer,
    subject_request_record,
)
from core import clock

PROVINCE_CODE = "LDLD-TB"
SECTOR_CODE = "CDN-YT-TB"


def load_demo_subject_requests() -> dict[str, int]:
    unit = Unit.objects.filter(code=PROVINCE_CODE).first()
    admin = User.objects.filter(username="quantri").first()
    if unit is None or admin is None or SubjectAccessRequest.objects.filter(unit=unit).exists():
        return {"subject_requests": 0}
    today = clock.today()
    received = subject_request_record(
        actor=admin,
        unit=unit,
        received_on=today,
        channel="electronic",
        right="access",
        full_name="Lê Thị Hoa",
        email="lethihoa@example.vn",
        content="Đề nghị cho biết Công đoàn đang lưu những thông tin nào về tôi.",
    )
    acknowledged = subject_request_record(
        actor=admin,
        unit=unit,
        received_on=today - dt.timedelta(days=3),
        channel="post",
        right="correct",
        full_name="Nguyễn Văn Bình",
        phone="0912 345 678",
        content="Đề nghị sửa địa chỉ liên hệ trong đơn đã gửi.",
    )
    subject_request_acknowledge(actor=admin, request=acknowledged)
    answered = subject_request_record(
        actor=admin,
        unit=unit,
        received_on=today - dt.timedelta(days=12),
        channel="in_person",
        right="access",
        full_name="Trần Minh Châu",
        phone="0987 654 321",
        content="Đề nghị cung cấp bản sao dữ liệu về tôi.",
    )
    subject_request_acknowledge(actor=admin, request=answered)
    subject_request_answer(actor=admin, request=answered, outcome="fulfilled", text="Đã gửi bản sao dữ liệu.")
    recorded = [received, acknowledged, answered]
    sector = Unit.objects.filter(code=SECTOR_CODE).first()
    officer = User.objects.filter(username="baove").first()
    if sector is not None and officer is not None:
        recorded.append(
            subject_request_record(
                actor=officer,
                unit=sector,
                received_on=today - dt.timedelta(days=1),
                channel="electronic",
                right="delete",
                full_name="Vũ Thị Lan",
                email="vuthilan@example.vn",
                content="Đề nghị xóa số điện thoại của tôi trong danh sách liên hệ.",
                third_party=True,
            )
        )
    return {"subject_requests": len(recorded)}
