import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from casework.org.models import Unit
from workflows.calendar import due_date
from workflows.models import DayUnit


class Command(BaseCommand):
    help = "Tính hạn: ngày bắt đầu + N ngày (làm việc hoặc lịch), ngày xảy ra sự kiện không tính."

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--days", required=True, type=int)
        parser.add_argument("--unit", required=True, choices=[DayUnit.WORKING, DayUnit.CALENDAR])
        parser.add_argument("--unit-code", help="mã đơn vị (để kiểm tra đơn vị tồn tại)")

    def handle(self, *args, **opts):
        try:
            start = dt.date.fromisoformat(opts["start"])
        except ValueError as exc:
            raise CommandError(f"--start: ngày không hợp lệ {opts['start']!r}, cần YYYY-MM-DD") from exc
        if opts["days"] < 0:
            raise CommandError("--days: số ngày không được âm")
        if opts.get("unit_code") and not Unit.objects.filter(code=opts["unit_code"]).exists():
            raise CommandError(f"--unit-code: không có đơn vị mã {opts['unit_code']}")
        result = due_date(start, opts["days"], opts["unit"])
        self.stdout.write(result.isoformat())
