"""Run one pass of the deadline sweep by hand: `manage.py sweep_deadlines [--now ISO-TIME]`."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from workflows.sweep import sweep_run


class Command(BaseCommand):
    help = "Một lượt quét thời hạn: nhắc hạn, đánh dấu quá hạn, chuyển lãnh đạo, chuyển lên cấp trên."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Thời điểm quét (ISO 8601, ví dụ 2026-03-09T08:05); mặc định: bây giờ")

    def handle(self, *args, **options):
        now = None
        if options["now"]:
            try:
                now = dt.datetime.fromisoformat(options["now"])
            except ValueError as exc:
                raise CommandError(f"--now: không đọc được thời điểm {options['now']!r} (dùng ISO 8601)") from exc
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        result = sweep_run(now=now)
        for line in result.lines:
            self.stdout.write(line)
        self.stdout.write(str(result))
