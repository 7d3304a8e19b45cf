"""One retention pass: destroy the personal data of closed cases, reception visits and data subjects' requests past
their period (not held)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casework.privacy.services import retention_run

WORDS = {"destroyed": "destroyed", "would_destroy": "would destroy", "held": "held (legal hold), kept"}


class Command(BaseCommand):
    help = (
        "Destroy (or with --dry-run list) the personal data of closed cases, reception visitors and data subjects' "
        "requesters past their retention period."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--now", help="ISO date-time to run as (default: the clock)")
        parser.add_argument("--dry-run", action="store_true", help="list what would be destroyed, change nothing")

    def handle(self, *args, **options) -> None:
        now = None
        if options["now"]:
            try:
                now = dt.datetime.fromisoformat(options["now"])
            except ValueError as exc:
                raise CommandError(f"--now: not an ISO date-time: {options['now']!r}") from exc
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        outcomes = retention_run(now=now, dry_run=options["dry_run"])
        for o in outcomes:
            e = o.expiry
            self.stdout.write(
                f"{WORDS[o.outcome]}: {e.reference} ({e.kind}, {'received' if e.entry else 'closed'} "
                f"{e.starts_on:%d/%m/%Y}, "
                f"period {e.policy.years} years ended {e.expires_on:%d/%m/%Y}; {e.policy.source})"
            )
        done = sum(o.outcome in ("destroyed", "would_destroy") for o in outcomes)
        held = sum(o.outcome == "held" for o in outcomes)
        verb = "would destroy" if options["dry_run"] else "destroyed"
        self.stdout.write(f"retention_run: {verb} {done} case(s), visit(s) or request(s), {held} held")
