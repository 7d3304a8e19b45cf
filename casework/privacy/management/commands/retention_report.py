"""The monthly report: closed cases whose retention period ends next month."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from casework.privacy.selectors import retention_expiring_next_month
from core import clock


class Command(BaseCommand):
    help = "List the cases whose personal data expires during the month after --today (default: the clock)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--today", help="ISO date (default: today)")

    def handle(self, *args, **options) -> None:
        try:
            today = dt.date.fromisoformat(options["today"]) if options["today"] else clock.today()
        except ValueError as exc:
            raise CommandError(f"--today: not an ISO date: {options['today']!r}") from exc
        rows = retention_expiring_next_month(today=today)
        for e in rows:
            hold = " [legal hold]" if e.held else ""
            self.stdout.write(f"{e.expires_on:%d/%m/%Y} {e.reference} ({e.kind}){hold}; {e.policy.source}")
        self.stdout.write(f"retention_report: {len(rows)} case(s) or visit(s) expire next month")
