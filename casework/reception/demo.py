"""Demo data for citizen reception: last week's session with its book, and next week's, published (idempotent)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from casework.org.models import Unit, User
from casework.reception.models import ReceptionSession
from casework.reception.services import (
    reception_entry_case_open,
    reception_entry_record,
    reception_session_schedule,
)
from core import clock
from core.timeline import Chapter, Story
from workflows.calendar import WorkingCalendar

SECTOR_CODE = "CDN-YT-TB"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def demo_reception_chapter() -> Chapter:
    """Last week's session, scheduled a week ahead, its book kept on the day and a complaint opened from it after
    the session; next week's, scheduled today (core.timeline)."""
    unit = Unit.objects.filter(code=SECTOR_CODE).first()
    users = {u.username: u for u in User.objects.filter(username__in=["chunhiem", "btv", "tiepnhan"])}
    if unit is None or len(users) < 3 or ReceptionSession.objects.filter(unit=unit).exists():
        return Chapter(stories=[], result=lambda: {"sessions": 0})
    today = clock.today()
    calendar = WorkingCalendar.load()
    # The sessions fall on working days (a day off needs the scheduler's confirmation).
    last_week = today - dt.timedelta(days=7)
    while not calendar.is_working_day(last_week):
        last_week -= dt.timedelta(days=1)

    def last_weeks() -> Story:
        yield _at(last_week - dt.timedelta(days=7), 9)
        past = reception_session_schedule(
            actor=users["chunhiem"],
            unit=unit,
            starts_at=_at(last_week, 8),
            ends_at=_at(last_week, 11),
            place="Phòng tiếp công dân, tầng 1, trụ sở Công đoàn ngành Y tế",
            receivers=[users["btv"], users["chunhiem"]],
        )
        yield _at(last_week, 9)
        reception_entry_record(
            session=past,
            actor=users["btv"],
            received_at=clock.now(),
            full_name="Hoàng Văn Hải",
            address="Xã Vũ Hội, huyện Vũ Thư",
            id_number="034085004321",
            content="Hỏi về chế độ trợ cấp ốm đau của đoàn viên hợp đồng.",
            classification="petition",
            handling_route="answered",
            follow_up="Đã giải thích theo Luật Bảo hiểm xã hội.",
        )
        yield _at(last_week, 10)
        complaint = reception_entry_record(
            session=past,
            actor=users["btv"],
            received_at=clock.now(),
            full_name="Đoàn Thị Mai",
            address="Phường Kỳ Bá, TP Thái Bình",
            people_count=3,
            content="Khiếu nại việc CĐCS không chi hỗ trợ đoàn viên bị tai nạn lao động.",
            classification="complaint",
            handling_route="guided",
        )
        yield _at(last_week, 11)
        reception_entry_case_open(
            entry=complaint, actor=users["tiepnhan"], title="Khiếu nại không chi hỗ trợ tai nạn lao động"
        )

    def next_weeks() -> Story:
        yield clock.now()
        next_week = calendar.next_working_day(today + dt.timedelta(days=7))
        reception_session_schedule(
            actor=users["chunhiem"],
            unit=unit,
            starts_at=_at(next_week, 8),
            ends_at=_at(next_week, 11),
            place="Phòng tiếp công dân, tầng 1, trụ sở Công đoàn ngành Y tế",
            receivers=[users["btv"]],
        )

    return Chapter(stories=[last_weeks(), next_weeks()], result=lambda: {"sessions": 2})
